package io.zikos.core.toolcall;

import io.zikos.api.StreamingChatListener;
import io.zikos.api.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Splits a Qwen-style reply into visible text, {@code <think>} reasoning and {@code <tool_call>} blocks while it is
 * being generated. Feed text deltas with {@link #accept}; visible text and reasoning go to the listener as soon as
 * they cannot be the start of a tag, each tool call once its block closes. {@link #finish()} flushes what is left
 * (an unterminated call block is still parsed: models often stop right before {@code </tool_call>}).
 *
 * <p>Not thread-safe: one parser per generation.
 */
public final class StreamingReplyParser {

    static final String THINK_OPEN = "<think>";
    static final String THINK_CLOSE = "</think>";
    static final String CALL_OPEN = "<tool_call>";
    static final String CALL_CLOSE = "</tool_call>";

    private enum Mode { TEXT, THINK, CALL }

    private final StreamingChatListener listener;
    private final Supplier<String> callIds;
    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder callBody = new StringBuilder();
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder thinking = new StringBuilder();
    private final List<ToolCall> calls = new ArrayList<>();
    private final List<MalformedToolCall> malformed = new ArrayList<>();
    private Mode mode;
    private boolean atTextStart = true;
    private boolean atThinkingStart = true;
    private boolean finished;

    /**
     * @param listener        receives deltas and completed calls
     * @param startInThinking whether the prompt already opened a {@code <think>} block
     */
    public StreamingReplyParser(StreamingChatListener listener, boolean startInThinking) {
        this(listener, startInThinking, () -> "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    public StreamingReplyParser(StreamingChatListener listener, boolean startInThinking, Supplier<String> callIds) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.callIds = Objects.requireNonNull(callIds, "callIds");
        this.mode = startInThinking ? Mode.THINK : Mode.TEXT;
    }

    /** Parses a complete reply without streaming. */
    public static ParsedReply parse(String reply) {
        StreamingReplyParser parser = new StreamingReplyParser(StreamingChatListener.NONE, false);
        parser.accept(reply);
        return parser.finish();
    }

    /** Feeds the next piece of generated text. */
    public void accept(String delta) {
        if (finished) {
            throw new IllegalStateException("finish() was already called");
        }
        pending.append(delta);
        drain(false);
    }

    /** Flushes everything and returns the parsed reply. */
    public ParsedReply finish() {
        if (!finished) {
            drain(true);
            if (mode == Mode.CALL) {
                closeCall();
            }
            finished = true;
        }
        return new ParsedReply(text.toString().strip(), thinking.toString().strip(), calls, malformed);
    }

    /** Whether a tool call block has been opened so far (complete or not). */
    public boolean sawToolCall() {
        return !calls.isEmpty() || !malformed.isEmpty() || mode == Mode.CALL;
    }

    private void drain(boolean atEnd) {
        boolean progressed = true;
        while (progressed && pending.length() > 0) {
            progressed = switch (mode) {
                case TEXT -> drainText(atEnd);
                case THINK -> drainThink(atEnd);
                case CALL -> drainCall(atEnd);
            };
        }
    }

    private boolean drainText(boolean atEnd) {
        int think = pending.indexOf(THINK_OPEN);
        int call = pending.indexOf(CALL_OPEN);
        int tag = minPositive(think, call);
        if (tag >= 0) {
            emitText(pending.substring(0, tag));
            boolean isCall = tag == call;
            pending.delete(0, tag + (isCall ? CALL_OPEN : THINK_OPEN).length());
            mode = isCall ? Mode.CALL : Mode.THINK;
            if (isCall) {
                callBody.setLength(0);
            } else {
                atThinkingStart = true;
            }
            return true;
        }
        int keep = atEnd ? 0 : partialTagSuffix(pending, THINK_OPEN, CALL_OPEN);
        emitText(pending.substring(0, pending.length() - keep));
        pending.delete(0, pending.length() - keep);
        return false;
    }

    private boolean drainThink(boolean atEnd) {
        int close = pending.indexOf(THINK_CLOSE);
        if (close >= 0) {
            emitThinking(pending.substring(0, close));
            pending.delete(0, close + THINK_CLOSE.length());
            mode = Mode.TEXT;
            atTextStart = true;
            return true;
        }
        int keep = atEnd ? 0 : partialTagSuffix(pending, THINK_CLOSE);
        emitThinking(pending.substring(0, pending.length() - keep));
        pending.delete(0, pending.length() - keep);
        return false;
    }

    private boolean drainCall(boolean atEnd) {
        int close = pending.indexOf(CALL_CLOSE);
        int reopen = pending.indexOf(CALL_OPEN);
        if (reopen >= 0 && (close < 0 || reopen < close)) {
            // The model opened a new call without closing the previous one: the old block ends here.
            callBody.append(pending, 0, reopen);
            pending.delete(0, reopen + CALL_OPEN.length());
            closeCall();
            mode = Mode.CALL;
            callBody.setLength(0);
            return true;
        }
        if (close >= 0) {
            callBody.append(pending, 0, close);
            pending.delete(0, close + CALL_CLOSE.length());
            closeCall();
            mode = Mode.TEXT;
            atTextStart = true;
            return true;
        }
        int keep = atEnd ? 0 : partialTagSuffix(pending, CALL_CLOSE, CALL_OPEN);
        callBody.append(pending, 0, pending.length() - keep);
        pending.delete(0, pending.length() - keep);
        return false;
    }

    private void closeCall() {
        ToolCallJson.Result result = ToolCallJson.parse(callBody.toString(), callIds.get());
        callBody.setLength(0);
        if (result.call() != null) {
            calls.add(result.call());
            listener.onToolCall(result.call());
        } else {
            malformed.add(result.malformed());
        }
    }

    private void emitText(String s) {
        if (atTextStart) {
            s = s.stripLeading();
        }
        if (s.isEmpty()) {
            return;
        }
        atTextStart = false;
        text.append(s);
        listener.onTextDelta(s);
    }

    private void emitThinking(String s) {
        if (atThinkingStart) {
            s = s.stripLeading();
        }
        if (s.isEmpty()) {
            return;
        }
        atThinkingStart = false;
        thinking.append(s);
        listener.onThinkingDelta(s);
    }

    private static int minPositive(int a, int b) {
        if (a < 0) {
            return b;
        }
        return b < 0 ? a : Math.min(a, b);
    }

    /** Length of the longest suffix of {@code buffer} that is a proper prefix of one of the tags. */
    static int partialTagSuffix(CharSequence buffer, String... tags) {
        int best = 0;
        for (String tag : tags) {
            int max = Math.min(tag.length() - 1, buffer.length());
            for (int len = max; len > best; len--) {
                if (endsWithPrefix(buffer, tag, len)) {
                    best = len;
                    break;
                }
            }
        }
        return best;
    }

    private static boolean endsWithPrefix(CharSequence buffer, String tag, int len) {
        int start = buffer.length() - len;
        for (int i = 0; i < len; i++) {
            if (buffer.charAt(start + i) != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}

package io.zikos.core.testing;

import io.zikos.api.BackendCapabilities;
import io.zikos.api.Cancellation;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRequest;
import io.zikos.api.ChatResponse;
import io.zikos.api.FinishReason;
import io.zikos.api.LlmBackend;
import io.zikos.api.StreamingChatListener;
import io.zikos.api.TokenUsage;
import io.zikos.api.ToolSpecification;
import io.zikos.core.toolcall.ParsedReply;
import io.zikos.core.toolcall.StreamingReplyParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A backend that replies from a script instead of a model, for testing hosts and the conversation engine. Each
 * reply is raw model output (Qwen style: text, {@code <think>} blocks, {@code <tool_call>} blocks); it is streamed
 * in small chunks through the same {@link StreamingReplyParser} a real backend uses, so listeners see realistic
 * event order. Every request is recorded for assertions. Thread-safe.
 *
 * <pre>{@code
 * var backend = ScriptedBackend.of(
 *     "<tool_call>\n{\"name\": \"tempo\", \"arguments\": {\"recording_id\": \"...\"}}\n</tool_call>",
 *     "Your tempo drifted from 92 to 97 bpm.");
 * }</pre>
 */
public final class ScriptedBackend implements LlmBackend {

    /** One scripted reply: raw output and the finish reason to report. */
    public record Reply(String raw, FinishReason finishReason) {
        public Reply {
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(finishReason, "finishReason");
        }
    }

    private final Deque<Function<ChatRequest, Reply>> script = new ArrayDeque<>();
    private final List<ChatRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final BackendCapabilities capabilities;
    private final int chunkSize;
    private final AtomicInteger callIds = new AtomicInteger();
    private volatile boolean closed;

    public ScriptedBackend(BackendCapabilities capabilities, int chunkSize) {
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be >= 1");
        }
        this.chunkSize = chunkSize;
    }

    /** A tool-calling text backend with a 32k context replying {@code replies} in order. */
    public static ScriptedBackend of(String... replies) {
        ScriptedBackend b = new ScriptedBackend(
                new BackendCapabilities("scripted", "scripted", true, false, false, 32_768, 2_048), 3);
        for (String r : replies) {
            b.then(r);
        }
        return b;
    }

    /** Queues a reply that ends normally. */
    public synchronized ScriptedBackend then(String raw) {
        return then(new Reply(raw, FinishReason.STOP));
    }

    public synchronized ScriptedBackend then(Reply reply) {
        script.add(request -> reply);
        return this;
    }

    /** Queues a reply computed from the request (for example echoing a tool result). */
    public synchronized ScriptedBackend then(Function<ChatRequest, Reply> reply) {
        script.add(reply);
        return this;
    }

    /** The requests received so far, oldest first. */
    public List<ChatRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public synchronized int remainingReplies() {
        return script.size();
    }

    @Override
    public ChatResponse generate(ChatRequest request, StreamingChatListener listener, Cancellation cancellation) {
        if (closed) {
            throw new IllegalStateException("backend is closed");
        }
        requests.add(request);
        Function<ChatRequest, Reply> next;
        synchronized (this) {
            next = script.poll();
        }
        if (next == null) {
            IllegalStateException e = new IllegalStateException("the script has no reply left for request #"
                    + requests.size());
            listener.onError(e);
            throw e;
        }
        Reply reply = next.apply(request);
        StreamingReplyParser parser = new StreamingReplyParser(listener, false,
                () -> "call_" + callIds.incrementAndGet());
        FinishReason finish = reply.finishReason();
        String raw = reply.raw();
        for (int i = 0; i < raw.length(); i += chunkSize) {
            if (cancellation.isCancelled()) {
                finish = FinishReason.CANCELLED;
                break;
            }
            parser.accept(raw.substring(i, Math.min(raw.length(), i + chunkSize)));
        }
        ParsedReply parsed = parser.finish();
        if (!parsed.toolCalls().isEmpty() && finish == FinishReason.STOP) {
            finish = FinishReason.TOOL_CALLS;
        }
        // Malformed blocks stay in the text, as real backends leave them, so the engine can tell the model.
        String text = parsed.replyText();
        ChatResponse response = new ChatResponse(ChatMessage.assistant(text, parsed.toolCalls()), parsed.thinking(),
                finish, new TokenUsage(countTokens(request.messages(), request.tools()), countTokens(raw)));
        listener.onComplete(response);
        return response;
    }

    @Override
    public BackendCapabilities capabilities() {
        return capabilities;
    }

    /** Roughly four characters a token, plus a few per message for the template. */
    @Override
    public int countTokens(List<ChatMessage> messages, List<ToolSpecification> tools) {
        int n = 0;
        for (ChatMessage m : messages) {
            n += 4 + countTokens(m.text());
            if (m.toolResult() != null) {
                n += countTokens(m.toolResult().content().toString());
            }
            for (var c : m.toolCalls()) {
                n += countTokens(c.arguments().toString()) + 4;
            }
        }
        for (ToolSpecification t : tools) {
            n += countTokens(t.description() + t.parameters()) + 8;
        }
        return n;
    }

    @Override
    public int countTokens(String text) {
        return (text.length() + 3) / 4;
    }

    @Override
    public void close() {
        closed = true;
    }
}

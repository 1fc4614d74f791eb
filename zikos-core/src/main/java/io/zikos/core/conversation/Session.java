package io.zikos.core.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.AudioClip;
import io.zikos.api.AudioStore;
import io.zikos.api.AudioTool;
import io.zikos.api.BackendCapabilities;
import io.zikos.api.Cancellation;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRequest;
import io.zikos.api.ChatResponse;
import io.zikos.api.ChatRole;
import io.zikos.api.ContentPart;
import io.zikos.api.FinishReason;
import io.zikos.api.GenerationOptions;
import io.zikos.api.RecordingInfo;
import io.zikos.api.TokenUsage;
import io.zikos.api.ToolCall;
import io.zikos.api.ToolContext;
import io.zikos.api.ToolException;
import io.zikos.api.ToolResult;
import io.zikos.api.ToolSpecification;
import io.zikos.core.toolcall.MalformedToolCall;
import io.zikos.core.toolcall.ParsedReply;
import io.zikos.core.toolcall.StreamingReplyParser;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One conversation: its history and the tool loop. Turns of one session run one at a time (a second
 * {@link #send} waits for the first); different sessions run concurrently. If a turn fails, the history is rolled
 * back to where it was before the turn, so a failed turn never leaves a half-written conversation.
 */
public final class Session {

    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    static final String CONTINUE_PROMPT = "Your previous answer was cut off by the output limit. Continue exactly "
            + "where it stopped, without repeating anything.";
    static final String ANSWER_NOW_PROMPT = "You have used all the tool calls available for this question. Answer "
            + "now from the results you already have; do not call any more tools.";

    private final String id;
    private final ConversationEngine engine;
    private final ReentrantLock turnLock = new ReentrantLock();
    private final List<HistoryEntry> history = new ArrayList<>();
    private long nextGroup;

    Session(String id, ConversationEngine engine) {
        this.id = id;
        this.engine = engine;
        if (engine.systemPrompt() != null) {
            history.add(entry(ChatMessage.system(engine.systemPrompt()), false));
        }
    }

    public String id() {
        return id;
    }

    /** A snapshot of the whole history, oldest first (including messages the budget would drop). */
    public List<ChatMessage> history() {
        turnLock.lock();
        try {
            return history.stream().map(HistoryEntry::message).toList();
        } finally {
            turnLock.unlock();
        }
    }

    /**
     * Adds messages that must stay in every request (for example a recording's baseline analysis as a tool call
     * and its result), as one group.
     */
    public void pin(List<ChatMessage> group) {
        turnLock.lock();
        try {
            long g = nextGroup++;
            for (ChatMessage m : group) {
                history.add(new HistoryEntry(m, g, true, countTokens(m)));
            }
        } finally {
            turnLock.unlock();
        }
    }

    /** Sends a text message and waits for the answer. */
    public TurnResult send(String text) {
        return send(ChatMessage.user(text), TurnListener.NONE, Cancellation.none());
    }

    /**
     * Runs one turn: the model answers, calling tools as it needs, until it gives a final answer or a loop guard
     * makes it answer.
     */
    public TurnResult send(ChatMessage userMessage, TurnListener listener, Cancellation cancellation) {
        if (userMessage.role() != ChatRole.USER) {
            throw new IllegalArgumentException("a turn starts with a user message");
        }
        turnLock.lock();
        int rollbackSize = history.size();
        long rollbackGroup = nextGroup;
        try {
            history.add(entry(adaptForBackend(userMessage), false));
            TurnResult result = new Turn(listener, cancellation).run();
            listener.onTurnComplete(result);
            return result;
        } catch (RuntimeException e) {
            history.subList(rollbackSize, history.size()).clear();
            nextGroup = rollbackGroup;
            throw e;
        } finally {
            turnLock.unlock();
        }
    }

    /** The state of one running turn. */
    private final class Turn {
        private final TurnListener listener;
        private final Cancellation cancellation;
        private final List<ToolCall> calls = new ArrayList<>();
        private final List<ToolResult> results = new ArrayList<>();
        private final Map<String, Integer> callCounts = new HashMap<>();
        private TokenUsage usage = new TokenUsage(0, 0);
        private int rounds;
        private int malformedRetries;
        private boolean limitHit;

        Turn(TurnListener listener, Cancellation cancellation) {
            this.listener = listener;
            this.cancellation = cancellation;
        }

        TurnResult run() {
            List<ToolSpecification> specs = toolsOffered();
            for (int toolRound = 0; ; toolRound++) {
                boolean mustAnswer = toolRound >= engine.policy().maxToolRounds() || limitHit;
                List<ToolSpecification> offered = mustAnswer ? List.of() : specs;
                List<ChatMessage> extra = mustAnswer && !specs.isEmpty()
                        ? List.of(ChatMessage.user(ANSWER_NOW_PROMPT)) : List.of();
                if (mustAnswer && toolRound >= engine.policy().maxToolRounds()) {
                    limitHit = true;
                }
                Answer answer = generateWithContinuation(offered, extra);
                ParsedReply reparsed = StreamingReplyParser.parse(answer.text);
                List<ToolCall> roundCalls = new ArrayList<>(answer.calls);
                roundCalls.addAll(reparsed.toolCalls());
                String visible = reparsed.text();

                if (answer.finish == FinishReason.CANCELLED || cancellation.isCancelled()) {
                    addToHistory(ChatMessage.assistant(visible), false);
                    return result(visible, answer, FinishReason.CANCELLED);
                }
                if (roundCalls.isEmpty() && !reparsed.malformed().isEmpty() && !mustAnswer) {
                    if (malformedRetries++ < engine.policy().maxMalformedRetries()) {
                        noteMalformed(answer.text, reparsed.malformed());
                        continue;
                    }
                    limitHit = true;
                    continue;
                }
                if (roundCalls.isEmpty() || mustAnswer) {
                    if (visible.isBlank() && mustAnswer) {
                        // The model kept calling tools it was no longer offered: say so rather than answer nothing.
                        visible = "I could not finish working this out within the tool-call limit for one question. "
                                + "Could you ask about one aspect at a time?";
                    }
                    addToHistory(ChatMessage.assistant(visible), false);
                    return result(visible, answer, answer.finish == FinishReason.TOOL_CALLS
                            ? FinishReason.STOP : answer.finish);
                }
                runTools(visible, roundCalls);
            }
        }

        private List<ToolSpecification> toolsOffered() {
            BackendCapabilities caps = engine.backend().capabilities();
            return caps.toolCalling() ? engine.tools().specifications() : List.of();
        }

        private record Answer(String text, String thinking, List<ToolCall> calls, FinishReason finish) {
        }

        /** One model round, continued while the output limit cuts the answer (and no tools were called). */
        private Answer generateWithContinuation(List<ToolSpecification> offered, List<ChatMessage> extra) {
            StringBuilder text = new StringBuilder();
            StringBuilder thinking = new StringBuilder();
            List<ChatMessage> trailing = new ArrayList<>(extra);
            for (int continuation = 0; ; continuation++) {
                if (cancellation.isCancelled()) {
                    return new Answer(text.toString(), thinking.toString(), List.of(), FinishReason.CANCELLED);
                }
                ChatResponse response = generate(offered, trailing);
                String raw = response.text();
                if (text.length() > 0 && !raw.isEmpty() && !Character.isWhitespace(text.charAt(text.length() - 1))
                        && !Character.isWhitespace(raw.charAt(0))) {
                    // Replies arrive trimmed, so the space at the cut is gone; a cut mid-word is rarer than between words.
                    text.append(' ');
                }
                text.append(raw);
                thinking.append(response.thinking());
                boolean cut = response.finishReason() == FinishReason.LENGTH;
                if (!cut || response.hasToolCalls() || continuation >= engine.policy().maxContinuations()) {
                    return new Answer(text.toString(), thinking.toString(), response.message().toolCalls(),
                            response.finishReason());
                }
                LOG.debug("session {}: answer cut by the output limit, asking the model to continue", id);
                trailing.add(ChatMessage.assistant(raw));
                trailing.add(ChatMessage.user(CONTINUE_PROMPT));
            }
        }

        private ChatResponse generate(List<ToolSpecification> offered, List<ChatMessage> trailing) {
            List<ChatMessage> messages = new ArrayList<>(window(offered, trailing));
            messages.addAll(trailing);
            ChatRequest request = new ChatRequest(messages, offered, engine.options());
            rounds++;
            ChatResponse response = engine.backend().generate(request, listener, cancellation);
            usage = usage.plus(response.usage());
            return response;
        }

        private void noteMalformed(String raw, List<MalformedToolCall> malformed) {
            addToHistory(ChatMessage.assistant(raw), false);
            StringBuilder note = new StringBuilder("Your tool call could not be used: ");
            for (MalformedToolCall m : malformed) {
                note.append(m.problem()).append(". ");
            }
            note.append("Call the tool again as <tool_call>\n{\"name\": \"TOOL\", \"arguments\": {...}}\n"
                    + "</tool_call>, or answer without tools.");
            addToHistory(ChatMessage.user(note.toString()), false);
        }

        private void runTools(String visible, List<ToolCall> roundCalls) {
            long group = nextGroup++;
            history.add(new HistoryEntry(ChatMessage.assistant(visible, roundCalls), group, false,
                    countTokens(ChatMessage.assistant(visible, roundCalls))));
            for (ToolCall call : roundCalls) {
                ToolResult result = execute(call);
                calls.add(call);
                results.add(result);
                listener.onToolResult(call, result);
                ChatMessage msg = ChatMessage.tool(result);
                history.add(new HistoryEntry(msg, group, false, countTokens(msg)));
            }
        }

        private ToolResult execute(ToolCall call) {
            String key = call.name() + " " + call.arguments();
            int seen = callCounts.merge(key, 1, Integer::sum);
            if (seen > 1) {
                if (seen > engine.policy().maxRepeatedCalls()) {
                    limitHit = true;
                }
                return error(call, "repeated_call", "You already called " + call.name()
                        + " with exactly these arguments in this turn. Use the earlier result instead of calling again.");
            }
            Optional<AudioTool> tool = engine.tools().find(call.name());
            if (tool.isEmpty()) {
                return error(call, "unknown_tool", "There is no tool named '" + call.name() + "'. Available tools: "
                        + String.join(", ", engine.tools().names()) + ".");
            }
            listener.onToolStarted(call);
            try {
                JsonNode content = tool.get().invoke(call.arguments(), new ToolContext(store(), cancellation));
                return new ToolResult(call.id(), call.name(), content == null
                        ? JsonNodeFactory.instance.objectNode() : content, false);
            } catch (ToolException e) {
                return error(call, e.code().name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("tool {} failed", call.name(), e);
                return error(call, "internal", "The tool failed unexpectedly (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "). Do not retry it in this turn.");
            }
        }

        private TurnResult result(String text, Answer last, FinishReason finish) {
            return new TurnResult(text, last.thinking(), calls, results, finish, usage, rounds, limitHit);
        }

        private void addToHistory(ChatMessage m, boolean pinned) {
            history.add(entry(m, pinned));
        }
    }

    private static ToolResult error(ToolCall call, String code, String message) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("error", code);
        node.put("message", message);
        return new ToolResult(call.id(), call.name(), node, true);
    }

    /** The messages that fit the context, for a request offering {@code tools}. */
    private List<ChatMessage> window(List<ToolSpecification> tools, List<ChatMessage> trailing) {
        BackendCapabilities caps = engine.backend().capabilities();
        GenerationOptions opts = engine.options();
        int reserve = opts.maxNewTokens() != null ? opts.maxNewTokens() : Math.min(caps.maxOutputTokens(), 2048);
        int toolCost = tools.isEmpty() ? 0 : engine.backend().countTokens(List.of(), tools);
        int trailingCost = trailing.stream().mapToInt(this::countTokens).sum();
        int budget = caps.contextWindow() - reserve - toolCost - trailingCost;
        return HistoryBudget.select(history, budget);
    }

    private HistoryEntry entry(ChatMessage m, boolean pinned) {
        return new HistoryEntry(m, nextGroup++, pinned, countTokens(m));
    }

    private int countTokens(ChatMessage m) {
        return engine.backend().countTokens(List.of(m), List.of());
    }

    /** Text-only models get a note naming the recording instead of the audio they cannot take. */
    private ChatMessage adaptForBackend(ChatMessage m) {
        if (!m.hasAudio() || engine.backend().capabilities().audioInput()) {
            return m;
        }
        List<ContentPart> parts = new ArrayList<>();
        for (ContentPart p : m.parts()) {
            if (p instanceof ContentPart.Audio a) {
                AudioClip clip = a.clip();
                parts.add(ContentPart.text("[recording " + clip.id().orElse(clip.source().displayName()) + "] "));
            } else {
                parts.add(p);
            }
        }
        return new ChatMessage(m.role(), parts, List.of(), null);
    }

    private AudioStore store() {
        return engine.audioStore() != null ? engine.audioStore() : NoAudioStore.INSTANCE;
    }

    /** Stands in when the host configured no store, so tools get a clear "not found" rather than a null. */
    private enum NoAudioStore implements AudioStore {
        INSTANCE;

        @Override
        public RecordingInfo store(InputStream audio, String originalName) {
            throw new IllegalStateException("this conversation has no audio store; configure one on the engine");
        }

        /** The same refusal with attributes: the default's "keeps no attributes" would hide the real reason. */
        @Override
        public RecordingInfo store(InputStream audio, String originalName, Map<String, String> attributes) {
            return store(audio, originalName);
        }

        @Override
        public Optional<Path> path(String id) {
            return Optional.empty();
        }

        @Override
        public Optional<RecordingInfo> info(String id) {
            return Optional.empty();
        }

        @Override
        public List<RecordingInfo> list() {
            return List.of();
        }

        @Override
        public boolean delete(String id) {
            return false;
        }
    }
}

package io.zikos.backend.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatResponse;
import io.zikos.api.FinishReason;
import io.zikos.api.StreamingChatListener;
import io.zikos.api.TokenUsage;
import io.zikos.api.ToolCall;
import io.zikos.core.toolcall.ParsedReply;
import io.zikos.core.toolcall.StreamingReplyParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.ToIntFunction;

/**
 * Builds one reply from chat-completions chunks (streamed) or a whole response (not streamed), forwarding text and
 * reasoning to the listener as it arrives.
 *
 * <ul>
 *   <li>{@code reasoning_content} (vLLM's reasoning parsers; {@code reasoning} on newer servers) goes to
 *       {@code onThinkingDelta} as it comes.</li>
 *   <li>{@code content} goes through core's {@link StreamingReplyParser}, so a {@code <think>} block or Hermes
 *       {@code <tool_call>} blocks that a server leaves inline (no reasoning / tool parser configured) are split out
 *       exactly as the in-process backends do it.</li>
 *   <li>Structured {@code tool_calls} deltas are accumulated by index (id, name and argument fragments may each arrive
 *       in pieces) and handed to {@code onToolCall} when the reply is finished, complete and parsed.</li>
 * </ul>
 *
 * <p>Malformed tool-call arguments: strict JSON first, then core's lenient tool-call reader (trailing commas, single
 * quotes, raw newlines, double encoding). Arguments that still are not a JSON object are NOT reported as a call;
 * the call is appended to the reply text as a {@code <tool_call>{"name": ..., "arguments": ...}</tool_call>} block
 * (core's {@link ParsedReply#replyText()} convention), so the conversation engine re-parses it, finds it malformed and
 * asks the model to call again. Nothing crashes and no call with made-up arguments is ever run.
 *
 * <p>Not thread-safe: one instance per generation, fed from the generating thread.
 */
final class ReplyAssembler {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyAssembler.class);

    private final ObjectMapper json;
    private final StreamingChatListener listener;
    private final StreamingReplyParser parser;
    private final StringBuilder reasoning = new StringBuilder();
    private final Map<Integer, PendingCall> calls = new TreeMap<>();
    private final List<ToolCall> inlineCalls = new ArrayList<>();
    private String heldContent = "";
    private String heldReasoning = "";
    private String finishReason;
    private Integer promptTokens;
    private Integer completionTokens;
    private int lastIndex = -1;
    private boolean done;

    ReplyAssembler(ObjectMapper json, StreamingChatListener listener) {
        this.json = json;
        this.listener = listener;
        // The parser talks to this wrapper: it records what reached the host and keeps inline calls for the reply.
        this.parser = new StreamingReplyParser(new StreamingChatListener() {
            @Override
            public void onTextDelta(String delta) {
                listener.onTextDelta(delta);
            }

            @Override
            public void onThinkingDelta(String delta) {
                listener.onThinkingDelta(delta);
            }

            @Override
            public void onToolCall(ToolCall call) {
                inlineCalls.add(call);
                listener.onToolCall(call);
            }
        }, false);
    }

    /** Whether the server said why it stopped. */
    boolean finished() {
        return finishReason != null;
    }

    /**
     * One streamed chunk ({@code chat.completion.chunk}).
     *
     * @throws RemoteBackendException when the chunk is an error report
     */
    void onChunk(JsonNode chunk) {
        checkError(chunk);
        readUsage(chunk.path("usage"));
        for (JsonNode choice : chunk.path("choices")) {
            if (choice.path("index").asInt(0) != 0) {
                continue; // n > 1 is never requested; ignore stray choices
            }
            JsonNode delta = choice.path("delta");
            reasoning(delta);
            content(delta.path("content"));
            for (JsonNode call : delta.path("tool_calls")) {
                accumulate(call);
            }
            readFinish(choice);
        }
    }

    /** A whole, non-streamed response ({@code chat.completion}). */
    void onFullResponse(JsonNode body) {
        checkError(body);
        readUsage(body.path("usage"));
        JsonNode choice = body.path("choices").path(0);
        if (!choice.isObject()) {
            throw new RemoteBackendException(RemoteBackendException.Kind.PROTOCOL, 0,
                    "the server's response has no choices; is this an OpenAI-compatible chat-completions endpoint?");
        }
        JsonNode message = choice.path("message");
        reasoning(message);
        content(message.path("content"));
        int i = 0;
        for (JsonNode call : message.path("tool_calls")) {
            ObjectNode indexed = call.deepCopy();
            if (!indexed.has("index")) {
                indexed.put("index", i);
            }
            accumulate(indexed);
            i++;
        }
        readFinish(choice);
        if (finishReason == null) {
            finishReason = "stop";
        }
    }

    /**
     * Ends the reply: releases held-back text, reports each structured tool call, then {@code onComplete}.
     *
     * @param inputEstimate  prompt tokens to report when the server reported none
     * @param outputEstimate token estimate of generated text, used when the server reported none
     */
    ChatResponse complete(int inputEstimate, ToIntFunction<String> outputEstimate) {
        ParsedReply parsed = flush();
        List<ToolCall> toolCalls = new ArrayList<>(inlineCalls);
        StringBuilder text = new StringBuilder(parsed.replyText());
        for (PendingCall pending : calls.values()) {
            ToolCall call = pending.toToolCall();
            if (call != null) {
                toolCalls.add(call);
                listener.onToolCall(call);
            } else {
                text.append(text.length() == 0 ? "" : "\n").append("<tool_call>\n").append(pending.asBlock())
                        .append("\n</tool_call>");
            }
        }
        FinishReason reason;
        if (!toolCalls.isEmpty()) {
            // Some servers say "stop" (even "length") although the reply is tool calls: what matters to the engine is
            // that there are calls to run; a call cut off by the limit shows up as malformed instead.
            reason = FinishReason.TOOL_CALLS;
        } else if ("length".equals(finishReason)) {
            reason = FinishReason.LENGTH;
        } else {
            reason = FinishReason.STOP;
        }
        ChatResponse response = new ChatResponse(ChatMessage.assistant(text.toString(), toolCalls),
                thinking(parsed), reason, usage(inputEstimate, outputEstimate, parsed, toolCalls));
        listener.onComplete(response);
        return response;
    }

    /** Ends a reply the caller cancelled: what arrived so far, without tool calls (they may be incomplete). */
    ChatResponse cancelled(int inputEstimate, ToIntFunction<String> outputEstimate) {
        ParsedReply parsed = flush();
        ChatResponse response = new ChatResponse(ChatMessage.assistant(parsed.text()), thinking(parsed),
                FinishReason.CANCELLED, usage(inputEstimate, outputEstimate, parsed, List.of()));
        listener.onComplete(response);
        return response;
    }

    private ParsedReply flush() {
        if (done) {
            throw new IllegalStateException("the reply was already completed");
        }
        done = true;
        if (!heldReasoning.isEmpty()) {
            emitReasoning(heldReasoning);
        }
        if (!heldContent.isEmpty()) {
            parser.accept(heldContent);
        }
        return parser.finish();
    }

    private String thinking(ParsedReply parsed) {
        String structured = reasoning.toString().strip();
        if (structured.isEmpty()) {
            return parsed.thinking();
        }
        return parsed.thinking().isEmpty() ? structured : structured + "\n" + parsed.thinking();
    }

    private TokenUsage usage(int inputEstimate, ToIntFunction<String> outputEstimate, ParsedReply parsed,
                             List<ToolCall> toolCalls) {
        int in = promptTokens != null ? promptTokens : inputEstimate;
        int out;
        if (completionTokens != null) {
            out = completionTokens;
        } else {
            StringBuilder all = new StringBuilder(reasoning).append(parsed.thinking()).append(parsed.replyText());
            toolCalls.forEach(c -> all.append(c.name()).append(c.arguments()));
            out = outputEstimate.applyAsInt(all.toString());
        }
        return new TokenUsage(Math.max(0, in), Math.max(0, out));
    }

    private void content(JsonNode content) {
        if (content.isTextual() && !content.asText().isEmpty()) {
            String s = heldContent + content.asText();
            heldContent = trailingHighSurrogate(s);
            s = s.substring(0, s.length() - heldContent.length());
            if (!s.isEmpty()) {
                parser.accept(s);
            }
        }
    }

    private void reasoning(JsonNode deltaOrMessage) {
        for (String field : new String[] {"reasoning_content", "reasoning"}) {
            JsonNode r = deltaOrMessage.path(field);
            if (r.isTextual() && !r.asText().isEmpty()) {
                String s = heldReasoning + r.asText();
                heldReasoning = trailingHighSurrogate(s);
                s = s.substring(0, s.length() - heldReasoning.length());
                if (!s.isEmpty()) {
                    emitReasoning(s);
                }
                return;
            }
        }
    }

    private void emitReasoning(String s) {
        if (reasoning.length() == 0) {
            s = s.stripLeading();
            if (s.isEmpty()) {
                return;
            }
        }
        reasoning.append(s);
        listener.onThinkingDelta(s);
    }

    /** A delta never ends in half a character: a trailing high surrogate waits for its partner. */
    private static String trailingHighSurrogate(String s) {
        return !s.isEmpty() && Character.isHighSurrogate(s.charAt(s.length() - 1)) ? s.substring(s.length() - 1) : "";
    }

    private void readFinish(JsonNode choice) {
        JsonNode reason = choice.path("finish_reason");
        if (reason.isTextual() && !reason.asText().isEmpty()) {
            finishReason = reason.asText();
            if (finishReason.equals("error")) {
                throw new RemoteBackendException(RemoteBackendException.Kind.STREAM_INTERRUPTED, 0,
                        "the server stopped the reply with finish_reason \"error\"; see the server's log and ask again");
            }
        }
    }

    private void readUsage(JsonNode usage) {
        if (usage.isObject()) {
            if (usage.path("prompt_tokens").isNumber()) {
                promptTokens = usage.path("prompt_tokens").asInt();
            }
            if (usage.path("completion_tokens").isNumber()) {
                completionTokens = usage.path("completion_tokens").asInt();
            }
        }
    }

    private static void checkError(JsonNode node) {
        JsonNode error = node.path("error");
        boolean isError = !error.isMissingNode() && !error.isNull() || "error".equals(node.path("object").asText());
        if (isError) {
            String message = error.isTextual() ? error.asText()
                    : error.path("message").isTextual() ? error.path("message").asText()
                    : node.path("message").asText("no details");
            int code = error.path("code").isInt() ? error.path("code").asInt() : node.path("code").asInt(0);
            throw new RemoteBackendException(RemoteBackendException.Kind.STREAM_INTERRUPTED, code,
                    "the server reported an error in the middle of the reply: " + Redaction.excerpt(message));
        }
    }

    private void accumulate(JsonNode delta) {
        int index;
        String id = delta.path("id").isTextual() && !delta.path("id").asText().isEmpty() ? delta.path("id").asText()
                : null;
        if (delta.path("index").isInt()) {
            index = delta.path("index").asInt();
        } else if (id != null) {
            // Servers that omit the index: a new id is a new call.
            index = calls.entrySet().stream().filter(e -> id.equals(e.getValue().id)).map(Map.Entry::getKey)
                    .findFirst().orElse(lastIndex + 1);
        } else {
            index = Math.max(lastIndex, 0);
        }
        lastIndex = Math.max(lastIndex, index);
        PendingCall call = calls.computeIfAbsent(index, i -> new PendingCall());
        if (id != null && call.id == null) {
            call.id = id;
        }
        JsonNode fn = delta.path("function");
        JsonNode name = fn.path("name");
        if (name.isTextual() && !name.asText().isEmpty() && call.name.length() == 0) {
            call.name.append(name.asText());
        }
        JsonNode args = fn.path("arguments");
        if (args.isTextual()) {
            call.arguments.append(args.asText());
        } else if (args.isObject()) {
            // A few servers send the arguments as an object rather than a JSON string.
            call.arguments.setLength(0);
            call.arguments.append(args);
        }
    }

    /** A tool call being assembled from fragments. */
    private final class PendingCall {
        String id;
        final StringBuilder name = new StringBuilder();
        final StringBuilder arguments = new StringBuilder();

        /** The finished call, or {@code null} when its name or arguments are unusable. */
        ToolCall toToolCall() {
            String callId = id != null ? id : "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
            String fn = name.toString().strip();
            String raw = arguments.toString().strip();
            if (fn.isEmpty()) {
                LOG.warn("the server sent tool call {} without a function name; handing it back as malformed", callId);
                return null;
            }
            if (raw.isEmpty()) {
                return new ToolCall(callId, fn, json.createObjectNode()); // a tool without parameters
            }
            try {
                JsonNode parsed = json.readTree(raw);
                if (parsed != null && parsed.isObject()) {
                    return new ToolCall(callId, fn, (ObjectNode) parsed);
                }
            } catch (JsonProcessingException strictFailed) {
                // try the lenient reader below
            }
            if (!raw.contains("<tool_call>") && !raw.contains("</tool_call>")) {
                ParsedReply lenient = StreamingReplyParser.parse("<tool_call>" + asBlock() + "</tool_call>");
                if (lenient.toolCalls().size() == 1) {
                    return new ToolCall(callId, fn, lenient.toolCalls().get(0).arguments());
                }
            }
            LOG.warn("tool call {} ({}) has arguments that are not a JSON object ({} chars); handing it back to the "
                    + "model as malformed", callId, fn, raw.length());
            return null;
        }

        /** The call in Hermes form, arguments verbatim: what a {@code <tool_call>} block would hold. */
        String asBlock() {
            String raw = arguments.toString().strip();
            return "{\"name\": " + json.getNodeFactory().textNode(name.toString().strip()) + ", \"arguments\": "
                    + (raw.isEmpty() ? "{}" : raw) + "}";
        }
    }
}

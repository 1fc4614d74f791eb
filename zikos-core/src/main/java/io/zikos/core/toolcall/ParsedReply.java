package io.zikos.core.toolcall;

import io.zikos.api.ToolCall;
import java.util.List;

/**
 * A model reply split into its parts.
 *
 * @param text      visible text with tool-call blocks and reasoning removed, trimmed
 * @param thinking  reasoning inside {@code <think>…</think>}, trimmed
 * @param toolCalls well-formed calls, in order
 * @param malformed blocks that looked like calls but could not be parsed
 */
public record ParsedReply(String text, String thinking, List<ToolCall> toolCalls, List<MalformedToolCall> malformed) {
    public ParsedReply {
        text = text == null ? "" : text;
        thinking = thinking == null ? "" : thinking;
        toolCalls = List.copyOf(toolCalls);
        malformed = List.copyOf(malformed);
    }

    /**
     * The text a backend should put in its response message: the visible text followed by any malformed call
     * blocks verbatim, so the conversation engine can see them and ask the model to fix its call.
     */
    public String replyText() {
        StringBuilder sb = new StringBuilder(text);
        for (MalformedToolCall m : malformed) {
            sb.append(sb.length() == 0 ? "" : "\n").append(StreamingReplyParser.CALL_OPEN).append(m.raw())
                    .append(StreamingReplyParser.CALL_CLOSE);
        }
        return sb.toString();
    }
}

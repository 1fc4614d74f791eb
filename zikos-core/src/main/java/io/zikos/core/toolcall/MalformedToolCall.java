package io.zikos.core.toolcall;

import java.util.Objects;

/**
 * A {@code <tool_call>} block that could not be turned into a call. The conversation engine shows {@link #problem()}
 * to the model so it can retry with a well-formed call.
 *
 * @param raw     the text inside the block, as the model wrote it
 * @param problem what is wrong, phrased for the model
 */
public record MalformedToolCall(String raw, String problem) {
    public MalformedToolCall {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(problem, "problem");
    }
}

package io.zikos.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * What a tool returned for a {@link ToolCall}.
 *
 * @param toolCallId the {@link ToolCall#id()} this answers
 * @param toolName   the tool that ran
 * @param content    the JSON result, or for errors a JSON object with {@code error} and {@code hint}
 * @param error      whether the tool failed
 */
public record ToolResult(String toolCallId, String toolName, JsonNode content, boolean error) {
    public ToolResult {
        Objects.requireNonNull(toolCallId, "toolCallId");
        Objects.requireNonNull(toolName, "toolName");
        content = Objects.requireNonNull(content, "content").deepCopy();
    }

    @Override
    public JsonNode content() {
        return content.deepCopy();
    }
}

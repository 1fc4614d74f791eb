package io.zikos.core.toolcall;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.ToolCall;

/**
 * Turns the body of one {@code <tool_call>} block into a {@link ToolCall}, forgiving what real models write:
 * raw newlines and tabs inside strings, code fences, trailing commas, single quotes, {@code "parameters"} instead
 * of {@code "arguments"}, and arguments given as a JSON string instead of an object.
 */
final class ToolCallJson {

    /** Lenient where models are sloppy, strict about structure. */
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ToolCallJson() {
    }

    /** Either a call or a problem description; exactly one is non-null. */
    record Result(ToolCall call, MalformedToolCall malformed) {
    }

    static Result parse(String body, String callId) {
        String json = stripFence(body.strip());
        if (json.isEmpty()) {
            return problem(body, "the <tool_call> block is empty; write {\"name\": ..., \"arguments\": {...}} inside it");
        }
        JsonNode root;
        try {
            root = LENIENT.readTree(json);
        } catch (Exception e) {
            return problem(body, "the <tool_call> block is not valid JSON (" + firstLine(e.getMessage())
                    + "); write exactly one JSON object {\"name\": ..., \"arguments\": {...}}");
        }
        if (root == null || !root.isObject()) {
            return problem(body, "the <tool_call> block must hold a JSON object {\"name\": ..., \"arguments\": {...}}");
        }
        JsonNode name = root.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            return problem(body, "the tool call has no \"name\" string; say which tool to call");
        }
        JsonNode args = root.has("arguments") ? root.get("arguments") : root.get("parameters");
        ObjectNode arguments;
        if (args == null || args.isNull()) {
            arguments = JsonNodeFactory.instance.objectNode();
        } else if (args.isObject()) {
            arguments = (ObjectNode) args;
        } else if (args.isTextual()) {
            // Some models double-encode: "arguments": "{\"x\": 1}".
            try {
                JsonNode inner = LENIENT.readTree(args.asText());
                if (inner == null || !inner.isObject()) {
                    return problem(body, "\"arguments\" must be a JSON object");
                }
                arguments = (ObjectNode) inner;
            } catch (Exception e) {
                return problem(body, "\"arguments\" must be a JSON object, not a string");
            }
        } else {
            return problem(body, "\"arguments\" must be a JSON object");
        }
        return new Result(new ToolCall(callId, name.asText().strip(), arguments), null);
    }

    private static Result problem(String raw, String why) {
        return new Result(null, new MalformedToolCall(raw, why));
    }

    private static String stripFence(String s) {
        if (s.startsWith("```")) {
            int firstNewline = s.indexOf('\n');
            s = firstNewline < 0 ? "" : s.substring(firstNewline + 1);
            int fence = s.lastIndexOf("```");
            if (fence >= 0) {
                s = s.substring(0, fence);
            }
        }
        return s.strip();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "parse error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}

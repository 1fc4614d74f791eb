package io.zikos.core.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRole;
import io.zikos.api.ToolCall;
import io.zikos.api.ToolSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns Zikos messages and tools into the dictionaries Hugging Face chat templates receive, so the hand-written
 * formats and {@link ChatTemplatePromptFormat} see the same strings: text parts joined, tool results as their JSON
 * text, tool calls as {@code {"type": "function", "function": {"name", "arguments"}}}, tools as OpenAI-style
 * function specifications.
 */
public final class TemplateMessages {

    private TemplateMessages() {
    }

    /**
     * The text a tool message carries: a JSON string result as its plain text, anything else as compact JSON
     * (fewer tokens than Python's spaced style, and tool results are not part of the template's own text).
     */
    public static String toolContent(ChatMessage message) {
        JsonNode content = message.toolResult().content();
        return content.isTextual() ? content.textValue() : content.toString();
    }

    /** The content of a message as templates see it (tool messages: the result text). */
    public static String content(ChatMessage message) {
        return message.role() == ChatRole.TOOL ? toolContent(message) : message.text();
    }

    /** One tool as {@code {"type": "function", "function": {"name", "description", "parameters"}}}. */
    public static Map<String, Object> tool(ToolSpecification spec) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", spec.name());
        function.put("description", spec.description());
        function.put("parameters", spec.parameters());
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("type", "function");
        tool.put("function", function);
        return tool;
    }

    /** The tools line by line as the Qwen templates write them ({@code tool | tojson}). */
    public static String toolsJsonLines(List<ToolSpecification> tools) {
        StringBuilder sb = new StringBuilder();
        for (ToolSpecification t : tools) {
            sb.append('\n').append(PyJson.dumps(tool(t), -1));
        }
        return sb.toString();
    }

    /** A tool call rendered as Qwen's templates render it back into the history. */
    public static String qwenToolCall(ToolCall call) {
        return "<tool_call>\n{\"name\": \"" + call.name() + "\", \"arguments\": " + PyJson.dumps(call.arguments())
                + "}\n</tool_call>";
    }

    /**
     * Messages as template dictionaries. Audio-carrying messages get list content
     * ({@code [{"type": "audio"}, {"type": "text", "text": ...}]}) when {@code audioAsParts}, which is what the
     * AF3 / Music Flamingo processor templates expect; otherwise content is the joined text.
     */
    public static List<Map<String, Object>> messages(List<ChatMessage> messages, boolean audioAsParts) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ChatMessage m : messages) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("role", m.role().wireName());
            if (audioAsParts && m.hasAudio()) {
                List<Object> parts = new ArrayList<>();
                for (var p : m.parts()) {
                    Map<String, Object> part = new LinkedHashMap<>();
                    if (p instanceof io.zikos.api.ContentPart.Audio) {
                        part.put("type", "audio");
                        part.put("audio", "<audio>");
                    } else if (p instanceof io.zikos.api.ContentPart.Text t) {
                        part.put("type", "text");
                        part.put("text", t.text());
                    }
                    parts.add(part);
                }
                d.put("content", parts);
            } else {
                d.put("content", content(m));
            }
            if (!m.toolCalls().isEmpty()) {
                List<Object> calls = new ArrayList<>();
                for (ToolCall c : m.toolCalls()) {
                    Map<String, Object> fn = new LinkedHashMap<>();
                    fn.put("name", c.name());
                    fn.put("arguments", c.arguments());
                    Map<String, Object> call = new LinkedHashMap<>();
                    call.put("id", c.id());
                    call.put("type", "function");
                    call.put("function", fn);
                    calls.add(call);
                }
                d.put("tool_calls", calls);
            }
            if (m.role() == ChatRole.TOOL) {
                d.put("tool_call_id", m.toolResult().toolCallId());
                d.put("name", m.toolResult().toolName());
            }
            out.add(d);
        }
        return out;
    }
}

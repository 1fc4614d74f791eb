package io.zikos.backend.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRequest;
import io.zikos.api.GenerationOptions;
import io.zikos.api.ToolCall;
import io.zikos.api.ToolResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RequestMapper mapper = new RequestMapper(JSON, RemoteSettings.AudioPartStyle.INPUT_AUDIO);

    @Test
    void toolCallsAndResultsUseOpenAiShapes() throws Exception {
        ObjectNode args = JSON.createObjectNode().put("recording_id", "rec-1").put("start", 2.5);
        ToolCall call = new ToolCall("call_1", "analyze_tempo", args);
        ChatRequest req = ChatRequest.of(
                ChatMessage.user("How is my tempo?"),
                ChatMessage.assistant("", List.of(call)),
                ChatMessage.tool(new ToolResult("call_1", "analyze_tempo", JSON.readTree("{\"bpm\": 92.4}"), false)),
                ChatMessage.tool(new ToolResult("call_2", "listen", JSON.getNodeFactory().textNode("Bossa nova."),
                        false)),
                ChatMessage.assistant("Steady at 92 BPM."));
        JsonNode messages = mapper.chatBody("m", req, true, true).path("messages");

        JsonNode assistant = messages.path(1);
        assertEquals("assistant", assistant.path("role").asText());
        assertTrue(assistant.path("content").isNull(), "no text next to tool calls: null content");
        JsonNode c = assistant.path("tool_calls").path(0);
        assertEquals("call_1", c.path("id").asText());
        assertEquals("function", c.path("type").asText());
        assertEquals("analyze_tempo", c.path("function").path("name").asText());
        assertTrue(c.path("function").path("arguments").isTextual(), "arguments are a JSON string");
        assertEquals(args, JSON.readTree(c.path("function").path("arguments").asText()));

        JsonNode tool = messages.path(2);
        assertEquals("tool", tool.path("role").asText());
        assertEquals("call_1", tool.path("tool_call_id").asText());
        assertEquals(92.4, JSON.readTree(tool.path("content").asText()).path("bpm").asDouble());
        assertEquals("Bossa nova.", messages.path(3).path("content").asText(), "text results are sent as text");

        assertEquals("Steady at 92 BPM.", messages.path(4).path("content").asText());
        assertFalse(messages.path(4).has("tool_calls"));
    }

    @Test
    void unsetOptionsAreLeftToTheServer() {
        ObjectNode body = mapper.chatBody("m", ChatRequest.of(ChatMessage.user("hi")), false, true);
        for (String field : List.of("max_tokens", "temperature", "top_p", "top_k", "repetition_penalty", "stop",
                "seed", "chat_template_kwargs", "stream", "stream_options", "tools")) {
            assertFalse(body.has(field), field);
        }
        ObjectNode greedy = mapper.chatBody("m", ChatRequest.of(ChatMessage.user("hi"))
                .withOptions(GenerationOptions.builder().topK(0).thinking(true).build()), false, true);
        assertEquals(-1, greedy.path("top_k").asInt(), "0 (no limit) is sent as vLLM's -1");
        assertTrue(greedy.path("chat_template_kwargs").path("enable_thinking").asBoolean());
    }
}

package io.zikos.backend.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.AudioTool;
import io.zikos.api.BackendOptions;
import io.zikos.api.Device;
import io.zikos.api.FinishReason;
import io.zikos.api.ToolContext;
import io.zikos.core.conversation.ConversationEngine;
import io.zikos.core.conversation.TurnResult;
import io.zikos.core.tools.ToolRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The core conversation engine driving a tool loop through the remote backend and a stub server. */
class ConversationOverRemoteTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reports a fixed tempo. */
    static final class TempoTool implements AudioTool {
        final AtomicInteger calls = new AtomicInteger();

        @Override public String name() { return "tempo"; }
        @Override public String description() { return "Measures tempo."; }

        @Override
        public ObjectNode parameters() {
            ObjectNode schema = JsonNodeFactory.instance.objectNode();
            schema.put("type", "object");
            schema.putObject("properties").putObject("recording_id").put("type", "string");
            return schema;
        }

        @Override
        public JsonNode invoke(ObjectNode arguments, ToolContext context) {
            calls.incrementAndGet();
            return JsonNodeFactory.instance.objectNode().put("bpm", 92.5)
                    .put("recording_id", arguments.path("recording_id").asText());
        }
    }

    @Test
    void streamedToolCallRunsAndItsResultGoesBackAsAToolMessage() throws Exception {
        TempoTool tempo = new TempoTool();
        try (StubServer server = new StubServer()) {
            server.enqueue(
                    StubServer.sse(List.of(
                            StubServer.textChunk("Let me measure."),
                            StubServer.toolChunk(0, "call_t1", "tempo", "{\"recording_"),
                            StubServer.toolChunk(0, null, null, "id\": \"r1\"}"),
                            StubServer.finishChunk("tool_calls"), StubServer.usageChunk(120, 20), "[DONE]")),
                    StubServer.sse(List.of(
                            StubServer.textChunk("You played at about "), StubServer.textChunk("92 BPM."),
                            StubServer.finishChunk("stop"), StubServer.usageChunk(180, 8), "[DONE]")));
            try (OpenAiCompatibleBackend backend = new OpenAiCompatibleBackend(server.base(),
                    new BackendOptions("remote", Device.AUTO, null, Duration.ofSeconds(5),
                            Map.of("model", "Qwen/Qwen2.5-7B-Instruct", "contextWindow", "32768")))) {
                ConversationEngine engine = ConversationEngine.builder(backend)
                        .tools(new ToolRegistry().register(tempo))
                        .systemPrompt("You are a coach.")
                        .build();
                TurnResult r = engine.newSession().send("How fast did I play?");

                assertEquals("You played at about 92 BPM.", r.text());
                assertEquals(FinishReason.STOP, r.finishReason());
                assertEquals(1, tempo.calls.get());
                assertEquals(1, r.toolCalls().size());
                assertEquals("call_t1", r.toolCalls().get(0).id());
                assertEquals(2, r.modelRounds());
                assertEquals(300, r.usage().inputTokens(), "server-reported usage summed over rounds");
                assertEquals(28, r.usage().outputTokens());
            }
            List<StubServer.Recorded> requests = server.chatRequests();
            assertEquals(2, requests.size());
            JsonNode first = JSON.readTree(requests.get(0).body());
            assertEquals("tempo", first.path("tools").path(0).path("function").path("name").asText());

            JsonNode messages = JSON.readTree(requests.get(1).body()).path("messages");
            JsonNode assistant = null;
            JsonNode tool = null;
            for (JsonNode m : messages) {
                if (m.path("role").asText().equals("assistant") && m.has("tool_calls")) {
                    assistant = m;
                }
                if (m.path("role").asText().equals("tool")) {
                    tool = m;
                }
            }
            assertTrue(assistant != null && tool != null, messages.toString());
            JsonNode call = assistant.path("tool_calls").path(0);
            assertEquals("call_t1", call.path("id").asText());
            assertEquals("r1", JSON.readTree(call.path("function").path("arguments").asText())
                    .path("recording_id").asText());
            assertEquals("call_t1", tool.path("tool_call_id").asText());
            assertEquals(92.5, JSON.readTree(tool.path("content").asText()).path("bpm").asDouble());
        }
    }
}

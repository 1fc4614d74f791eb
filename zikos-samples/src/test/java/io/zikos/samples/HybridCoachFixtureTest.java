package io.zikos.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zikos.api.BackendOptions;
import io.zikos.api.Cancellation;
import io.zikos.api.ChatRequest;
import io.zikos.api.GenerationOptions;
import io.zikos.api.LlmBackend;
import io.zikos.api.ToolResult;
import io.zikos.core.Backends;
import io.zikos.core.coach.CoachSession;
import io.zikos.core.coach.PracticeCoach;
import io.zikos.core.coach.Recording;
import io.zikos.core.conversation.TurnListener;
import io.zikos.core.conversation.TurnResult;
import io.zikos.core.store.FileAudioStore;
import io.zikos.core.testing.ScriptedBackend;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole practice conversation on the real path: a recording arrives, the real analysis tools measure it and the
 * result is pinned, the chat model calls a measuring tool and {@code listen}, and answers. The chat model is scripted
 * in the first test (so the tool calls are certain) and the committed tiny random-weight Qwen in the second; the
 * listening model is always the tiny Audio Flamingo 3 on ONNX Runtime, hearing the recording through the Java
 * features. Tiny models talk nonsense, but every byte of it went through tokenizer, prompt, encoder and decoder.
 */
class HybridCoachFixtureTest {

    @TempDir
    Path dir;

    private static Path testdata(String rel) {
        return Path.of(System.getProperty("zikos.testdata")).resolve(rel);
    }

    private static Path demo() {
        return Path.of(System.getProperty("zikos.testdata")).getParent().resolve("demo/clarinet-practice.mp3");
    }

    private String storeDemo(FileAudioStore store) throws Exception {
        try (InputStream in = Files.newInputStream(demo())) {
            return store.store(in, "clarinet-practice.mp3").id();
        }
    }

    private static LlmBackend tiny(String name) {
        return Backends.create(testdata("models/" + name + "/onnx").toString(),
                BackendOptions.defaults().withEngine("onnx"));
    }

    @Test
    void scriptedQwenCallsTheAnalysisAndTheTinyFlamingoListens() throws Exception {
        FileAudioStore store = new FileAudioStore(dir);
        String id = storeDemo(store);
        ScriptedBackend qwen = ScriptedBackend.of(
                "<tool_call>\n{\"name\": \"analyze_intonation\", \"arguments\": {\"recording_id\": \"" + id + "\"}}\n</tool_call>",
                "<tool_call>\n{\"name\": \"listen\", \"arguments\": {\"recording_id\": \"" + id
                        + "\", \"question\": \"Describe the tone.\"}}\n</tool_call>",
                "Three notes were out of tune; work on them slowly with a drone.");
        try (LlmBackend flamingo = tiny("af3-tiny")) {
            PracticeCoach coach = PracticeCoach.builder(qwen).listenModel(flamingo).audioStore(store).build();
            CoachSession session = coach.newSession();
            Recording rec = session.addRecording(id);
            assertNotNull(rec.baseline(), "baseline analysis: " + rec.baselineError());

            AtomicInteger toolResults = new AtomicInteger();
            TurnResult r = session.send("How was my intonation and my tone?", new TurnListener() {
                @Override
                public void onToolResult(io.zikos.api.ToolCall call, ToolResult result) {
                    toolResults.incrementAndGet();
                }
            }, Cancellation.none());

            assertEquals(2, toolResults.get());
            ToolResult intonation = r.toolResults().get(0);
            assertFalse(intonation.error(), intonation.content().toString());
            ToolResult listened = r.toolResults().get(1);
            assertFalse(listened.error(), listened.content().toString());
            JsonNode answer = listened.content().get("answer");
            assertTrue(answer.isTextual(), listened.content().toString());
            assertEquals("Three notes were out of tune; work on them slowly with a drone.", r.text());
            ChatRequest last = qwen.requests().get(2);
            assertTrue(last.messages().stream().anyMatch(m -> m.toolResult() != null
                    && m.toolResult().toolName().equals("listen")));
        }
    }

    @Test
    void tinyQwenRunsTheConversationOnTheRealPath() throws Exception {
        FileAudioStore store = new FileAudioStore(dir);
        String id = storeDemo(store);
        try (LlmBackend qwen = tiny("qwen2-tiny"); LlmBackend flamingo = tiny("af3-tiny")) {
            PracticeCoach coach = PracticeCoach.builder(qwen).listenModel(flamingo).audioStore(store)
                    .options(GenerationOptions.greedy(24)).build();
            assertTrue(coach.tools().names().containsAll(List.of(PracticeCoach.BASELINE_TOOL, "analyze_intonation",
                    "listen", "create_midi_exercise")), coach.tools().names().toString());
            CoachSession session = coach.newSession();
            session.addRecording(id);
            StringBuilder streamed = new StringBuilder();
            TurnResult r = session.send("What should I practise?", new TurnListener() {
                @Override
                public void onTextDelta(String delta) {
                    streamed.append(delta);
                }
            }, Cancellation.none());
            assertTrue(r.usage().inputTokens() > 0 && r.usage().outputTokens() > 0, r.usage().toString());
            assertTrue(r.modelRounds() >= 1);
            assertFalse(r.text().isBlank());
            var history = session.conversation().history();
            assertTrue(history.stream().anyMatch(m -> m.toolResult() != null && !m.toolResult().error()
                    && m.toolResult().toolName().equals(PracticeCoach.BASELINE_TOOL)), "analysis pinned");
            assertEquals(r.text(), history.get(history.size() - 1).text());
            assertFalse(streamed.isEmpty(), "the reply streamed");
        }
    }
}

package io.zikos.core.coach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.AudioTool;
import io.zikos.api.BackendCapabilities;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRequest;
import io.zikos.api.ToolContext;
import io.zikos.api.ToolException;
import io.zikos.core.conversation.TurnResult;
import io.zikos.core.store.FileAudioStore;
import io.zikos.core.testing.ScriptedBackend;
import io.zikos.core.tools.ToolRegistry;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PracticeCoachTest {

    @TempDir
    Path dir;

    /** Stands in for the DSP tool: reports a fixed analysis for recordings that exist. */
    static class FakeAnalysis implements AudioTool {
        final AtomicInteger runs = new AtomicInteger();
        private final String name;

        FakeAnalysis(String name) {
            this.name = name;
        }

        @Override public String name() { return name; }
        @Override public String description() { return name; }
        @Override public ObjectNode parameters() { return JsonNodeFactory.instance.objectNode().put("type", "object"); }

        @Override
        public JsonNode invoke(ObjectNode args, ToolContext ctx) {
            runs.incrementAndGet();
            String id = args.path("recording_id").asText();
            if (ctx.audioStore().path(id).isEmpty()) {
                throw new ToolException(ToolException.Code.NOT_FOUND, "no recording " + id);
            }
            return JsonNodeFactory.instance.objectNode().put("tool", name).put("bpm", 96).put("key", "G major");
        }
    }

    private static String call(String name, String args) {
        return "<tool_call>\n{\"name\": \"" + name + "\", \"arguments\": " + args + "}\n</tool_call>";
    }

    @Test
    void drivesAWholePracticeConversation() throws Exception {
        FileAudioStore store = new FileAudioStore(dir);
        String id = store.store(new ByteArrayInputStream(new byte[] {1, 2, 3}), "scale.webm").id();
        FakeAnalysis baseline = new FakeAnalysis(PracticeCoach.BASELINE_TOOL);
        FakeAnalysis intonation = new FakeAnalysis("intonation");
        ScriptedBackend flamingo = new ScriptedBackend(
                new BackendCapabilities("mf", "scripted", false, true, false, 24_000, 2_048), 4);
        flamingo.then("A bright, slightly thin violin tone with little vibrato.");
        ScriptedBackend qwen = ScriptedBackend.of(
                call("intonation", "{\"recording_id\": \"" + id + "\"}"),
                call("listen", "{\"recording_id\": \"" + id + "\", \"question\": \"How is the tone?\"}"),
                "Your G major scale was steady at 96 bpm. Your tone is bright; add a little vibrato.");

        PracticeCoach coach = PracticeCoach.builder(qwen).listenModel(flamingo)
                .tools(new ToolRegistry().register(baseline).register(intonation)).audioStore(store).build();
        CoachSession session = coach.newSession();
        Recording rec = session.addRecording(id);
        assertEquals("take 1", rec.label());
        assertNotNull(rec.baseline());
        assertEquals(1, baseline.runs.get());

        TurnResult r = session.send("How was my tone and intonation?");
        assertEquals(List.of("intonation", "listen"), r.toolCalls().stream().map(c -> c.name()).toList());
        assertEquals("A bright, slightly thin violin tone with little vibrato.",
                r.toolResults().get(1).content().get("answer").asText());
        assertTrue(r.text().startsWith("Your G major scale"));

        // The flamingo request carried the recording itself.
        ChatRequest heard = flamingo.requests().get(0);
        assertEquals(id, heard.messages().get(0).audio().get(0).recordingId());
        // Every chat request carried the pinned analysis exactly once, and the system prompt first.
        for (ChatRequest req : qwen.requests()) {
            assertTrue(req.messages().get(0).text().startsWith("You are Zikos"));
            long pinned = req.messages().stream().filter(m -> m.toolResult() != null
                    && m.toolResult().toolName().equals(PracticeCoach.BASELINE_TOOL)).count();
            assertEquals(1, pinned);
            assertTrue(req.tools().stream().anyMatch(t -> t.name().equals("listen")));
        }
        assertEquals(1, baseline.runs.get(), "the baseline is computed once, not per turn");
    }

    @Test
    void thePinnedDigestLeavesOutLongSeriesButKeepsFindings() throws Exception {
        FileAudioStore store = new FileAudioStore(dir);
        String id = store.store(new ByteArrayInputStream(new byte[] {1}), "a.wav").id();
        AudioTool verbose = new FakeAnalysis(PracticeCoach.BASELINE_TOOL) {
            @Override
            public JsonNode invoke(ObjectNode args, ToolContext ctx) {
                ObjectNode r = JsonNodeFactory.instance.objectNode().put("summary", "in tune");
                var curve = r.putArray("pitch_curve");
                for (int i = 0; i < 500; i++) {
                    curve.add(60.0 + i * 0.001);
                }
                r.putObject("intonation").putArray("flagged").addObject().put("bar", 3).put("cents", 31);
                return r;
            }
        };
        ScriptedBackend qwen = ScriptedBackend.of("ok");
        CoachSession s = PracticeCoach.builder(qwen).tools(new ToolRegistry().register(verbose)).audioStore(store)
                .build().newSession();
        Recording rec = s.addRecording(id);
        assertEquals(500, rec.baseline().get("pitch_curve").size(), "the host keeps the full analysis");
        s.send("How was it?");
        JsonNode pinned = qwen.requests().get(0).messages().stream().filter(m -> m.toolResult() != null)
                .findFirst().orElseThrow().toolResult().content();
        assertEquals(500, pinned.get("pitch_curve").get("omitted_items").asInt());
        assertEquals(31, pinned.get("intonation").get("flagged").get(0).get("cents").asInt());
        assertEquals("in tune", pinned.get("summary").asText());
    }

    @Test
    void recordingsInOneSessionAreToldApart() throws Exception {
        FileAudioStore store = new FileAudioStore(dir);
        String a = store.store(new ByteArrayInputStream(new byte[] {1}), "a.wav").id();
        String b = store.store(new ByteArrayInputStream(new byte[] {2}), "b.wav").id();
        ScriptedBackend qwen = ScriptedBackend.of("ok");
        CoachSession s = PracticeCoach.builder(qwen).tools(new ToolRegistry()
                .register(new FakeAnalysis(PracticeCoach.BASELINE_TOOL))).audioStore(store).build().newSession();
        assertEquals("take 1", s.addRecording(a).label());
        assertEquals("take 2", s.addRecording(b).label());
        s.send("Which take was better?");
        List<String> arrivals = qwen.requests().get(0).messages().stream().map(ChatMessage::text)
                .filter(t -> t.contains("arrived")).toList();
        assertEquals(2, arrivals.size());
        assertTrue(arrivals.get(0).contains("take 1") && arrivals.get(0).contains(a));
        assertTrue(arrivals.get(1).contains("take 2") && arrivals.get(1).contains(b));
    }

    @Test
    void listenOnlyModeSendsTheRecordingToTheAudioModelDirectly() throws Exception {
        FileAudioStore store = new FileAudioStore(dir);
        String id = store.store(new ByteArrayInputStream(new byte[] {1}), "song.mp3").id();
        ScriptedBackend flamingo = new ScriptedBackend(
                new BackendCapabilities("mf", "scripted", false, true, false, 24_000, 2_048), 4);
        flamingo.then("Sounds like a bossa nova groove.").then("The chorus repeats twice.");
        PracticeCoach coach = PracticeCoach.builder(flamingo).audioStore(store).build();
        assertTrue(coach.listenOnly());
        CoachSession s = coach.newSession();
        s.addRecording(id);
        assertEquals("Sounds like a bossa nova groove.", s.send("What style is this?").text());
        s.send("And the structure?");
        assertTrue(flamingo.requests().get(0).messages().get(1).hasAudio());
        assertTrue(flamingo.requests().get(0).tools().isEmpty());
        assertFalse(flamingo.requests().get(1).messages().get(3).hasAudio(), "the recording is sent once");
    }

    @Test
    void aRecordingThatCannotBeAnalysedIsStillAddedWithTheReason() throws Exception {
        FileAudioStore store = new FileAudioStore(dir);
        String id = store.store(new ByteArrayInputStream(new byte[] {1}), "x.wav").id();
        AudioTool failing = new FakeAnalysis(PracticeCoach.BASELINE_TOOL) {
            @Override
            public JsonNode invoke(ObjectNode args, ToolContext ctx) {
                throw new ToolException(ToolException.Code.BAD_AUDIO, "x.wav is digital silence; record again");
            }
        };
        CoachSession s = PracticeCoach.builder(ScriptedBackend.of("ok")).tools(new ToolRegistry().register(failing))
                .audioStore(store).build().newSession();
        Recording r = s.addRecording(id);
        assertTrue(r.baselineAnalysis().isEmpty());
        assertTrue(r.baselineError().contains("silence"));
    }
}

package io.zikos.dsp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.AudioTool;
import io.zikos.api.Cancellation;
import io.zikos.api.ToolContext;
import io.zikos.api.ToolException;
import io.zikos.api.ToolSpecification;
import io.zikos.core.store.FileAudioStore;
import io.zikos.dsp.analysis.Synth;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalysisToolsTest {
    private static final ObjectMapper M = new ObjectMapper();
    @TempDir
    static Path dir;
    private static ToolContext context;
    private static String take1;
    private static String take2;
    private static String text;

    static byte[] wav(float[] x) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(2 * x.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : x) {
            b.putShort((short) Math.round(Math.max(-1, Math.min(1, v)) * 32767));
        }
        AudioFormat f = new AudioFormat(Synth.SR, 16, 1, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(b.array()), f, x.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
        }
        return out.toByteArray();
    }

    static float[] melody(double detuneCents) {
        int[] midis = {60, 62, 64, 65, 67, 65, 64, 62, 60, 64, 67, 72};
        List<Synth.Tone> tones = Synth.onePerBeat(midis, 110);
        tones.set(5, tones.get(5).detuned(detuneCents));
        return Synth.render(tones, 8);
    }

    @BeforeAll
    static void store() throws Exception {
        FileAudioStore store = new FileAudioStore(dir.resolve("store"));
        take1 = store.store(new ByteArrayInputStream(wav(melody(-40))), "take1.wav").id();
        take2 = store.store(new ByteArrayInputStream(wav(melody(0))), "take2.wav").id();
        InputStream txt = new ByteArrayInputStream("just some text, not audio".repeat(20)
                .getBytes(StandardCharsets.UTF_8));
        text = store.store(txt, "notes.txt").id();
        context = new ToolContext(store, null);
    }

    private static Map<String, AudioTool> tools() {
        Map<String, AudioTool> m = new HashMap<>();
        for (AudioTool t : ServiceLoader.load(AudioTool.class)) {
            m.put(t.name(), t);
        }
        return m;
    }

    private static ObjectNode args(String... kv) {
        ObjectNode o = M.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            o.put(kv[i], kv[i + 1]);
        }
        return o;
    }

    @Test
    void everyToolIsDiscoveredWithAValidSchema() {
        Map<String, AudioTool> m = tools();
        for (String name : List.of("analyze_recording", "analyze_tempo", "detect_onsets", "transcribe_notes",
                "analyze_intonation", "analyze_timing", "detect_key", "detect_chords", "analyze_dynamics",
                "analyze_articulation", "detect_phrases", "compare_takes")) {
            assertTrue(m.containsKey(name), name);
            ToolSpecification s = m.get(name).specification();
            assertEquals("object", s.parameters().get("type").asText());
            assertTrue(s.parameters().get("required").size() >= 1);
            assertFalse(s.description().isBlank());
        }
    }

    @Test
    void comprehensiveReportHasTheContractFields() throws Exception {
        JsonNode r = tools().get("analyze_recording").invoke(args("recording_id", take1), context);
        assertEquals(110, r.at("/tempo/bpm").asDouble(), 2.5);
        assertEquals(12, r.get("notes").size());
        assertEquals("C", r.at("/key/tonic").asText());
        assertEquals("major", r.at("/key/mode").asText());
        assertTrue(r.get("chords").isArray());
        assertTrue(r.at("/timing/flagged").isArray());
        assertEquals(1, r.at("/intonation/flagged").size(), r.at("/intonation").toString());
        assertEquals(-40, r.at("/intonation/flagged/0/cents").asDouble(), 4);
        assertTrue(r.at("/dynamics/trend").isTextual());
        assertTrue(r.get("summary").asText().contains("flat"));
        assertFalse(r.has("pitch_curve"), "curves only on request");
    }

    @Test
    void toolsAskingAtOnceShareOneAnalysis() throws Exception {
        String take = context.audioStore().store(new ByteArrayInputStream(wav(melody(-25))), "take3.wav").id();
        long before = AnalysisCache.analysesRun();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (String tool : List.of("analyze_intonation", "detect_key", "analyze_timing")) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return tools().get(tool).invoke(args("recording_id", take), context);
                }));
            }
            start.countDown();
            for (Future<JsonNode> a : answers) {
                assertTrue(a.get(60, TimeUnit.SECONDS).size() > 0);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(before + 1, AnalysisCache.analysesRun(), "one analysis for three tools asking at once");
    }

    /**
     * A WAV with no fmt or data chunk, only a long run of empty chunks: damaged, and slow enough to reject (the parser
     * walks every chunk) that tools asking at once find its analysis under way and wait for it.
     */
    private static byte[] damagedWav(int chunks) {
        ByteBuffer b = ByteBuffer.allocate(12 + 8 * chunks).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + 8 * chunks)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < chunks; i++) {
            b.put("JUNK".getBytes(StandardCharsets.US_ASCII)).putInt(0);
        }
        return b.array();
    }

    @Test
    void toolsAskingAtOnceForADamagedRecordingAllGetBadAudio() throws Exception {
        String damaged = context.audioStore().store(new ByteArrayInputStream(damagedWav(1 << 18)), "damaged.wav")
                .id();
        List<String> names = List.of("analyze_intonation", "detect_key", "analyze_timing", "analyze_tempo",
                "detect_onsets", "transcribe_notes");
        ExecutorService pool = Executors.newFixedThreadPool(names.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ToolException>> answers = new ArrayList<>();
            for (String tool : names) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return assertThrows(ToolException.class,
                            () -> tools().get(tool).invoke(args("recording_id", damaged), context), tool);
                }));
            }
            start.countDown();
            for (Future<ToolException> a : answers) {
                // a tool left waiting for the failed analysis times out here
                ToolException e = a.get(30, TimeUnit.SECONDS);
                assertEquals(ToolException.Code.BAD_AUDIO, e.code(), e.getMessage());
            }
        } finally {
            pool.shutdownNow(); // interrupts a tool still waiting, which then gives up
        }
    }

    @Test
    void aCancelledAnalysisLeavesNothingBehind() throws Exception {
        // a recording of its own, so no other test's attempt at it is under way or left behind
        String notAudio = context.audioStore().store(new ByteArrayInputStream("not audio either".repeat(20)
                .getBytes(StandardCharsets.UTF_8)), "more-notes.txt").id();
        Cancellation cancellation = Cancellation.none();
        cancellation.cancel();
        ToolContext cancelled = new ToolContext(context.audioStore(), cancellation);
        AudioTool t = tools().get("detect_key");
        ToolException e = assertThrows(ToolException.class,
                () -> t.invoke(args("recording_id", notAudio), cancelled));
        assertEquals(ToolException.Code.CANCELLED, e.code(), e.getMessage());
        // the next caller analyses the recording itself instead of waiting on the cancelled attempt
        e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(ToolException.class, () -> t.invoke(args("recording_id", notAudio), context)));
        assertEquals(ToolException.Code.BAD_AUDIO, e.code(), e.getMessage());
    }

    @Test
    void partialToolsReturnTheirPart() throws Exception {
        JsonNode key = tools().get("detect_key").invoke(args("recording_id", take1, "instrument", "flute"), context);
        assertEquals("C", key.at("/key/tonic").asText());
        JsonNode on = tools().get("detect_onsets").invoke(args("recording_id", take1), context);
        assertEquals(12, on.get("onsets").size());
    }

    @Test
    void theMetreSetsTheBarOfFlaggedNotes() throws Exception {
        AudioTool t = tools().get("analyze_intonation");
        assertEquals("integer", t.specification().parameters().at("/properties/beats_per_bar/type").asText());
        // the detuned note is the sixth, on beat index 5: bar 2 in four, bar 2 beat 3 in three
        JsonNode four = tools().get("analyze_recording").invoke(args("recording_id", take1), context);
        ObjectNode in3 = args("recording_id", take1);
        in3.put("beats_per_bar", 3);
        long analysed = AnalysisCache.analysesRun();
        JsonNode three = tools().get("analyze_recording").invoke(in3, context);
        assertEquals(analysed, AnalysisCache.analysesRun(), "the metre renumbers the cached analysis");
        assertEquals(4, four.at("/tempo/beats_per_bar").asInt());
        assertFalse(four.at("/tempo/beats_per_bar_given").asBoolean());
        assertEquals(2, four.at("/intonation/flagged/0/bar").asInt(), four.at("/intonation").toString());
        assertEquals(2, four.at("/intonation/flagged/0/beat").asDouble(), 0.25);
        assertEquals(3, three.at("/tempo/beats_per_bar").asInt());
        assertTrue(three.at("/tempo/beats_per_bar_given").asBoolean());
        assertEquals(2, three.at("/intonation/flagged/0/bar").asInt(), three.at("/intonation").toString());
        assertEquals(3, three.at("/intonation/flagged/0/beat").asDouble(), 0.25);
        for (String bad : new String[] {"three", "0", "13", "2.5"}) {
            ObjectNode a = args("recording_id", take1, "beats_per_bar", bad);
            if (!bad.equals("three")) {
                a.put("beats_per_bar", Double.parseDouble(bad));
            }
            ToolException e = assertThrows(ToolException.class, () -> t.invoke(a, context), bad);
            assertEquals(ToolException.Code.INVALID_ARGUMENTS, e.code());
            assertTrue(e.getMessage().contains("beats_per_bar"), e.getMessage());
        }
    }

    @Test
    void compareTakesSeesTheIntonationImprove() throws Exception {
        JsonNode r = tools().get("compare_takes").invoke(args("first_recording_id", take1,
                "second_recording_id", take2), context);
        List<String> improved = new ArrayList<>();
        r.get("improved").forEach(n -> improved.add(n.asText()));
        assertTrue(improved.contains("out-of-tune notes"), r.toString());
        assertEquals(1.0, r.get("note_similarity").asDouble(), 1e-9);
    }

    @Test
    void badArgumentsSayHowToFixThem() {
        AudioTool t = tools().get("analyze_tempo");
        ToolException e = assertThrows(ToolException.class, () -> t.invoke(args(), context));
        assertEquals(ToolException.Code.INVALID_ARGUMENTS, e.code());
        assertTrue(e.getMessage().contains("recording_id"));
        e = assertThrows(ToolException.class, () -> t.invoke(args("recording_id", take1, "speed", "x"), context));
        assertEquals(ToolException.Code.INVALID_ARGUMENTS, e.code());
        e = assertThrows(ToolException.class, () -> t.invoke(args("recording_id", take1, "instrument", "kazoo"),
                context));
        assertEquals(ToolException.Code.INVALID_ARGUMENTS, e.code());
        e = assertThrows(ToolException.class, () -> tools().get("compare_takes")
                .invoke(args("first_recording_id", take1, "second_recording_id", take1), context));
        assertEquals(ToolException.Code.INVALID_ARGUMENTS, e.code());
    }

    @Test
    void unknownRecordingIsNotFoundAndTextIsBadAudio() {
        AudioTool t = tools().get("detect_key");
        ToolException e = assertThrows(ToolException.class,
                () -> t.invoke(args("recording_id", "0123456789abcdef0123456789abcdef"), context));
        assertTrue(e.code() == ToolException.Code.NOT_FOUND || e.code() == ToolException.Code.INVALID_ARGUMENTS,
                e.code() + ": " + e.getMessage());
        e = assertThrows(ToolException.class, () -> t.invoke(args("recording_id", "../../etc/passwd"), context));
        assertTrue(e.code() == ToolException.Code.NOT_FOUND || e.code() == ToolException.Code.INVALID_ARGUMENTS);
        e = assertThrows(ToolException.class, () -> t.invoke(args("recording_id", text), context));
        assertEquals(ToolException.Code.BAD_AUDIO, e.code(), e.getMessage());
    }
}

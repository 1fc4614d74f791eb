package io.zikos.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {
    private static final int SR = 22050;

    /** A G major scale up and down, one note per beat at 100 bpm, harmonic tones, as a 16-bit WAV. */
    private static Path scale(Path dir, String name) throws Exception {
        int[] midis = {67, 69, 71, 72, 74, 76, 78, 79, 78, 76, 74, 72, 71, 69, 67};
        double beat = 0.6;
        float[] x = new float[(int) ((0.5 + midis.length * beat + 0.5) * SR)];
        for (int n = 0; n < midis.length; n++) {
            double f0 = 440 * Math.pow(2, (midis[n] - 69) / 12.0);
            int a = (int) ((0.5 + n * beat) * SR);
            int len = (int) (beat * 0.92 * SR);
            for (int i = 0; i < len + SR / 20; i++) {
                double t = i / (double) SR;
                double env = Math.min(1, t / 0.01) * (i < len ? 1 : Math.exp(-(i - len) / (0.015 * SR)));
                double v = 0;
                for (int k = 1; k <= 5; k++) {
                    v += Math.sin(2 * Math.PI * k * f0 * t) / k;
                }
                x[a + i] += (float) (0.2 * env * v);
            }
        }
        ByteBuffer b = ByteBuffer.allocate(2 * x.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : x) {
            b.putShort((short) Math.round(v * 32767));
        }
        Path p = dir.resolve(name);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(b.array()),
                new AudioFormat(SR, 16, 1, true, false), x.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, p.toFile());
        }
        return p;
    }

    private static String text(ByteArrayOutputStream s) {
        return s.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsAPracticeReport(@TempDir Path dir) throws Exception {
        Path wav = scale(dir, "scale.wav");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new AnalyzeCommand().run(List.of(wav.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, text(err));
        String report = text(out);
        assertTrue(report.contains("Practice report: scale.wav"), report);
        assertTrue(report.contains("Tempo: about 100 bpm"), report);
        assertTrue(report.contains("Key: G major"), report);
        assertTrue(report.contains("What to practise"), report);
    }

    @Test
    void writesOneJsonPerFileForTheScorer(@TempDir Path dir) throws Exception {
        Path a = scale(dir, "take1.wav");
        Path b = scale(dir, "take2.wav");
        Path outDir = dir.resolve("reports");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        int rc = new AnalyzeCommand().run(List.of("--out", outDir.toString(), a.toString(), b.toString()), sink,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, text(err));
        assertEquals("", text(err), "quiet when not on a terminal");
        for (String stem : List.of("take1", "take2")) {
            JsonNode r = new ObjectMapper().readTree(outDir.resolve(stem + ".json").toFile());
            assertEquals(100, r.at("/tempo/bpm").asDouble(), 2);
            assertEquals(15, r.get("notes").size());
            assertEquals("G", r.at("/key/tonic").asText());
            for (String p : List.of("/tempo/beats", "/onsets", "/chords", "/timing/flagged", "/intonation/flagged",
                    "/dynamics/trend")) {
                assertTrue(!r.at(p).isMissingNode(), p);
            }
        }
    }

    @Test
    void theMetreGivenReachesTheReport(@TempDir Path dir) throws Exception {
        Path wav = scale(dir, "waltz.wav");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new AnalyzeCommand().run(List.of("--json", "--beats-per-bar", "3/4", wav.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, text(err));
        JsonNode r = new ObjectMapper().readTree(text(out));
        assertEquals(3, r.at("/tempo/beats_per_bar").asInt());
        assertTrue(r.at("/tempo/beats_per_bar_given").asBoolean());
    }

    @Test
    void badInputAndUsage(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        AnalyzeCommand c = new AnalyzeCommand();
        assertEquals(2, c.run(List.of(), sink, e));
        assertEquals(2, c.run(List.of("--bogus", "x.wav"), sink, e));
        assertEquals(2, c.run(List.of("--instrument", "kazoo", "x.wav"), sink, e));
        assertEquals(2, c.run(List.of("--beats-per-bar", "waltz", "x.wav"), sink, e));
        assertTrue(text(err).contains("'waltz' is not a metre"), text(err));
        Path notAudio = Files.writeString(dir.resolve("notes.wav"), "this is text, not audio ".repeat(40));
        assertEquals(1, c.run(List.of(notAudio.toString()), sink, e));
        assertTrue(text(err).contains("notes.wav"), text(err));
    }
}

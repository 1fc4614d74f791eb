package io.zikos.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesCommandTest {

    private static Path tone() {
        return Path.of(System.getProperty("zikos.testdata", "../testdata"), "audio", "tone_a4_7s.wav");
    }

    @Test
    void writesFeaturesAndPrintsOneJsonLine(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("tone.f32");
        Path mask = dir.resolve("tone.mask.i32");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int rc = new FeaturesCommand().run(List.of(tone().toString(), "--out", out.toString(), "--mask",
                mask.toString(), "--max-windows", "20"), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, stderr.toString(StandardCharsets.UTF_8));
        String[] lines = stdout.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(1, lines.length);
        JsonNode json = new ObjectMapper().readTree(lines[0]);
        // 7 s at 16 kHz: one window, ceil(112000 / 160) = 700 valid frames, 175 audio tokens (transformers' values)
        assertEquals(1, json.path("windows").asInt());
        assertEquals(700, json.path("valid_frames").get(0).asInt());
        assertEquals(175, json.path("audio_tokens").asInt());
        assertEquals(false, json.path("truncated").asBoolean());
        byte[] bytes = Files.readAllBytes(out);
        assertEquals(128 * 3000 * 4, bytes.length);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float floor = b.getFloat(4 * 2999); // mel bin 0, last frame: padding, so the window's floor value
        for (int m = 0; m < 128; m++) {
            assertEquals(floor, b.getFloat(4 * (m * 3000 + 2999)), "padding frames hold the floor value");
        }
        ByteBuffer mb = ByteBuffer.wrap(Files.readAllBytes(mask)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, mb.getInt(4 * 699));
        assertEquals(0, mb.getInt(4 * 700));
    }

    @Test
    void badUsageIsExitCodeTwo(@TempDir Path dir) throws Exception {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        FeaturesCommand c = new FeaturesCommand();
        assertEquals(2, c.run(List.of(tone().toString()), sink, sink));
        assertEquals(2, c.run(List.of("--out", dir.resolve("x.f32").toString()), sink, sink));
        assertEquals(2, c.run(List.of(tone().toString(), "--out", dir.resolve("x.f32").toString(), "--max-windows",
                "zero"), sink, sink));
        assertTrue(c.usage().contains("--max-windows"));
    }
}

package io.zikos.core.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zikos.core.text.HfTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Streaming with a real byte-level BPE tokenizer: the tiny fixtures' tokenizer.json, whose small vocabulary spells
 * these characters as several byte tokens each.
 */
class StreamingDetokenizerHfTest {

    @Test
    void charactersSplitOverByteTokensArriveWhole() {
        Path dir = Path.of(System.getProperty("zikos.testdata", "../testdata")).resolve("models/qwen2-tiny/onnx");
        String text = "A4 → 440 Hz ♩ = 120 🎻 é";
        try (HfTokenizer tok = HfTokenizer.load(dir)) {
            int[] ids = tok.encode(text);
            assertTrue(ids.length > text.codePointCount(0, text.length()),
                    "some characters must be split over several byte tokens: " + ids.length);
            StreamingDetokenizer d = new StreamingDetokenizer(tok);
            List<String> deltas = new ArrayList<>();
            boolean sawHeldBack = false;
            for (int id : ids) {
                String delta = d.push(id);
                sawHeldBack |= delta.isEmpty();
                if (!delta.isEmpty()) {
                    deltas.add(delta);
                }
            }
            String rest = d.flush();
            assertEquals("", rest, "nothing pending after complete characters");
            assertTrue(sawHeldBack, "a partial character was held back at least once");
            assertEquals(tok.decode(ids), String.join("", deltas));
            assertEquals(text, String.join("", deltas));
            assertTrue(deltas.stream().noneMatch(s -> s.indexOf('\uFFFD') >= 0), deltas::toString);
            assertTrue(deltas.stream().anyMatch(s -> s.contains("🎻")), deltas::toString);
        }
    }
}

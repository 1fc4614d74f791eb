package io.zikos.core.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingDetokenizerTest {

    @Test
    void emitsOnlyCompleteCharactersAndReassemblesTheText() {
        String text = "Añ€ 𝄞 — ok";
        StreamingDetokenizer d = new StreamingDetokenizer(new FakeModels.ByteTokenizer());
        List<String> deltas = new ArrayList<>();
        for (int id : FakeModels.bytes(text)) {
            String delta = d.push(id);
            if (!delta.isEmpty()) {
                deltas.add(delta);
            }
        }
        deltas.add(d.flush());
        assertEquals(text, String.join("", deltas));
        assertEquals(text, d.text());
        assertTrue(deltas.contains("𝄞"), "the 4-byte G clef arrives as one delta: " + deltas);
        assertTrue(deltas.stream().noneMatch(s -> s.indexOf('\uFFFD') >= 0));
    }

    @Test
    void anIncompleteCharacterIsHeldUntilFlush() {
        StreamingDetokenizer d = new StreamingDetokenizer(new FakeModels.ByteTokenizer());
        int[] euro = FakeModels.bytes("€");
        assertEquals("", d.push(euro[0]));
        assertEquals("", d.push(euro[1]));
        assertEquals("\uFFFD", d.flush());
    }
}

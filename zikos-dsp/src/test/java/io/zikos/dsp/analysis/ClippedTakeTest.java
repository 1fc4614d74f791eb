package io.zikos.dsp.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A take recorded too loud: clipping that comes and goes as held notes swell is not a string of new attacks. */
class ClippedTakeTest {

    /**
     * Held notes (1.2 s each, a breath between them) whose level swells and ebbs five times a second (a wide
     * tremolo), recorded {@code overDb} too loud and clipped at full scale wherever the swell passes it.
     */
    private static float[] swellingNotes(int[] midis, double overDb) {
        List<Synth.Tone> tones = new ArrayList<>();
        for (int i = 0; i < midis.length; i++) {
            tones.add(new Synth.Tone(0.5 + 1.4 * i, 1.2, midis[i]));
        }
        float[] x = Synth.render(tones, 0.5 + 1.4 * midis.length + 0.5);
        float peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        double gain = Math.pow(10, overDb / 20) / peak;
        for (int i = 0; i < x.length; i++) {
            double swell = 0.75 + 0.25 * Math.sin(2 * Math.PI * 5 * i / (double) Synth.SR);
            x[i] = (float) Math.max(-1, Math.min(1, gain * swell * x[i]));
        }
        return x;
    }

    @Test
    void clippingThatComesAndGoesDoesNotSplitAHeldNote() {
        int[] midis = {57, 60, 64, 62};
        float[] x = swellingNotes(midis, 4);
        Analysis a = new Analyzer().analyze(Synth.pcm(x));
        assertTrue(a.level().clipped(), "the take is clipped: " + a.level());
        List<Note> notes = a.notes();
        assertEquals(midis.length, notes.size(), "notes: " + notes);
        for (int i = 0; i < midis.length; i++) {
            assertEquals(midis[i], notes.get(i).midi(), "notes: " + notes);
            assertEquals(0.5 + 1.4 * i, notes.get(i).onset(), 0.03, "notes: " + notes);
        }
    }
}

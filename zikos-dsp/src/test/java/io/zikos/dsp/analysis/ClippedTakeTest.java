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

    @Test
    void aTremoloCrossingFullScaleIsNoChordAttack() {
        // a chord on every beat at 90 bpm with a 14 Hz tremolo (an e-piano's) that carries it past full scale again and
        // again: each crossing made a flux peak with the level flat, and the tempo came out of those
        int[][] chords = {{57, 60, 64}, {53, 57, 60}, {55, 59, 62}, {52, 55, 59}};
        double beat = 60 / 90.0;
        List<Synth.Tone> tones = new ArrayList<>();
        for (int k = 0; k < 16; k++) {
            for (int m : chords[k / 4]) {
                tones.add(new Synth.Tone(0.5 + beat * k, beat - 0.05, m, 0, 0.3));
            }
        }
        float[] x = Synth.render(tones, 0.5 + 16 * beat + 0.5);
        float peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        double gain = Math.pow(10, 6 / 20.0) / peak;
        for (int i = 0; i < x.length; i++) {
            double tremolo = 0.9 + 0.1 * Math.sin(2 * Math.PI * 14 * i / (double) Synth.SR);
            x[i] = (float) Math.max(-1, Math.min(1, gain * tremolo * x[i]));
        }
        Analysis a = new Analyzer().analyze(Synth.pcm(x));
        assertTrue(a.polyphonic());
        assertEquals(90, a.tempo().bpm(), 90 * 0.04, "tempo of " + a.tempo());
    }

    @Test
    void aTakeNormalisedToFullScaleKeepsItsReStruckNotes() {
        // an E4 bowed again three times without a break, each stroke's accent (+60 %, some 4 dB) peaking at full
        // scale, as a take normalised to 0 dBFS does; the take is not clipped, so those accents are attacks
        double[] starts = {0, 0.6, 1.2, 1.8};
        float[] x = Synth.slurred(2.4, t -> 64, starts, t -> {
            double since = t;
            for (double s : starts) {
                since = s <= t ? t - s : since;
            }
            return 1 + 0.6 * Math.exp(-since / 0.05);
        });
        float peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        for (int i = 0; i < x.length; i++) {
            x[i] /= peak;
        }
        Analysis a = new Analyzer().analyze(Synth.pcm(x));
        assertTrue(!a.level().clipped(), "normalised, not clipped: " + a.level());
        List<Note> notes = a.notes();
        assertEquals(4, notes.size(), "notes: " + notes);
        for (int i = 0; i < 4; i++) {
            assertEquals(64, notes.get(i).midi(), "notes: " + notes);
            assertEquals(0.5 + starts[i], notes.get(i).onset(), 0.03, "notes: " + notes);
        }
    }
}

package io.zikos.dsp.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Brass-like notes that speak in two stages: each starts soft and 45 cents flat, gliding up, and the full attack (a
 * second, stronger flux peak) comes 75 ms later at the note's pitch. Each must be one note, timed at its start and read
 * at its pitch: without the two-stage rule each became a 75 ms note 30-40 cents flat at the right time and the real
 * note 75 ms late.
 */
class TwoStageAttackTest {
    /** When the tongue's full attack comes (s after the note starts). */
    static final double SECOND_STAGE = 0.075;

    /** Notes of {@code duration} s, each starting flat and soft, then jumping to full level at its pitch. */
    private static float[] renderTwoStage(double[] onsets, int[] midis, double duration, double total) {
        float[] x = new float[(int) (total * Synth.SR)];
        for (int j = 0; j < onsets.length; j++) {
            double f0 = 440 * Math.pow(2, (midis[j] - 69) / 12.0);
            int a = (int) (onsets[j] * Synth.SR);
            int n = (int) (duration * Synth.SR);
            double phase = 0;
            for (int i = 0; i < n && a + i < x.length; i++) {
                double time = i / (double) Synth.SR;
                boolean first = time < SECOND_STAGE;
                // the first stage glides from 45 to 25 cents flat and grows from nothing to a third of full level
                double cents = first ? -45 + 20 * time / SECOND_STAGE : 0;
                double amp = first ? 0.33 * Math.sqrt(time / SECOND_STAGE)
                        : Math.min(1, 0.33 + (time - SECOND_STAGE) / 0.005);
                double release = Math.min(1, (duration - time) / 0.02);
                phase += 2 * Math.PI * f0 * Math.pow(2, cents / 1200) / Synth.SR;
                double v = 0;
                for (int k = 1; k <= 8; k++) {
                    v += Math.sin(k * phase) / k;
                }
                x[a + i] += (float) (0.3 * amp * release * v);
            }
        }
        return x;
    }

    @Test
    void aNoteThatSpeaksInTwoStagesIsOneNoteAtItsStartAndPitch() {
        double[] onsets = {0.5, 1.1, 1.7, 2.3, 2.9};
        int[] midis = {53, 46, 46, 41, 44};
        List<Note> notes = new Analyzer().analyze(Synth.pcm(renderTwoStage(onsets, midis, 0.5, 3.8))).notes();
        assertEquals(onsets.length, notes.size(), "notes: " + notes);
        for (int i = 0; i < onsets.length; i++) {
            Note n = notes.get(i);
            assertEquals(midis[i], n.midi(), "notes: " + notes);
            assertEquals(onsets[i] + 0.01, n.onset(), 0.03, "onset of " + n + " in " + notes);
            assertEquals(0, n.cents(), 10, "pitch of " + n + " in " + notes);
        }
    }
}

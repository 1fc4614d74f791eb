package io.zikos.dsp.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A take recorded from further away is the same performance: the analysis must not depend on the gain. */
class LevelInvarianceTest {

    @Test
    void aTakeFiftyDecibelsQuieterGivesTheSameNotesAndOnsets() {
        int[] line = {60, 62, 64, 65, 67, 69, 71, 72, 71, 69, 67, 65, 64, 62, 60};
        double[] beats = {1, 0.5, 0.5, 1, 1, 0.5, 0.5, 1, 1, 1, 0.5, 0.5, 1, 1, 2};
        List<Synth.Tone> tones = Synth.melody(line, beats, 96);
        float[] loud = Synth.render(tones, 11);
        float[] quiet = new float[loud.length];
        for (int i = 0; i < loud.length; i++) {
            quiet[i] = loud[i] * 0.00316f;
        }
        Analysis a = new Analyzer().analyze(Synth.pcm(loud));
        Analysis b = new Analyzer().analyze(Synth.pcm(quiet));
        assertEquals(a.notes().size(), b.notes().size(), "notes: " + b.notes());
        for (int i = 0; i < a.notes().size(); i++) {
            assertEquals(a.notes().get(i).midi(), b.notes().get(i).midi());
            assertEquals(a.notes().get(i).onset(), b.notes().get(i).onset(), 0.002, "onset of note " + i);
            assertEquals(a.notes().get(i).strength(), b.notes().get(i).strength(), 0.05 * a.notes().get(i).strength(),
                    "onset salience of note " + i);
        }
        assertEquals(a.tempo().bpm(), b.tempo().bpm(), 0.01);
    }
}

package io.zikos.dsp.analysis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Telling a single line from chords, also in a noisy room where noise fills the rests. */
class TextureTest {

    /** Two four-bar phrases of quarter notes at 100 bpm with a bar's rest between and after them. */
    private static List<Synth.Tone> phrases() {
        int[] line = {60, 62, 64, 65, 67, 65, 64, 62, 64, 65, 67, 69, 67, 65, 64, 60};
        List<Synth.Tone> tones = new ArrayList<>();
        double beat = 0.6;
        double t = 0.5;
        for (int i = 0; i < line.length; i++) {
            tones.add(new Synth.Tone(t, 0.9 * beat, line[i]));
            t += beat;
            if (i == 7) {
                t += 4 * beat;
            }
        }
        return tones;
    }

    /** Adds pink noise (Kellet's filter over white noise) at the given signal-to-noise ratio of the whole take. */
    static float[] withNoise(float[] x, double snrDb, long seed) {
        Random r = new Random(seed);
        double[] n = new double[x.length];
        double b0 = 0, b1 = 0, b2 = 0;
        double pn = 0;
        double px = 0;
        for (int i = 0; i < x.length; i++) {
            double w = r.nextGaussian();
            b0 = 0.99765 * b0 + w * 0.0990460;
            b1 = 0.96300 * b1 + w * 0.2965164;
            b2 = 0.57000 * b2 + w * 1.0526913;
            n[i] = b0 + b1 + b2 + w * 0.1848;
            pn += n[i] * n[i];
            px += x[i] * (double) x[i];
        }
        double g = Math.sqrt(px / pn / Math.pow(10, snrDb / 10));
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] + g * n[i]);
        }
        return y;
    }

    @Test
    void melodyWithRestsInLoudNoiseIsASingleLine() {
        float[] x = withNoise(Synth.render(phrases(), 15), 10, 1);
        Analysis a = new Analyzer().analyze(Synth.pcm(x));
        assertFalse(a.polyphonic(), "noise in the rests is not harmony");
    }

    @Test
    void chordsInLoudNoiseAreStillChords() {
        List<Synth.Tone> tones = new ArrayList<>();
        int[][] chords = {{60, 64, 67}, {57, 60, 64}, {53, 57, 60}, {55, 59, 62}};
        for (int bar = 0; bar < chords.length; bar++) {
            for (int m : chords[bar]) {
                tones.add(new Synth.Tone(0.5 + 2 * bar, 1.8, m, 0, 0.3));
            }
        }
        float[] x = withNoise(Synth.render(tones, 9), 10, 2);
        assertTrue(new Analyzer().analyze(Synth.pcm(x)).polyphonic());
    }
}

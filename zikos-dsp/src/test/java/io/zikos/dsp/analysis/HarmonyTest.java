package io.zikos.dsp.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HarmonyTest {

    @Test
    void keyOfScaleMelodies() {
        KeyEstimator k = new KeyEstimator();
        // C major: all white keys, ends on C
        double[] h = new double[12];
        for (int pc : new int[] {0, 2, 4, 5, 7, 9, 11}) {
            h[pc] = 1;
        }
        h[0] += 1;
        h[7] += 0.5;
        assertEquals("C major", k.estimate(h, 0, 0).best().label());
        // the same notes ending and starting on A: A minor
        double[] m = new double[12];
        for (int pc : new int[] {0, 2, 4, 5, 7, 9, 11}) {
            m[pc] = 1;
        }
        m[9] += 1;
        m[4] += 0.5;
        assertEquals("A minor", k.estimate(m, 9, 9).best().label());
    }

    @Test
    void melodyInDMajorIsFoundFromAudio() {
        int[] midis = {62, 64, 66, 67, 69, 71, 73, 74, 73, 71, 69, 67, 66, 64, 62};
        double[] beats = new double[midis.length];
        java.util.Arrays.fill(beats, 1);
        beats[beats.length - 1] = 2;
        Analysis a = new Analyzer().analyze(Synth.pcm(Synth.render(Synth.melody(midis, beats, 110), 10)));
        assertEquals("D major", a.key().best().label());
    }

    /** Triads with a bass root, one bar each at 120 bpm (comping on beats 1 and 3, bass every beat). */
    private static float[] progression(int[][] chords) {
        List<Synth.Tone> tones = new ArrayList<>();
        double spb = 0.5;
        for (int bar = 0; bar < chords.length; bar++) {
            double start = 0.5 + bar * 4 * spb;
            for (int beat : new int[] {0, 2}) {
                for (int m : chords[bar]) {
                    tones.add(new Synth.Tone(start + beat * spb, 1.8 * spb, m, 0, 0.25));
                }
            }
            for (int beat = 0; beat < 4; beat++) {
                tones.add(new Synth.Tone(start + beat * spb, 0.9 * spb, 36 + chords[bar][0] % 12, 0, 0.35));
            }
        }
        return Synth.render(tones, 0.5 + chords.length * 2 + 0.5);
    }

    @Test
    void chordProgressionIsLabelled() {
        int[][] prog = {{60, 64, 67}, {57, 60, 64}, {53, 57, 60}, {55, 59, 62}};
        String[] expected = {"C:maj", "A:min", "F:maj", "G:maj"};
        Analysis a = new Analyzer().analyze(Synth.pcm(progression(prog)));
        for (int bar = 0; bar < prog.length; bar++) {
            double mid = 0.5 + bar * 2 + 1.0;
            String label = "none";
            for (ChordRecognizer.ChordSegment c : a.chords()) {
                if (c.start() <= mid && c.end() > mid) {
                    label = c.label();
                }
            }
            assertEquals(expected[bar], label, "bar " + (bar + 1) + " in " + a.chords());
        }
        assertEquals(true, a.polyphonic());
        assertEquals("C major", a.key().best().label());
    }
}

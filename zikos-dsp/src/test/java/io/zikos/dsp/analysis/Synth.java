package io.zikos.dsp.analysis;

import io.zikos.api.PcmAudio;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** Synthetic test signals with known answers. */
public final class Synth {
    public static final int SR = 22050;

    private Synth() {
    }

    /** A note to render: onset, duration (s), MIDI pitch, cents, peak amplitude. */
    public record Tone(double onset, double duration, int midi, double cents, double amplitude) {
        public Tone(double onset, double duration, int midi) {
            this(onset, duration, midi, 0, 0.5);
        }

        /** The same note played {@code c} cents off. */
        public Tone detuned(double c) {
            return new Tone(onset, duration, midi, c, amplitude);
        }

        /** The same note started {@code s} seconds late (early when negative), ending where it did. */
        public Tone moved(double s) {
            return new Tone(onset + s, duration - s, midi, cents, amplitude);
        }
    }

    /** Harmonic tones (6 partials, 1/k amplitudes) with a 10 ms attack and a 60 ms release after the note, mixed. */
    public static float[] render(List<Tone> tones, double totalSeconds) {
        float[] x = new float[(int) (totalSeconds * SR)];
        for (Tone t : tones) {
            double f0 = 440 * Math.pow(2, (t.midi() + t.cents() / 100.0 - 69) / 12.0);
            int a = (int) (t.onset() * SR);
            int n = (int) ((t.duration() + 0.06) * SR);
            for (int i = 0; i < n && a + i < x.length; i++) {
                double time = i / (double) SR;
                double release = time <= t.duration() ? 1 : Math.exp(-(time - t.duration()) / 0.015);
                double env = Math.min(1, time / 0.01) * release
                        * Math.exp(-time * 0.7);
                double v = 0;
                for (int k = 1; k <= 6; k++) {
                    if (k * f0 < SR / 2.0) {
                        v += Math.sin(2 * Math.PI * k * f0 * time) / k;
                    }
                }
                x[a + i] += (float) (t.amplitude() * env * v / 2.45);
            }
        }
        return x;
    }

    /**
     * A phase-continuous line of harmonic tone (6 partials, 1/k amplitudes), {@code seconds} long, between half a
     * second of silence on either side: its pitch (fractional MIDI) at each time {@code t} (s from the line's start),
     * barely an accent (+12 % fading over 30 ms) at each of {@code noteStarts}, and its level scaled by
     * {@code swell} at each time.
     */
    public static float[] slurred(double seconds, DoubleUnaryOperator pitch, double[] noteStarts,
            DoubleUnaryOperator swell) {
        float[] x = new float[(int) ((0.5 + seconds + 0.5) * SR)];
        double phase = 0;
        for (int i = 0; i < (int) (seconds * SR); i++) {
            double time = i / (double) SR;
            double sinceOnset = time;
            for (double s : noteStarts) {
                if (s <= time) {
                    sinceOnset = time - s;
                }
            }
            phase += 2 * Math.PI * 440 * Math.pow(2, (pitch.applyAsDouble(time) - 69) / 12.0) / SR;
            double env = Math.min(1, time / 0.01) * (1 + 0.12 * Math.exp(-sinceOnset / 0.03)) * swell.applyAsDouble(time);
            double v = 0;
            for (int h = 1; h <= 6; h++) {
                v += Math.sin(h * phase) / h;
            }
            x[(int) (0.5 * SR) + i] = (float) (0.3 * env * v / 2.45);
        }
        return x;
    }

    /** A melody: each note takes {@code beats[i]} beats at {@code bpm}, starting at 0.5 s, played legato (92 %). */
    public static List<Tone> melody(int[] midis, double[] beats, double bpm) {
        List<Tone> out = new ArrayList<>();
        double t = 0.5;
        for (int i = 0; i < midis.length; i++) {
            double d = beats[i] * 60 / bpm;
            out.add(new Tone(t, d * 0.92, midis[i]));
            t += d;
        }
        return out;
    }

    /** A melody of one note per beat, as a list that may be changed. */
    public static List<Tone> onePerBeat(int[] midis, double bpm) {
        double[] beats = new double[midis.length];
        java.util.Arrays.fill(beats, 1);
        return melody(midis, beats, bpm);
    }

    public static PcmAudio pcm(float[] x) {
        return new PcmAudio(x, SR, 0, x.length / (double) SR, "synthetic");
    }

    /** A sine in [-0.5, 0.5]. */
    public static float[] sine(double hz, double seconds) {
        float[] x = new float[(int) (seconds * SR)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / SR));
        }
        return x;
    }
}

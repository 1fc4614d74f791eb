package io.zikos.dsp.analysis;

import java.util.Map;

/**
 * One long spectrum of a note's steady part (past the attack, before the release), Hann-windowed and zero-padded
 * twice over, for the few analyses that need sub-bin partial frequencies or the power on a harmonic series.
 */
final class NoteSpectrum {
    /** At most this much of the note (s) is analysed: enough for sub-cent peaks, bounded cost per note. */
    static final double MAX_SPAN_S = 0.4;

    /** Shortest steady part (s) worth a spectrum. */
    static final double MIN_SPAN_S = 0.06;

    private final double[] re;
    private final double[] im;
    private final double binHz;
    private final double spanSeconds;

    private NoteSpectrum(double[] re, double[] im, double binHz, double spanSeconds) {
        this.re = re;
        this.im = im;
        this.binHz = binHz;
        this.spanSeconds = spanSeconds;
    }

    /** Length (s) of the steady part analysed. */
    double spanSeconds() {
        return spanSeconds;
    }

    /**
     * The spectrum of {@code n}'s steady part, or null when that is shorter than {@code minSpan} seconds.
     *
     * @param ffts one transform plan per size, shared by a recording's notes
     */
    static NoteSpectrum of(Note n, float[] samples, int sampleRate, double minSpan, Map<Integer, RealFft> ffts) {
        double from = n.onset() + Math.min(0.15, 0.3 * n.duration());
        double to = Math.min(n.offset() - 0.1 * n.duration(), from + MAX_SPAN_S);
        int a = (int) Math.round(from * sampleRate);
        int b = Math.min(samples.length, (int) Math.round(to * sampleRate));
        if (b - a < minSpan * sampleRate || a < 0) {
            return null;
        }
        int len = b - a;
        int size = Integer.highestOneBit(2 * len - 1) << 1;
        double[] frame = new double[size];
        for (int i = 0; i < len; i++) {
            frame[i] = samples[a + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (len - 1)));
        }
        double[] re = new double[size / 2 + 1];
        double[] im = new double[size / 2 + 1];
        ffts.computeIfAbsent(size, RealFft::new).forward(frame, re, im);
        return new NoteSpectrum(re, im, sampleRate / (double) size, len / (double) sampleRate);
    }

    /** The largest power within {@code search} (a fraction of the frequency) of {@code hz}. */
    double power(double hz, double search) {
        int lo = Math.max(1, (int) Math.floor(hz * (1 - search) / binHz));
        int hi = Math.min(re.length - 1, (int) Math.ceil(hz * (1 + search) / binHz));
        double best = 0;
        for (int k = lo; k <= hi; k++) {
            best = Math.max(best, re[k] * re[k] + im[k] * im[k]);
        }
        return best;
    }

    /**
     * The strongest peak within {@code search} (a fraction of the frequency) of {@code hz}: {frequency, magnitude},
     * the frequency interpolated by a parabola through the log magnitudes of the peak bin and its neighbours; null
     * when the strongest bin lies on the edge of the search (a slope, not a peak).
     */
    double[] peak(double hz, double search) {
        int lo = Math.max(1, (int) Math.ceil(hz * (1 - search) / binHz));
        int hi = Math.min(re.length - 2, (int) Math.floor(hz * (1 + search) / binHz));
        if (hi - lo < 2) {
            return null;
        }
        int best = lo;
        for (int k = lo + 1; k <= hi; k++) {
            if (magnitude(k) > magnitude(best)) {
                best = k;
            }
        }
        if (best == lo || best == hi) {
            return null;
        }
        double l = Math.log(magnitude(best - 1) + 1e-30);
        double c = Math.log(magnitude(best) + 1e-30);
        double r = Math.log(magnitude(best + 1) + 1e-30);
        double den = l - 2 * c + r;
        double shift = den != 0 ? 0.5 * (l - r) / den : 0;
        return new double[] {(best + shift) * binHz, magnitude(best)};
    }

    private double magnitude(int k) {
        return Math.hypot(re[k], im[k]);
    }
}

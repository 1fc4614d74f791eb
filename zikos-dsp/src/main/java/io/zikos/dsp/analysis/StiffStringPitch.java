package io.zikos.dsp.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pitch of struck and plucked strings (piano, guitar), whose partials are not whole multiples of the fundamental:
 * a stiff string's n-th partial lies at {@code n f0 sqrt(1 + B n²)}, increasingly sharp. The period-based pitch track
 * reads such a note sharp — by 8–15 cents on a piano — because the waveform's repetitions drift with the stretched
 * partials. This measures each note's partials in one long spectrum and, where they clearly follow the stiff-string
 * law, takes the fundamental from the fit. Notes whose partials are harmonic (winds, bowed strings, voice) keep the
 * pitch track's reading, which is the more precise one for them.
 */
final class StiffStringPitch {
    /** Smallest inharmonicity coefficient B taken as a stiff string (a piano's mid range is 1e-4 to 1e-3). */
    static final double MIN_INHARMONICITY = 5e-5;
    /** The stretch must explain this much of the partials' spread (weighted R²); vibrato and noise scatter them. */
    static final double MIN_FIT = 0.8;
    /** At least this many partials must be found to fit the law. */
    static final int MIN_PARTIALS = 4;
    /** Partials 1..this are looked for. */
    static final int MAX_PARTIAL = 8;
    /** A partial is looked for within this fraction of its harmonic frequency. */
    static final double SEARCH = 0.025;
    /** The refined pitch replaces the track's only when they are this close (semitones): same note, better read. */
    static final double MAX_CORRECTION_ST = 0.3;
    /** At most this much of the note (s) is analysed: enough for sub-cent peaks, bounded cost per note. */
    static final double MAX_SPAN_S = 0.4;
    /** Shortest steady part (s) worth a spectrum. */
    static final double MIN_SPAN_S = 0.08;

    private StiffStringPitch() {
    }

    /**
     * A note re-read at its fundamental: the pitch track over {@code [onset, offset)} reads {@code semitones} too high
     * there (the same stretch), so a chart of the track can be moved by as much to agree with the note.
     */
    record Correction(double onset, double offset, double semitones) {
    }

    /** Notes, those that sound like stiff strings with their pitch taken from the partials' fit, and what moved. */
    record Refined(List<Note> notes, List<Correction> corrections) {
    }

    static Refined refine(List<Note> notes, float[] samples, int sampleRate) {
        List<Note> out = new ArrayList<>(notes.size());
        List<Correction> corrections = new ArrayList<>();
        Map<Integer, RealFft> ffts = new HashMap<>(); // one plan per transform size, shared by the recording's notes
        for (Note n : notes) {
            double pitch = fundamental(n, samples, sampleRate, ffts);
            if (Double.isNaN(pitch) || Math.abs(pitch - n.pitch()) >= MAX_CORRECTION_ST) {
                out.add(n);
                continue;
            }
            int midi = (int) Math.round(pitch);
            out.add(new Note(n.onset(), n.offset(), midi, 100 * (pitch - midi), n.confidence(), n.levelDb(),
                    n.strength(), n.attackTime()));
            corrections.add(new Correction(n.onset(), n.offset(), n.pitch() - pitch));
        }
        return new Refined(List.copyOf(out), List.copyOf(corrections));
    }

    /** The fitted fundamental (fractional MIDI) of a stiff-string note, or NaN when the note is not one. */
    static double fundamental(Note n, float[] samples, int sampleRate) {
        return fundamental(n, samples, sampleRate, new HashMap<>());
    }

    private static double fundamental(Note n, float[] samples, int sampleRate, Map<Integer, RealFft> ffts) {
        // the steady part: past the attack, before the release
        double from = n.onset() + Math.min(0.15, 0.3 * n.duration());
        double to = Math.min(n.offset() - 0.1 * n.duration(), from + MAX_SPAN_S);
        int a = (int) Math.round(from * sampleRate);
        int b = Math.min(samples.length, (int) Math.round(to * sampleRate));
        if (b - a < MIN_SPAN_S * sampleRate || a < 0) {
            return Double.NaN;
        }
        int len = b - a;
        int size = Integer.highestOneBit(2 * len - 1) << 1; // zero-padded twice over: finer bins to interpolate
        double[] frame = new double[size];
        for (int i = 0; i < len; i++) {
            frame[i] = samples[a + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (len - 1)));
        }
        double[] re = new double[size / 2 + 1];
        double[] im = new double[size / 2 + 1];
        ffts.computeIfAbsent(size, RealFft::new).forward(frame, re, im);
        double binHz = sampleRate / (double) size;
        double f0 = Instrument.midiToHz(n.pitch());
        // weighted least squares of (f_n / n)² = f0² + f0² B n², weighted by each partial's magnitude
        double sw = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        double[] xs = new double[MAX_PARTIAL];
        double[] ys = new double[MAX_PARTIAL];
        double[] ws = new double[MAX_PARTIAL];
        int found = 0;
        for (int h = 1; h <= MAX_PARTIAL && h * f0 < 0.45 * sampleRate; h++) {
            double[] peak = peak(re, im, h * f0, binHz);
            if (peak == null) {
                continue;
            }
            double x = h * h;
            double y = Math.pow(peak[0] / h, 2);
            double w = peak[1];
            xs[found] = x;
            ys[found] = y;
            ws[found] = w;
            found++;
            sw += w;
            sx += w * x;
            sy += w * y;
            sxx += w * x * x;
            sxy += w * x * y;
        }
        if (found < MIN_PARTIALS) {
            return Double.NaN;
        }
        double det = sw * sxx - sx * sx;
        if (det <= 0) {
            return Double.NaN;
        }
        double c1 = (sw * sxy - sx * sy) / det;
        double c0 = (sy - c1 * sx) / sw;
        if (c0 <= 0 || c1 / c0 < MIN_INHARMONICITY) {
            return Double.NaN;
        }
        double mean = sy / sw;
        double residual = 0;
        double total = 0;
        for (int i = 0; i < found; i++) {
            double e = ys[i] - (c0 + c1 * xs[i]);
            residual += ws[i] * e * e;
            total += ws[i] * (ys[i] - mean) * (ys[i] - mean);
        }
        if (total <= 0 || 1 - residual / total < MIN_FIT) {
            return Double.NaN;
        }
        return Instrument.hzToMidi(Math.sqrt(c0));
    }

    /**
     * The strongest spectral peak within {@link #SEARCH} of {@code hz}: {frequency, magnitude}, the frequency
     * interpolated by a parabola through the log magnitudes of the peak bin and its neighbours; null when the
     * strongest bin lies on the edge of the search (a slope, not a peak).
     */
    private static double[] peak(double[] re, double[] im, double hz, double binHz) {
        int lo = Math.max(1, (int) Math.ceil(hz * (1 - SEARCH) / binHz));
        int hi = Math.min(re.length - 2, (int) Math.floor(hz * (1 + SEARCH) / binHz));
        if (hi - lo < 2) {
            return null;
        }
        int best = lo;
        for (int k = lo + 1; k <= hi; k++) {
            if (magnitude(re, im, k) > magnitude(re, im, best)) {
                best = k;
            }
        }
        if (best == lo || best == hi) {
            return null;
        }
        double l = Math.log(magnitude(re, im, best - 1) + 1e-30);
        double c = Math.log(magnitude(re, im, best) + 1e-30);
        double r = Math.log(magnitude(re, im, best + 1) + 1e-30);
        double den = l - 2 * c + r;
        double shift = den != 0 ? 0.5 * (l - r) / den : 0;
        return new double[] {(best + shift) * binHz, magnitude(re, im, best)};
    }

    private static double magnitude(double[] re, double[] im, int k) {
        return Math.hypot(re[k], im[k]);
    }
}

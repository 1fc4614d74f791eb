package io.zikos.dsp.analysis;

import java.util.HashMap;

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

    /** A note re-read at its fundamental, and how far the pitch track read it off. */
    record Refined(Note note, Correction correction) {
    }

    /**
     * The note with its pitch taken from the partials' fit where it sounds like a stiff string, or null where it keeps
     * the track's reading. Only this note's spectrum is needed, so a caller can build each note's spectrum in turn and
     * drop it before the next.
     *
     * @param spectrum {@code n}'s spectrum ({@link NoteSpectrum#of}), null where it has none
     */
    static Refined refineOne(Note n, NoteSpectrum spectrum, int sampleRate) {
        double pitch = fundamental(n, spectrum, sampleRate);
        if (Double.isNaN(pitch) || Math.abs(pitch - n.pitch()) >= MAX_CORRECTION_ST) {
            return null;
        }
        int midi = (int) Math.round(pitch);
        Note refined = new Note(n.onset(), n.offset(), midi, 100 * (pitch - midi), n.confidence(), n.levelDb(),
                n.strength(), n.attackTime());
        return new Refined(refined, new Correction(n.onset(), n.offset(), n.pitch() - pitch));
    }

    /** The fitted fundamental (fractional MIDI) of a stiff-string note, or NaN when the note is not one. */
    static double fundamental(Note n, float[] samples, int sampleRate) {
        return fundamental(n, NoteSpectrum.of(n, samples, sampleRate, MIN_SPAN_S, new HashMap<>()), sampleRate);
    }

    private static double fundamental(Note n, NoteSpectrum spectrum, int sampleRate) {
        if (spectrum == null || spectrum.spanSeconds() < MIN_SPAN_S) {
            return Double.NaN;
        }
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
            double[] peak = spectrum.peak(h * f0, SEARCH);
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
}

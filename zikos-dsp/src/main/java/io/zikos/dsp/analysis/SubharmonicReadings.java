package io.zikos.dsp.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Notes the pitch track read at a common period. While a new note sounds over the previous note's release, the two
 * waveforms repeat together only every few periods of each (an F#3 over a dying B3: three periods of one, four of the
 * other), and the track may read that long common period, far below both notes, for the whole of a short note. Such
 * a reading is recognised in the note's spectrum: leaving out the partials of the previous note (whole multiples of
 * the reading too), nearly all the remaining power lies on the harmonics of one whole multiple of the reading, which
 * is the note's own pitch. A genuinely low note spreads its power over all its harmonics and keeps its reading.
 *
 * <p>A plucked string may sound over several notes still ringing and read their common period in runs, so that its
 * neighbours are no reference; such a reading is recognised by its own fundamental being missing, and the partials
 * of the notes still heard are left out of the judgement.
 */
final class SubharmonicReadings {
    /** Only a note reading at least this far (semitones) below the notes on both sides of it is checked. */
    static final double LOW_READING_ST = 11.5;
    /** Share of the power (the previous note's partials left out) a multiple's harmonics must hold to be the note. */
    static final double MIN_SHARE = 0.8;
    /** Whole multiples 2..this of the reading are tried. */
    static final int MAX_MULTIPLE = 10;
    /** A harmonic's power is looked for within this fraction of its frequency. */
    static final double SEARCH = 0.015;
    /** Harmonics up to this frequency (Hz) are weighed. */
    static final double MAX_HZ = 5000;
    /** A reading whose fundamental holds less than this share of its strongest harmonic's power is checked. */
    static final double MISSING_FUNDAMENTAL = Math.pow(10, -3.5);
    /** Notes that began this long (s) before a note may still ring under it. */
    static final double RINGING_S = 2.0;
    /** A ringing note is heard where its partials 1..this that miss the reading's harmonics ... */
    static final int RINGING_PARTIALS = 4;
    /** ... hold at least this share of the power on the reading's harmonics. */
    static final double MIN_RINGING_SHARE = 0.01;
    /** The multiple's harmonics must also hold this share of all the power on the reading's harmonics. */
    static final double MIN_OWN_SHARE = 0.5;

    private SubharmonicReadings() {
    }

    /** The notes, those that read a common period re-read at their own pitch. */
    static List<Note> correct(List<Note> notes, float[] samples, int sampleRate) {
        Map<Integer, RealFft> ffts = new HashMap<>();
        List<Note> out = new ArrayList<>(notes.size());
        for (int i = 0; i < notes.size(); i++) {
            Note n = notes.get(i);
            NoteSpectrum spectrum = NoteSpectrum.of(n, samples, sampleRate, NoteSpectrum.MIN_SPAN_S, ffts);
            out.add(correctOne(out, n, i + 1 < notes.size() ? notes.get(i + 1) : null, spectrum, sampleRate));
        }
        return out;
    }

    /**
     * One note, re-read at its own pitch where it read a common period, otherwise as it is. Only this note's spectrum
     * is needed, so a caller can build each note's spectrum in turn and drop it before the next.
     *
     * @param before the notes before {@code n}, already corrected: the previous note and those still ringing are
     *     judged as they really sound
     * @param next the note after {@code n} as read, null when there is none
     * @param spectrum {@code n}'s spectrum ({@link NoteSpectrum#of}), null where it has none
     */
    static Note correctOne(List<Note> before, Note n, Note next, NoteSpectrum spectrum, int sampleRate) {
        if (spectrum == null) {
            return n;
        }
        double prev = before.isEmpty() ? Double.NaN : before.get(before.size() - 1).pitch();
        double nextPitch = next != null ? next.pitch() : Double.NaN;
        boolean lowBeside = (!Double.isNaN(prev) || !Double.isNaN(nextPitch))
                && (Double.isNaN(prev) || prev - n.pitch() >= LOW_READING_ST)
                && (Double.isNaN(nextPitch) || nextPitch - n.pitch() >= LOW_READING_ST);
        if (!lowBeside && !missingFundamental(n.pitch(), spectrum, sampleRate)) {
            return n;
        }
        List<Double> ringing = new ArrayList<>();
        for (int j = before.size() - 1; j >= 0 && n.onset() - before.get(j).onset() < RINGING_S; j--) {
            ringing.add(before.get(j).pitch());
        }
        double pitch = ownPitch(n.pitch(), prev, ringing, spectrum, sampleRate);
        if (Double.isNaN(pitch)) {
            return n;
        }
        int midi = (int) Math.round(pitch);
        return new Note(n.onset(), n.offset(), midi, 100 * (pitch - midi), n.confidence(), n.levelDb(), n.strength(),
                n.attackTime());
    }

    /** Whether the reading's own fundamental is all but absent beside its strongest harmonic. */
    static boolean missingFundamental(double reading, NoteSpectrum spectrum, int sampleRate) {
        double f0 = Instrument.midiToHz(reading);
        int harmonics = (int) Math.min(Math.min(MAX_HZ, 0.45 * sampleRate) / f0, 6 * MAX_MULTIPLE);
        double strongest = 0;
        for (int h = 2; h <= harmonics; h++) {
            strongest = Math.max(strongest, spectrum.power(h * f0, SEARCH));
        }
        return spectrum.power(f0, SEARCH) < MISSING_FUNDAMENTAL * strongest;
    }

    /**
     * The pitch (fractional MIDI) of a note that reads {@code reading} but whose power lies on the harmonics of a
     * whole multiple of it, or NaN when it does not.
     *
     * @param prev the previous note's pitch, NaN when there is none
     * @param ringing pitches of the notes begun shortly before, which may still sound under this one
     */
    static double ownPitch(double reading, double prev, List<Double> ringing, NoteSpectrum spectrum, int sampleRate) {
        double f0 = Instrument.midiToHz(reading);
        int harmonics = (int) Math.min(Math.min(MAX_HZ, 0.45 * sampleRate) / f0, 6 * MAX_MULTIPLE);
        // the previous note, still sounding, is a whole multiple of the reading too: its partials are left out
        int prevMultiple = Double.isNaN(prev) ? 0 : wholeMultiple(reading, prev);
        if (prevMultiple == 1) {
            prevMultiple = 0; // the same note again: nothing of the reading's to leave out
        }
        double[] power = new double[harmonics + 1];
        double total = 0;
        for (int h = 1; h <= harmonics; h++) {
            if (prevMultiple == 0 || h % prevMultiple != 0) {
                power[h] = spectrum.power(h * f0, SEARCH);
                total += power[h];
            }
        }
        if (total <= 0) {
            return Double.NaN;
        }
        boolean[] others = othersPartials(f0, harmonics, ringing, spectrum, total);
        int multiple = 1;
        for (int k = 2; k <= MAX_MULTIPLE && k <= harmonics; k++) {
            if (prevMultiple > 0 && k % prevMultiple == 0) {
                continue;
            }
            double on = 0;
            double off = 0;
            for (int h = 1; h <= harmonics; h++) {
                if (h % k == 0) {
                    on += power[h];
                } else if (!others[h]) {
                    off += power[h];
                }
            }
            if (on >= MIN_OWN_SHARE * total && on >= MIN_SHARE * (on + off)) {
                multiple = k; // the largest such multiple: its harmonics are among every divisor's
            }
        }
        if (multiple == 1) {
            return Double.NaN;
        }
        double guess = reading + 12 * Math.log(multiple) / Math.log(2);
        double own = partialsFundamental(spectrum, Instrument.midiToHz(guess), sampleRate);
        // the reading is a mixture's, only near a whole multiple: the partials' peaks give the note's own tuning
        return !Double.isNaN(own) && Math.abs(own - guess) < 0.5 ? own : guess;
    }

    /**
     * Which harmonics of {@code f0} (index 1..harmonics) lie on a partial of a note still ringing: one that is not
     * itself a whole multiple of {@code f0} (such a note's partials would be harmonics of the multiple too) and that
     * is heard where its partials miss the reading's harmonics (a note that has died away explains nothing).
     *
     * @param total the power on all the reading's harmonics
     */
    private static boolean[] othersPartials(double f0, int harmonics, List<Double> ringing, NoteSpectrum spectrum,
            double total) {
        boolean[] on = new boolean[harmonics + 1];
        for (double pitch : ringing) {
            if (wholeMultiple(Instrument.hzToMidi(f0), pitch) > 0) {
                continue;
            }
            double g = Instrument.midiToHz(pitch);
            double heard = 0;
            for (int m = 1; m <= RINGING_PARTIALS; m++) {
                double h = Math.max(1, Math.round(m * g / f0));
                if (Math.abs(m * g - h * f0) >= SEARCH * m * g) {
                    heard += spectrum.power(m * g, SEARCH);
                }
            }
            if (heard < MIN_RINGING_SHARE * total) {
                continue;
            }
            for (int h = 1; h <= harmonics; h++) {
                double m = Math.max(1, Math.round(h * f0 / g));
                on[h] |= Math.abs(h * f0 - m * g) < SEARCH * h * f0;
            }
        }
        return on;
    }

    /** Which whole multiple (1, 2, 3, ...) of the reading's frequency {@code pitch} is (within half a semitone), or 0. */
    private static int wholeMultiple(double reading, double pitch) {
        double r = Math.pow(2, (pitch - reading) / 12);
        long m = Math.round(r);
        return m >= 1 && Math.abs(12 * Math.log(r / m) / Math.log(2)) < 0.5 ? (int) m : 0;
    }

    /** The fundamental (fractional MIDI) the peaks of the harmonics of {@code hz} agree on, magnitude-weighted. */
    private static double partialsFundamental(NoteSpectrum spectrum, double hz, int sampleRate) {
        double weights = 0;
        double sum = 0;
        for (int m = 1; m * hz < Math.min(MAX_HZ, 0.45 * sampleRate); m++) {
            double[] peak = spectrum.peak(m * hz, SEARCH);
            if (peak != null) {
                weights += peak[1];
                sum += peak[1] * peak[0] / m;
            }
        }
        return weights > 0 ? Instrument.hzToMidi(sum / weights) : Double.NaN;
    }
}

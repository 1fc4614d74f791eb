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
    /** Shortest steady part (s) worth a spectrum. */
    static final double MIN_SPAN_S = 0.06;

    private SubharmonicReadings() {
    }

    /** The notes, those that read a common period re-read at their own pitch. */
    static List<Note> correct(List<Note> notes, float[] samples, int sampleRate) {
        List<Note> out = new ArrayList<>(notes);
        Map<Integer, RealFft> ffts = new HashMap<>();
        for (int i = 0; i < notes.size(); i++) {
            Note n = notes.get(i);
            double prev = i > 0 ? notes.get(i - 1).pitch() : Double.NaN;
            double next = i + 1 < notes.size() ? notes.get(i + 1).pitch() : Double.NaN;
            boolean lowBeside = (!Double.isNaN(prev) || !Double.isNaN(next))
                    && (Double.isNaN(prev) || prev - n.pitch() >= LOW_READING_ST)
                    && (Double.isNaN(next) || next - n.pitch() >= LOW_READING_ST);
            if (!lowBeside) {
                continue;
            }
            NoteSpectrum spectrum = NoteSpectrum.of(n, samples, sampleRate, MIN_SPAN_S, ffts);
            double pitch = spectrum == null ? Double.NaN : ownPitch(n.pitch(), prev, spectrum, sampleRate);
            if (!Double.isNaN(pitch)) {
                int midi = (int) Math.round(pitch);
                out.set(i, new Note(n.onset(), n.offset(), midi, 100 * (pitch - midi), n.confidence(), n.levelDb(),
                        n.strength(), n.attackTime()));
            }
        }
        return out;
    }

    /**
     * The pitch (fractional MIDI) of a note that reads {@code reading} but whose power lies on the harmonics of a
     * whole multiple of it, or NaN when it does not.
     *
     * @param prev the previous note's pitch, NaN when there is none
     */
    static double ownPitch(double reading, double prev, NoteSpectrum spectrum, int sampleRate) {
        double f0 = Instrument.midiToHz(reading);
        int harmonics = (int) Math.min(Math.min(MAX_HZ, 0.45 * sampleRate) / f0, 6 * MAX_MULTIPLE);
        // the previous note, still sounding, is a whole multiple of the reading too: its partials are left out
        int prevMultiple = 0;
        if (!Double.isNaN(prev)) {
            double r = Math.pow(2, (prev - reading) / 12);
            if (Math.round(r) > 1 && Math.abs(12 * Math.log(r / Math.round(r)) / Math.log(2)) < 0.5) {
                prevMultiple = (int) Math.round(r);
            }
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
        int multiple = 1;
        for (int k = 2; k <= MAX_MULTIPLE && k <= harmonics; k++) {
            if (prevMultiple > 0 && k % prevMultiple == 0) {
                continue;
            }
            double on = 0;
            for (int h = k; h <= harmonics; h += k) {
                on += power[h];
            }
            if (on >= MIN_SHARE * total) {
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

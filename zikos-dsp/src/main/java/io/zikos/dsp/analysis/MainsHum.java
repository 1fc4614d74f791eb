package io.zikos.dsp.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A steady hum of the mains electricity (50 or 60 Hz and its harmonics) under the playing: a ground loop, an
 * amplifier or a charger. The pitch track reads it as a low note in every rest (60 Hz lies half a semitone under B1,
 * so each is also "out of tune"), and those notes pull the key towards it. It is recognised by what no instrument
 * does: a narrow peak exactly on a multiple of 50 or 60 Hz, standing out of its neighbourhood in nearly every part
 * of the take, loud or quiet. Found, it is subtracted (its first harmonics, and any higher one heard, at the measured
 * hum frequency) before the analysis.
 *
 * @param frequencyHz the hum's fundamental as measured (near 50 or 60 Hz), NaN when there is none
 * @param harmonics   which multiples of the fundamental are taken out (1 = the fundamental): the first
 *                    {@link #ALWAYS_REMOVED_HARMONICS}, and higher ones where heard; empty when there is no hum
 */
public record MainsHum(double frequencyHz, List<Integer> harmonics) {
    /** No hum heard. */
    public static final MainsHum NONE = new MainsHum(Double.NaN, List.of());

    /** The mains frequencies of the world. */
    static final double[] MAINS_HZ = {50, 60};
    /** Multiples of the mains frequency looked at, up to this frequency (Hz). */
    static final double MAX_HARMONIC_HZ = 1000;
    /** Parts are decimated to a rate whose Nyquist frequency is at least this (Hz), above the highest harmonic. */
    static final double DECIMATED_NYQUIST_HZ = 1400;
    /** Length of the decimating low-pass, per unit of the decimation factor. */
    static final int LOW_PASS_TAPS_PER_FACTOR = 8;
    /** Length (s) of the parts of the take examined: long enough to tell 49 Hz (a G1) from 50. */
    static final double PART_S = 2.0;
    /** At most this many parts, spread over the take, are examined (bounded cost on long recordings). */
    static final int MAX_PARTS = 24;
    /**
     * A peak must lie this close (Hz) to the multiple of the mains frequency, plus the second figure for each
     * multiple (the grid's own frequency wanders by a tenth of a hertz, multiplied in its harmonics), at most the
     * third ...
     */
    static final double PEAK_TOLERANCE_HZ = 0.25;
    static final double PEAK_TOLERANCE_PER_HARMONIC_HZ = 0.1;
    static final double MAX_TOLERANCE_HZ = 1.5;
    /** ... be the strongest within this distance (Hz) of it, twice the main lobe of a part's window ... */
    static final double MAIN_LOBE_HZ = 2 / PART_S;
    /** ... and stand this far (dB) over the median of its neighbourhood ... */
    static final double MIN_PROMINENCE_DB = 12;
    /** ... which spans these distances (Hz) either side of it. */
    static final double NEIGHBOURHOOD_NEAR_HZ = 3;
    static final double NEIGHBOURHOOD_FAR_HZ = 12;
    /** A hum is heard when one of its first harmonics (up to this one) stands out so in this share of the parts. */
    static final int MAX_ESTABLISHING_HARMONIC = 4;
    static final double MIN_PARTS_SHARE = 0.8;
    /** Once a hum is heard, its harmonics up to this one are always taken out. */
    static final int ALWAYS_REMOVED_HARMONICS = 5;
    /**
     * Once heard, each of its further harmonics standing out by this much (dB) in this share of the parts is taken out
     * too (loud playing masks the weaker ones in some parts).
     */
    static final double MIN_HARMONIC_PROMINENCE_DB = 9;
    static final double MIN_HARMONIC_PARTS_SHARE = 0.8;
    /** A take must be long enough for this many parts to be examined. */
    static final int MIN_PARTS = 2;
    /** Length (s) of the blocks over which the hum is measured and subtracted. */
    static final double BLOCK_S = 2.0;
    /** The hum's reading in a block is the median of its own and this many neighbours' on either side. */
    static final int MEDIAN_BLOCKS = 3;

    public MainsHum {
        harmonics = List.copyOf(harmonics);
    }

    /** Whether a hum was heard. */
    public boolean present() {
        return !harmonics.isEmpty();
    }

    /** Listens for a mains hum in a recording. */
    public static MainsHum detect(float[] samples, int sampleRate) {
        int len = (int) Math.min(samples.length, Math.round(PART_S * sampleRate));
        int parts = (int) Math.min(MAX_PARTS, samples.length / Math.max(1, len));
        if (parts < MIN_PARTS) {
            return NONE;
        }
        int factor = Math.max(1, (int) (sampleRate / (2.0 * DECIMATED_NYQUIST_HZ)));
        double rate = sampleRate / (double) factor;
        double[][] power = partSpectra(samples, len, parts, factor);
        double binHz = rate / (2 * (power[0].length - 1)); // a spectrum of n/2 + 1 bins is an n-point transform
        MainsHum best = NONE;
        for (double mains : MAINS_HZ) {
            List<Integer> heard = new ArrayList<>();
            boolean established = false;
            double fundamental = 0;
            int readings = 0;
            for (int h = 1; h * mains <= Math.min(MAX_HARMONIC_HZ, 0.45 * rate); h++) {
                double tolerance = Math.min(MAX_TOLERANCE_HZ, PEAK_TOLERANCE_HZ + PEAK_TOLERANCE_PER_HARMONIC_HZ * h);
                int clear = 0;
                int faint = 0;
                double sum = 0;
                for (double[] spectrum : power) {
                    double[] peak = peakAt(spectrum, h * mains, tolerance, binHz);
                    if (peak != null && peak[1] >= MIN_PROMINENCE_DB) {
                        clear++;
                        sum += peak[0] / h;
                    }
                    if (peak != null && peak[1] >= MIN_HARMONIC_PROMINENCE_DB) {
                        faint++;
                    }
                }
                // the frequency is read on the first harmonics only: a higher "harmonic" may be a note's partial
                if (clear >= MIN_PARTS_SHARE * parts && h <= MAX_ESTABLISHING_HARMONIC) {
                    established = true;
                    fundamental += sum;
                    readings += clear;
                }
                // the first few are always taken out: loud playing masks them in many parts, and taking out one that
                // is not there costs only what the music has within a hertz of it
                if (h <= ALWAYS_REMOVED_HARMONICS || faint >= MIN_HARMONIC_PARTS_SHARE * parts) {
                    heard.add(h);
                }
            }
            if (established && heard.size() > best.harmonics().size()) {
                best = new MainsHum(fundamental / readings, heard);
            }
        }
        return best;
    }

    /**
     * The power spectra of {@code parts} parts of {@code len} samples spread evenly over the take. The hum is looked
     * for under 1 kHz only, so each part is low-passed and decimated by {@code factor} first: a small transform
     * instead of a large one, on every take.
     */
    private static double[][] partSpectra(float[] samples, int len, int parts, int factor) {
        double[] lowPass = lowPass(factor);
        int half = lowPass.length / 2;
        int n = len / factor;
        int size = Integer.highestOneBit(2 * n - 1) << 1; // zero-padded twice over: finer peak positions
        RealFft fft = new RealFft(size);
        double[][] power = new double[parts][];
        double[] frame = new double[size];
        double[] re = new double[size / 2 + 1];
        double[] im = new double[size / 2 + 1];
        for (int p = 0; p < parts; p++) {
            int start = (int) ((long) (samples.length - len) * p / (parts - 1)); // parts >= MIN_PARTS = 2
            Arrays.fill(frame, 0);
            for (int j = 0; j < n; j++) {
                double v = 0;
                int centre = start + j * factor;
                for (int k = 0; k < lowPass.length; k++) {
                    int i = centre + k - half;
                    if (i >= 0 && i < samples.length) {
                        v += lowPass[k] * samples[i];
                    }
                }
                frame[j] = v * (0.5 - 0.5 * Math.cos(2 * Math.PI * j / (n - 1)));
            }
            fft.forward(frame, re, im);
            power[p] = new double[re.length];
            for (int k = 0; k < re.length; k++) {
                power[p][k] = re[k] * re[k] + im[k] * im[k];
            }
        }
        return power;
    }

    /**
     * The strongest narrow peak within {@code tolerance} of {@code hz} in a power spectrum, as {frequency,
     * prominence over the median of its neighbourhood in dB}, or null when there is no peak there.
     */
    private static double[] peakAt(double[] power, double hz, double tolerance, double binHz) {
        int lo = Math.max(1, (int) Math.floor((hz - tolerance) / binHz));
        int hi = Math.min(power.length - 2, (int) Math.ceil((hz + tolerance) / binHz));
        int best = -1;
        for (int k = lo; k <= hi; k++) {
            if (power[k] > power[k - 1] && power[k] >= power[k + 1] && (best < 0 || power[k] > power[best])) {
                best = k;
            }
        }
        if (best < 0 || power[best] <= 0) {
            return null;
        }
        // a main lobe, not a side lobe of something stronger beside it (a bass note a hertz off the mains)
        for (int k = (int) Math.floor((hz - MAIN_LOBE_HZ) / binHz); k <= (int) Math.ceil((hz + MAIN_LOBE_HZ) / binHz);
                k++) {
            if (k > 0 && k < power.length && power[k] > power[best]) {
                return null;
            }
        }
        List<Double> around = new ArrayList<>();
        for (int k = (int) ((hz - NEIGHBOURHOOD_FAR_HZ) / binHz); k <= (int) ((hz + NEIGHBOURHOOD_FAR_HZ) / binHz);
                k++) {
            double d = Math.abs(k * binHz - hz);
            if (k > 0 && k < power.length && d >= NEIGHBOURHOOD_NEAR_HZ) {
                around.add(power[k]);
            }
        }
        around.sort(null);
        double median = around.isEmpty() ? 0 : around.get(around.size() / 2);
        double prominence = median > 0 ? 10 * Math.log10(power[best] / median) : Double.POSITIVE_INFINITY;
        double l = Math.log(power[best - 1] + 1e-30);
        double c = Math.log(power[best]);
        double r = Math.log(power[best + 1] + 1e-30);
        double den = l - 2 * c + r;
        return new double[] {(best + (den != 0 ? 0.5 * (l - r) / den : 0)) * binHz, prominence};
    }

    /**
     * A copy of {@code samples} with the hum taken out. The hum is steady, so each of its harmonics is measured as a
     * sinusoid (amplitude and phase) over overlapping two-second blocks and subtracted, cross-faded from block to
     * block: unlike a notch filter this leaves no hum at the ends of the take, where a filter would still be
     * settling, and it touches only the hum's own frequencies.
     */
    float[] removedFrom(float[] samples, int sampleRate) {
        float[] y = samples.clone(); // float, not double: a 20-minute take must fit a small heap twice
        int block = (int) Math.round(BLOCK_S * sampleRate);
        int hop = block / 2;
        if (samples.length < block) {
            block = samples.length;
            hop = block;
        }
        double[] window = new double[block];
        for (int i = 0; i < block; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / block); // periodic Hann: halves overlap to 1
        }
        // blocks start every hop; the last is the first to reach the end of the take
        int blocks = block == hop ? 1 : Math.max(1, (samples.length - 1) / hop);
        double[] measuring = blackmanHarris(2 * block);
        for (int h : harmonics) {
            double w = 2 * Math.PI * h * frequencyHz / sampleRate;
            // the hum's sinusoid (cosine and sine parts, in the take's own time) as measured in each block
            double[] cos = new double[blocks];
            double[] sin = new double[blocks];
            for (int k = 0; k < blocks; k++) {
                // measured over twice the block, centred on it, through a window whose side lobes are negligible: a
                // note's partial a few hertz from the hum, far louder than the hum, must not leak into its reading
                int from = k * hop + block / 2 - block;
                int start = Math.max(0, from);
                int end = Math.min(samples.length, from + 2 * block);
                double c = 0;
                double sn = 0;
                double norm = 0;
                Phasor p = new Phasor(w, start);
                for (int n = start; n < end; n++, p.step()) {
                    double win = measuring[n - from];
                    c += win * samples[n] * p.cos;
                    sn += win * samples[n] * p.sin;
                    norm += win;
                }
                cos[k] = norm > 0 ? 2 * c / norm : 0;
                sin[k] = norm > 0 ? 2 * sn / norm : 0;
            }
            for (int k = 0; k < blocks; k++) {
                // the hum is steady, the music is not: the median of the neighbouring blocks' readings is the hum's,
                // where one block alone may have caught a note's partial a hertz away
                double a = neighbourMedian(cos, k);
                double b = neighbourMedian(sin, k);
                int start = k * hop;
                int end = Math.min(samples.length, start + block);
                Phasor p = new Phasor(w, start);
                for (int n = start; n < end; n++, p.step()) {
                    double win = weight(window, n - start, hop, k == 0, k == blocks - 1);
                    y[n] -= (float) (win * (a * p.cos + b * p.sin));
                }
            }
        }
        return y;
    }

    /** A Hann-windowed sinc low-pass to {@link #MAX_HARMONIC_HZ}-and-a-bit, for decimating by {@code factor}. */
    private static double[] lowPass(int factor) {
        int taps = LOW_PASS_TAPS_PER_FACTOR * factor + 1;
        double cutoff = 1.0 / (2 * factor) * 0.8; // cycles per sample: under the decimated Nyquist, with a margin
        double[] h = new double[taps];
        double sum = 0;
        for (int k = 0; k < taps; k++) {
            double m = k - (taps - 1) / 2.0;
            double sinc = m == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * m) / (Math.PI * m);
            h[k] = sinc * (0.5 - 0.5 * Math.cos(2 * Math.PI * k / (taps - 1)));
            sum += h[k];
        }
        for (int k = 0; k < taps; k++) {
            h[k] /= sum;
        }
        return h;
    }

    /** The 4-term Blackman-Harris window (side lobes under -92 dB). */
    private static double[] blackmanHarris(int length) {
        double[] w = new double[length];
        for (int i = 0; i < length; i++) {
            double x = 2 * Math.PI * i / (length - 1);
            w[i] = 0.35875 - 0.48829 * Math.cos(x) + 0.14128 * Math.cos(2 * x) - 0.01168 * Math.cos(3 * x);
        }
        return w;
    }

    /** The median of a block's reading and those of its {@link #MEDIAN_BLOCKS} neighbours on either side. */
    private static double neighbourMedian(double[] readings, int k) {
        int from = Math.max(0, k - MEDIAN_BLOCKS);
        int to = Math.min(readings.length, k + MEDIAN_BLOCKS + 1);
        return BeatGrid.median(Arrays.copyOfRange(readings, from, to));
    }

    /**
     * A block's weight at sample {@code i}: the cross-fade window, but full where no other block covers the take
     * (its first and last half blocks), both to measure the hum and to subtract it, so that what is subtracted there
     * was measured there.
     */
    private static double weight(double[] window, int i, int hop, boolean first, boolean last) {
        // a single block (a take shorter than two) is first and wholly under hop: full weight throughout
        return (first && i < hop) || (last && i >= hop) ? 1 : window[i];
    }

    /** cos and sin of w·n for n = start, start + 1, ...: a rotation per sample instead of two calls (a long take). */
    private static final class Phasor {
        private final double stepCos;
        private final double stepSin;
        double cos;
        double sin;

        Phasor(double w, int start) {
            stepCos = Math.cos(w);
            stepSin = Math.sin(w);
            cos = Math.cos(w * start);
            sin = Math.sin(w * start);
        }

        void step() {
            double c = cos * stepCos - sin * stepSin;
            sin = sin * stepCos + cos * stepSin;
            cos = c;
        }
    }
}

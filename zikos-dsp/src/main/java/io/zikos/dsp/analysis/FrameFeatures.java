package io.zikos.dsp.analysis;

/**
 * Frame-level features of a mono recording computed in one pass: level (dB), an onset-detection function (log
 * spectral flux with a frequency max-filter, as in SuperFlux) and a pitch track (McLeod normalised square difference
 * function, with octave guard and a multi-period refinement that makes the estimate accurate to about a cent).
 *
 * <p>Frame {@code t} is centred on sample {@code t * hop}. All buffers are allocated once per recording.
 */
public final class FrameFeatures {
    /** Analysis frame length in samples (46 ms at 22.05 kHz). */
    public static final int FRAME = 1024;

    private final int sampleRate;
    private final int hop;
    private final int frames;
    private final float[] levelDb;
    private final float[] flux;
    private final float[] pitchMidi;
    private final float[] clarity;
    /** The analysed samples (not copied), for the few local spectra the note segmentation looks at again. */
    private float[] samples = new float[0];

    private FrameFeatures(int sampleRate, int hop, int frames) {
        this.sampleRate = sampleRate;
        this.hop = hop;
        this.frames = frames;
        levelDb = new float[frames];
        flux = new float[frames];
        pitchMidi = new float[frames];
        clarity = new float[frames];
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int hop() {
        return hop;
    }

    public int frames() {
        return frames;
    }

    /** Seconds per frame step. */
    public double frameSeconds() {
        return hop / (double) sampleRate;
    }

    public double time(double frame) {
        return frame * hop / sampleRate;
    }

    /** RMS level of frame t in dBFS. */
    public float levelDb(int t) {
        return levelDb[t];
    }

    public float flux(int t) {
        return flux[t];
    }

    /** Pitch of frame t as fractional MIDI, or NaN when unvoiced. */
    public float pitchMidi(int t) {
        return pitchMidi[t];
    }

    /**
     * Whether frame t's pitch was measured (every other frame) rather than filled in from its neighbours: where the
     * pitch moves fast, as in a wide vibrato, a filled-in frame repeats a neighbour.
     */
    public boolean pitchMeasured(int t) {
        return (t & 1) == 0;
    }

    /** NSDF peak height in [0,1]: how periodic the frame is. */
    public float clarity(int t) {
        return clarity[t];
    }

    float[] samples() {
        return samples;
    }

    float[] fluxArray() {
        return flux;
    }

    float[] levelArray() {
        return levelDb;
    }

    /**
     * Computes the features.
     *
     * @param x          mono samples
     * @param sampleRate their rate (the analysis assumes 16–48 kHz; 22.05 kHz is the sweet spot)
     * @param lowMidi    lowest pitch searched
     * @param highMidi   highest pitch searched
     */
    public static FrameFeatures compute(float[] x, int sampleRate, int lowMidi, int highMidi) {
        int hop = sampleRate >= 32000 ? 512 : 256;
        int n = sampleRate >= 32000 ? 2 * FRAME : FRAME;
        int frames = Math.max(1, (x.length + hop - 1) / hop);
        FrameFeatures f = new FrameFeatures(sampleRate, hop, frames);
        f.samples = x;
        new Worker(x, sampleRate, n, lowMidi, highMidi).run(f);
        return f;
    }

    /** The flux's log compression, ln(1 + 20 |X|), is for a take whose loudest sample is at this level (-1 dBFS). */
    static final double REFERENCE_PEAK = 0.891;
    /** The c in ln(1 + c |X|) at {@link #REFERENCE_PEAK}; the onset thresholds were measured with it. */
    static final double FLUX_COMPRESSION = 20;

    /** Holds the per-recording buffers. */
    private static final class Worker {
        private final float[] x;
        private final int sr;
        private final int n;
        private final int minLag;
        private final int maxLag;
        private final RealFft fftN;
        private final RealFft fft2N;
        private final double[] window;
        private final double[] frame;
        private final double[] padded;
        private final double[] re;
        private final double[] im;
        private final double[] re2;
        private final double[] im2;
        private final double[] acf;
        private final double[] nsdf;
        private final float[] logMag;
        private final float[] prevLogMag1;
        private final float[] prevLogMag2;
        private final int fluxBins;
        /**
         * Magnitude scale inside the flux's log compression, ln(1 + c |X|). The compression bends at a fixed
         * magnitude, so the flux of the same take played back 30 dB quieter would weigh soft partials differently
         * and find other onsets; c is set as for the take normalised to a peak of {@link #REFERENCE_PEAK}.
         */
        private double fluxScale = FLUX_COMPRESSION;

        Worker(float[] x, int sr, int n, int lowMidi, int highMidi) {
            this.x = x;
            this.sr = sr;
            this.n = n;
            this.minLag = Math.max(2, (int) Math.floor(sr / Instrument.midiToHz(highMidi + 0.5)));
            this.maxLag = Math.min((int) (0.45 * n), (int) Math.ceil(sr / Instrument.midiToHz(lowMidi - 0.5)));
            fftN = new RealFft(n);
            fft2N = new RealFft(2 * n);
            window = new double[n];
            for (int i = 0; i < n; i++) {
                window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
            }
            frame = new double[n];
            padded = new double[2 * n];
            re = new double[n / 2 + 1];
            im = new double[n / 2 + 1];
            re2 = new double[n + 1];
            im2 = new double[n + 1];
            acf = new double[2 * n];
            nsdf = new double[n];
            // flux up to ~8 kHz: above that there is mostly noise and codec artefacts
            fluxBins = Math.min(n / 2, (int) (8000.0 * n / sr));
            logMag = new float[n / 2 + 1];
            prevLogMag1 = new float[n / 2 + 1];
            prevLogMag2 = new float[n / 2 + 1];
        }

        void run(FrameFeatures f) {
            int hop = f.hop;
            // the loudest hop of the recording: frames 50 dB below it hold no pitch worth the two FFTs; and the
            // loudest sample, which sets the flux's compression
            double peakPower = 0;
            float peak = 0;
            for (int a = 0; a < x.length; a += hop) {
                double e = 0;
                int b = Math.min(x.length, a + hop);
                for (int i = a; i < b; i++) {
                    e += x[i] * x[i];
                    peak = Math.max(peak, Math.abs(x[i]));
                }
                peakPower = Math.max(peakPower, e / Math.max(1, b - a));
            }
            fluxScale = peak > 0 ? FLUX_COMPRESSION * REFERENCE_PEAK / peak : FLUX_COMPRESSION;
            double quietRms = Math.max(1e-9, Math.sqrt(peakPower) * 3.16e-3);
            for (int t = 0; t < f.frames; t++) {
                int start = t * hop - n / 2;
                double energy = 0;
                for (int i = 0; i < n; i++) {
                    int idx = start + i;
                    double v = idx >= 0 && idx < x.length ? x[idx] : 0.0;
                    frame[i] = v;
                    energy += v * v;
                }
                double rms = Math.sqrt(energy / n);
                f.levelDb[t] = (float) (20 * Math.log10(rms + 1e-9));
                f.flux[t] = spectralFlux(t);
                // pitch on every other frame (23 ms at 22.05 kHz is ample for notes), filled in below
                if (!f.pitchMeasured(t)) {
                    continue;
                }
                if (rms < quietRms) {
                    f.pitchMidi[t] = Float.NaN;
                    f.clarity[t] = 0f;
                } else {
                    pitch(f, t);
                }
            }
            for (int t = 1; t < f.frames; t += 2) {
                int a = t - 1;
                int b = Math.min(f.frames - 1, t + 1);
                if (b == t) {
                    b = a;
                }
                float pa = f.pitchMidi[a];
                float pb = f.pitchMidi[b];
                if (!Float.isNaN(pa) && !Float.isNaN(pb) && Math.abs(pa - pb) < 0.5f) {
                    f.pitchMidi[t] = 0.5f * (pa + pb);
                    f.clarity[t] = Math.min(f.clarity[a], f.clarity[b]);
                } else {
                    int k = f.clarity[a] >= f.clarity[b] ? a : b;
                    f.pitchMidi[t] = f.pitchMidi[k];
                    f.clarity[t] = f.clarity[k];
                }
            }
        }

        private float spectralFlux(int t) {
            for (int i = 0; i < n; i++) {
                padded[i] = frame[i] * window[i];
            }
            fftN.forward(padded, re, im);
            for (int k = 0; k <= fluxBins; k++) {
                double mag = Math.sqrt(re[k] * re[k] + im[k] * im[k]);
                logMag[k] = fastLn((float) (1.0 + fluxScale * mag));
            }
            double sum = 0;
            if (t >= 2) {
                // compare with the frame two hops back, max-filtered over ±1 bin so vibrato does not count
                for (int k = 1; k < fluxBins; k++) {
                    float ref = Math.max(prevLogMag2[k - 1], Math.max(prevLogMag2[k], prevLogMag2[k + 1]));
                    float d = logMag[k] - ref;
                    if (d > 0) {
                        sum += d;
                    }
                }
            }
            System.arraycopy(prevLogMag1, 0, prevLogMag2, 0, prevLogMag1.length);
            System.arraycopy(logMag, 0, prevLogMag1, 0, logMag.length);
            return (float) sum;
        }

        /**
         * Natural log to about 1e-3 absolute: exponent from the float bits plus a cubic for the mantissa. The flux
         * only compares log magnitudes, and this runs half a million times per minute of audio.
         */
        static float fastLn(float x) {
            int bits = Float.floatToRawIntBits(x);
            int exp = ((bits >>> 23) & 0xff) - 127;
            float m = Float.intBitsToFloat((bits & 0x007fffff) | 0x3f800000); // [1, 2)
            float y = m - 1f;
            // log2(1+y) on [0,1): minimax-style cubic
            float log2m = y * (1.4425449f + y * (-0.7181452f + y * 0.2818273f));
            return (exp + log2m) * 0.6931472f;
        }

        private void pitch(FrameFeatures f, int t) {
            System.arraycopy(frame, 0, padded, 0, n);
            java.util.Arrays.fill(padded, n, 2 * n, 0.0);
            fft2N.forward(padded, re2, im2);
            for (int k = 0; k <= n; k++) {
                re2[k] = re2[k] * re2[k] + im2[k] * im2[k];
                im2[k] = 0;
            }
            fft2N.inverse(re2, im2, acf);
            // m(τ) = Σ x_j² + x_{j+τ}² over the overlap, updated incrementally
            double m = 2 * acf[0];
            // lags beyond the search range and the multi-period refinement (half the frame) are never read
            int lastTau = Math.min(n - 1, Math.max(maxLag + 3, n / 2 + 4));
            java.util.Arrays.fill(nsdf, lastTau + 1, n, 0.0);
            for (int tau = 0; tau <= lastTau; tau++) {
                if (tau > 0) {
                    m -= frame[tau - 1] * frame[tau - 1] + frame[n - tau] * frame[n - tau];
                }
                nsdf[tau] = m > 1e-12 ? 2 * acf[tau] / m : 0.0;
            }
            // key maxima: the highest point of each positive lobe after the first zero crossing
            int tau = 1;
            while (tau < maxLag && nsdf[tau] > 0) {
                tau++;
            }
            double best = 0;
            int bestTau = -1;
            int lobes = 0;
            int[] cand = candTau;
            double[] candVal = candValue;
            while (tau < maxLag + 2 && tau < n - 1) {
                while (tau < n - 1 && nsdf[tau] <= 0) {
                    tau++;
                }
                int peak = -1;
                double peakVal = 0;
                while (tau < n - 1 && nsdf[tau] > 0) {
                    if (nsdf[tau] > peakVal) {
                        peakVal = nsdf[tau];
                        peak = tau;
                    }
                    tau++;
                }
                if (peak >= minLag && peak <= maxLag && lobes < cand.length) {
                    cand[lobes] = peak;
                    candVal[lobes] = peakVal;
                    lobes++;
                    if (peakVal > best) {
                        best = peakVal;
                    }
                }
                if (peak > maxLag) {
                    break;
                }
            }
            if (lobes == 0 || best < 0.5) {
                f.pitchMidi[t] = Float.NaN;
                f.clarity[t] = (float) Math.max(0, best);
                return;
            }
            // McLeod & Wyvill: the first key maximum within 0.9 of the highest avoids octave-low errors
            for (int i = 0; i < lobes; i++) {
                if (candVal[i] >= 0.9 * best) {
                    bestTau = cand[i];
                    best = candVal[i];
                    break;
                }
            }
            double period = interpolate(bestTau);
            // multi-period refinement: the k-th repetition pins the period down k times more precisely
            int kMax = (int) Math.floor(0.5 * n / period);
            for (int k = kMax; k >= 2; k--) {
                int centre = (int) Math.round(k * period);
                int lo = Math.max(1, centre - 2);
                int hi = Math.min(n - 2, centre + 2);
                int p = lo;
                for (int i = lo + 1; i <= hi; i++) {
                    if (nsdf[i] > nsdf[p]) {
                        p = i;
                    }
                }
                if (p > lo && p < hi && nsdf[p] >= 0.85 * best) {
                    period = interpolate(p) / k;
                    break;
                }
            }
            f.pitchMidi[t] = (float) Instrument.hzToMidi(sr / period);
            f.clarity[t] = (float) best;
        }

        private final int[] candTau = new int[64];
        private final double[] candValue = new double[64];

        private double interpolate(int p) {
            double a = nsdf[p - 1];
            double b = nsdf[p];
            double c = nsdf[p + 1];
            double den = a - 2 * b + c;
            if (den >= 0) {
                return p;
            }
            double d = 0.5 * (a - c) / den;
            return p + Math.max(-0.5, Math.min(0.5, d));
        }
    }
}

package io.zikos.dsp.mel;

import io.zikos.api.MelFeatures;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Whisper's 128-bin log-mel spectrogram as {@code WhisperFeatureExtractor(feature_size=128)} computes it for Audio
 * Flamingo 3 / Music Flamingo, with the processors' 30 s windowing. Pure Java, double precision inside, float32 out.
 *
 * <p>Per window: zero-pad to 480,000 samples, reflect-pad 200 each side, 3000 frames of 400 samples (hop 160,
 * periodic Hann; the 3001st frame is dropped), power spectrum, mel projection, {@code log10(max(mel, 1e-10))},
 * {@code max(x, windowMax - 8)}, {@code (x + 4) / 4}. The mask has {@code ceil(validSamples / 160)} valid frames;
 * the audio token count of a sample is {@code (((L - 1) // 2 + 1) - 2) // 2 + 1} over its total valid frames L.
 *
 * <p>The window, filter bank and FFT twiddles are built once (per JVM, and per thread for the FFT's buffers); a
 * {@link #compute} call allocates only its output. Frames go through the FFT and the mel projection 64 at a time
 * (see {@link BatchRealFft}); the logarithm, clamp and scaling are one pass over the window at the end. Thread-safe.
 */
public final class WhisperLogMel {

    public static final int SAMPLE_RATE = 16_000;
    public static final int N_FFT = 400;
    public static final int HOP = 160;
    public static final int MEL_BINS = 128;
    public static final int FREQ_BINS = N_FFT / 2 + 1;
    public static final int WINDOW_SECONDS = 30;
    public static final int WINDOW_SAMPLES = SAMPLE_RATE * WINDOW_SECONDS;
    public static final int FRAMES = WINDOW_SAMPLES / HOP;
    /** Audio Flamingo 3 / music-flamingo-hf: 600 s. */
    public static final int MAX_WINDOWS_AF3 = 20;
    /** Music Flamingo 2601: 1200 s. */
    public static final int MAX_WINDOWS_MF = 40;

    /** Periodic Hann window, rounded to float32 as {@code torch.hann_window(400)} stores it. */
    static final double[] HANN = hann();
    static final MelFilterBank FILTERS = new MelFilterBank(FREQ_BINS, MEL_BINS, 0, 8000, SAMPLE_RATE);


    private WhisperLogMel() {
    }

    private static double[] hann() {
        double[] w = new double[N_FFT];
        for (int n = 0; n < N_FFT; n++) {
            w[n] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * n / N_FFT));
        }
        return w;
    }

    /** How many windows a sample of {@code samples} 16 kHz samples gets before the cap: {@code max(1, ceil(n/480000))}. */
    public static int windowsNeeded(long samples) {
        return (int) Math.max(1, (samples + WINDOW_SAMPLES - 1) / WINDOW_SAMPLES);
    }

    /** Valid frames of a window holding {@code validSamples} real samples: {@code ceil(validSamples / 160)}. */
    public static int validFrames(int validSamples) {
        return (validSamples + HOP - 1) / HOP;
    }

    /** The audio token count for {@code totalValidFrames} valid frames over all windows of one sample. */
    public static int audioTokenCount(long totalValidFrames) {
        long conv = Math.floorDiv(totalValidFrames - 1, 2) + 1;
        return (int) (Math.floorDiv(conv - 2, 2) + 1);
    }

    /**
     * Features of one sample.
     *
     * @param pcm16k     mono samples at 16 kHz (not modified)
     * @param maxWindows the window cap (20 for AF3, 40 for Music Flamingo 2601); audio past it is dropped and
     *                   {@link MelFeatures#truncated()} is set
     */
    public static MelFeatures compute(float[] pcm16k, int maxWindows) {
        return compute(pcm16k, maxWindows, false);
    }

    /**
     * Features of one sample, optionally computing the 30 s windows in parallel (common fork-join pool); each
     * window is independent, so the result is identical either way.
     */
    public static MelFeatures compute(float[] pcm16k, int maxWindows, boolean parallelWindows) {
        Objects.requireNonNull(pcm16k, "pcm16k");
        if (maxWindows < 1) {
            throw new IllegalArgumentException("maxWindows must be >= 1: " + maxWindows);
        }
        int needed = windowsNeeded(pcm16k.length);
        int windows = Math.min(needed, maxWindows);
        long cap = Math.min(pcm16k.length, (long) windows * WINDOW_SAMPLES);
        float[] out = new float[windows * MEL_BINS * FRAMES];
        int[] valid = new int[windows];
        IntStream range = IntStream.range(0, windows);
        (parallelWindows ? range.parallel() : range).forEach(w -> {
            int from = w * WINDOW_SAMPLES;
            int length = (int) Math.min(WINDOW_SAMPLES, cap - from);
            computeWindow(pcm16k, from, length, out, w * MEL_BINS * FRAMES, WORKSPACES.get());
            valid[w] = validFrames(length);
        });
        long total = 0;
        for (int v : valid) {
            total += v;
        }
        return new MelFeatures(out, windows, MEL_BINS, FRAMES, valid, audioTokenCount(total), needed > maxWindows);
    }

    private static final int MANTISSA_BITS = 7;
    /**
     * {@code (log10(c) + 4) / 4} for the centre {@code c} of every float bucket that shares the sign, exponent and
     * top 7 mantissa bits (index {@code bits >>> 16}; 32,768 entries, of which a window touches at most the ~3,500
     * in its 8 decades), so exponent handling and the final scaling cost one lookup.
     */
    private static final double[] SCALED_LOG = new double[1 << 15];
    /** 1 / centre of each mantissa bucket of [1, 2). */
    private static final double[] INV_CENTRE = new double[1 << MANTISSA_BITS];
    private static final double INV_LN10 = 1 / Math.log(10);
    // 0.25 * log10(1 + r) = C1 r + C2 r^2 + C3 r^3 + C4 r^4 + O(r^5); |r| < 1/256 leaves < 3e-14
    private static final double C1 = 0.25 * INV_LN10;
    private static final double C2 = -0.25 * INV_LN10 / 2;
    private static final double C3 = 0.25 * INV_LN10 / 3;
    private static final double C4 = -0.25 * INV_LN10 / 4;

    static {
        for (int i = 0; i < INV_CENTRE.length; i++) {
            INV_CENTRE[i] = 1 / (1 + (i + 0.5) / INV_CENTRE.length);
        }
        for (int i = 0; i < SCALED_LOG.length; i++) {
            int exponent = (i >>> MANTISSA_BITS) - 127; // the index has no sign bit set for positive floats
            double centre = 1 + ((i & (INV_CENTRE.length - 1)) + 0.5) / INV_CENTRE.length;
            SCALED_LOG[i] = (exponent * Math.log10(2) + Math.log10(centre) + 4) * 0.25;
        }
    }

    /**
     * {@code (log10(x) + 4) / 4} for a positive normal float, in double, accurate to about 3e-14: the bucket's
     * table value plus a short log1p series of the remainder {@code r = x / centre - 1}. {@code Math.log10} cost
     * about 10 ns per call here (384,000 calls per window); this is a few multiply-adds and two table reads.
     * (Measured slower: a single interleaved table of 1/centre per bucket, which saves the mantissa extraction,
     * and {@code Math.fma} in the series.)
     */
    static double scaledLog10(float x) {
        int bits = Float.floatToRawIntBits(x);
        double m = Float.intBitsToFloat((bits & 0x007fffff) | 0x3f800000); // mantissa in [1, 2), exact
        double r = m * INV_CENTRE[(bits >>> 16) & (INV_CENTRE.length - 1)] - 1;
        return r * (C1 + r * (C2 + r * (C3 + r * C4))) + SCALED_LOG[bits >>> 16];
    }

    /** One workspace per thread (about 1 MB), reused across calls so a call allocates only its output. */
    private static final ThreadLocal<Workspace> WORKSPACES = ThreadLocal.withInitial(Workspace::new);

    /** Scratch buffers for one thread. */
    static final class Workspace {
        final BatchRealFft fft = new BatchRealFft(N_FFT);
        /** The padded span of an edge batch's frames. */
        final float[] edge = new float[(BatchRealFft.BATCH - 1) * HOP + N_FFT];
        final double[][] mel = new double[MEL_BINS][BatchRealFft.BATCH];
    }

    /**
     * One 30 s window: {@code length} samples from {@code samples[from]}, zero-padded to 480,000; writes
     * [128][3000] floats at {@code out[outOffset]}.
     *
     * <p>Two passes: the first writes each frame's mel power (rounded to float, relative error 6e-8, i.e. 3e-8 in
     * log10) and finds the window's largest one; the second turns them into
     * {@code (log10(max(mel, 1e-10, 1e-8 * windowMax)) + 4) / 4}, which is the reference's
     * {@code max(log10(max(mel, 1e-10)), max - 8)} with the clamp moved before the (monotonic) logarithm, so the
     * logarithm, clamp and scaling are one loop.
     */
    static void computeWindow(float[] samples, int from, int length, float[] out, int outOffset, Workspace ws) {
        BatchRealFft fft = ws.fft;
        double[][] mel = ws.mel;
        double maxPower = 0;
        int half = N_FFT / 2;
        for (int t0 = 0; t0 < FRAMES; t0 += BatchRealFft.BATCH) {
            int count = Math.min(BatchRealFft.BATCH, FRAMES - t0);
            if (t0 * HOP - half >= length) {
                // The whole batch lies right of the signal: every sample is padding (reflected zeros are zeros).
                for (int m = 0; m < MEL_BINS; m++) {
                    int o = outOffset + m * FRAMES + t0;
                    java.util.Arrays.fill(out, o, o + count, 0f);
                }
                continue;
            }
            // Frame t covers padded[160t, 160t + 400) = window samples [160t - 200, 160t + 200), reflected at both
            // ends of the zero-padded 480,000-sample buffer.
            int firstOfBatch = t0 * HOP - half;
            int span = (count - 1) * HOP + N_FFT;
            if (firstOfBatch >= 0 && firstOfBatch + span <= length) {
                // Interior batch: the FFT reads the frames (and applies the window) straight from the samples.
                fft.transformFrames(samples, from + firstOfBatch, HOP, HANN, count);
            } else {
                // Edge batch: the same, from a padded copy of its span (a few batches per window).
                float[] edge = ws.edge;
                for (int i = 0; i < span; i++) {
                    edge[i] = padded(samples, from, length, firstOfBatch + i);
                }
                fft.transformFrames(edge, 0, HOP, HANN, count);
            }
            FILTERS.applyBatch(fft.power, mel, count);
            for (int m = 0; m < MEL_BINS; m++) {
                double[] row = mel[m];
                int o = outOffset + m * FRAMES + t0;
                for (int b = 0; b < count; b++) {
                    double v = row[b];
                    if (v > maxPower) {
                        maxPower = v;
                    }
                    out[o + b] = (float) v;
                }
            }
        }
        // floor = 10^(log10(max(maxPower, 1e-10)) - 8), and never below the reference's own 1e-10
        float floor = (float) Math.max(1e-10, Math.max(maxPower, 1e-10) * 1e-8);
        int end = outOffset + MEL_BINS * FRAMES;
        for (int i = outOffset; i < end; i++) {
            float v = out[i];
            out[i] = (float) scaledLog10(v < floor ? floor : v);
        }
    }

    /**
     * Sample {@code i} of the window zero-padded to 480,000 samples and reflect-padded at both ends (numpy's
     * "reflect": {@code -i} on the left, {@code 2 * 479,999 - i} on the right).
     */
    private static float padded(float[] samples, int from, int length, int i) {
        if (i < 0) {
            i = -i;
        } else if (i >= WINDOW_SAMPLES) {
            i = 2 * (WINDOW_SAMPLES - 1) - i;
        }
        return i < length ? samples[from + i] : 0f;
    }
}

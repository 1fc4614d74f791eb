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
 * {@link #compute} call allocates only its output. Frames go through the FFT, the mel projection and the log 64 at
 * a time (see {@link BatchRealFft}). Thread-safe.
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

    private static final double LOG_FLOOR = -10.0; // log10(1e-10)

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

    private static final double LOG10_2 = Math.log10(2);
    private static final double INV_LN10 = 1 / Math.log(10);
    private static final int LOG_TABLE_BITS = 8;
    /** For mantissa interval i of [1, 2): 1 / its centre and log10(centre). */
    private static final double[] LOG_INV = new double[1 << LOG_TABLE_BITS];
    private static final double[] LOG_TAB = new double[1 << LOG_TABLE_BITS];
    private static final double C1 = INV_LN10;
    private static final double C2 = -INV_LN10 / 2;
    private static final double C3 = INV_LN10 / 3;
    private static final double C4 = -INV_LN10 / 4;
    private static final double C5 = INV_LN10 / 5;

    static {
        for (int i = 0; i < LOG_INV.length; i++) {
            double centre = 1 + (i + 0.5) / LOG_INV.length;
            LOG_INV[i] = 1 / centre;
            LOG_TAB[i] = Math.log10(centre);
        }
    }

    /**
     * log10 for positive normal doubles, accurate to about 1e-15: exponent + table value for the mantissa's top
     * 8 bits + a log1p series of the small remainder (|r| < 1/512, so five terms leave < 1e-15). {@code Math.log10}
     * was the second largest cost per window (384,000 calls); this has no division and no call, and its error is far
     * below the 1e-4 feature tolerance.
     */
    static double log10(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int e = (int) ((bits >>> 52) & 0x7ff) - 1023;
        int idx = (int) ((bits >>> (52 - LOG_TABLE_BITS)) & ((1 << LOG_TABLE_BITS) - 1));
        double m = Double.longBitsToDouble((bits & 0x000fffffffffffffL) | 0x3ff0000000000000L); // [1, 2)
        double r = m * LOG_INV[idx] - 1;
        return r * (C1 + r * (C2 + r * (C3 + r * (C4 + r * C5)))) + LOG_TAB[idx] + e * LOG10_2;
    }

    /** One workspace per thread (about 0.5 MB), reused across calls so a call allocates only its output. */
    private static final ThreadLocal<Workspace> WORKSPACES = ThreadLocal.withInitial(Workspace::new);

    /** Scratch buffers for one thread. */
    static final class Workspace {
        final BatchRealFft fft = new BatchRealFft(N_FFT);
        final double[][] mel = new double[MEL_BINS][BatchRealFft.BATCH];
    }

    /**
     * One 30 s window: {@code length} samples from {@code samples[from]}, zero-padded to 480,000; writes
     * [128][3000] floats at {@code out[outOffset]}.
     */
    static void computeWindow(float[] samples, int from, int length, float[] out, int outOffset, Workspace ws) {
        BatchRealFft fft = ws.fft;
        double[][] mel = ws.mel;
        double max = Double.NEGATIVE_INFINITY;
        int half = N_FFT / 2;
        for (int t0 = 0; t0 < FRAMES; t0 += BatchRealFft.BATCH) {
            int count = Math.min(BatchRealFft.BATCH, FRAMES - t0);
            if (t0 * HOP - half >= length) {
                // The whole batch lies right of the signal: every sample is padding (reflected zeros are zeros).
                for (int m = 0; m < MEL_BINS; m++) {
                    int o = outOffset + m * FRAMES + t0;
                    java.util.Arrays.fill(out, o, o + count, (float) LOG_FLOOR);
                }
                max = Math.max(max, LOG_FLOOR);
                continue;
            }
            double[][] even = fft.even();
            double[][] odd = fft.odd();
            int firstOfBatch = t0 * HOP - half;
            if (firstOfBatch >= 0 && firstOfBatch + (count - 1) * HOP + N_FFT <= length) {
                // Interior batch: fill row by row (contiguous stores; the strided sample reads hit few lines).
                int base = from + firstOfBatch;
                for (int j = 0; j < half; j++) {
                    double[] e = even[j];
                    double[] o = odd[j];
                    double he = HANN[2 * j];
                    double ho = HANN[2 * j + 1];
                    int src = base + 2 * j;
                    for (int b = 0; b < count; b++) {
                        e[b] = samples[src + b * HOP] * he;
                        o[b] = samples[src + b * HOP + 1] * ho;
                    }
                }
            } else {
                for (int b = 0; b < count; b++) {
                    // Frame t covers padded[160t, 160t + 400) = window samples [160t - 200, 160t + 200),
                    // reflected at both ends of the zero-padded 480,000-sample buffer.
                    int first = (t0 + b) * HOP - half;
                    for (int n = 0; n < N_FFT; n++) {
                        int i = first + n;
                        if (i < 0) {
                            i = -i;
                        } else if (i >= WINDOW_SAMPLES) {
                            i = 2 * (WINDOW_SAMPLES - 1) - i;
                        }
                        double x = i < length ? samples[from + i] * HANN[n] : 0.0;
                        if ((n & 1) == 0) {
                            even[n >> 1][b] = x;
                        } else {
                            odd[n >> 1][b] = x;
                        }
                    }
                }
            }
            fft.transform(count);
            FILTERS.applyBatch(fft.power, mel, count);
            for (int m = 0; m < MEL_BINS; m++) {
                double[] row = mel[m];
                int o = outOffset + m * FRAMES + t0;
                for (int b = 0; b < count; b++) {
                    double v = log10(Math.max(row[b], 1e-10));
                    if (v > max) {
                        max = v;
                    }
                    out[o + b] = (float) v;
                }
            }
        }
        // The log values were rounded to float above; redo the clamp and scale on them (the rounding error is
        // ~1e-7 relative, far below the 1e-4 target, and it saves a second double buffer).
        float floor = (float) (max - 8.0);
        int end = outOffset + MEL_BINS * FRAMES;
        for (int i = outOffset; i < end; i++) {
            float v = out[i];
            if (v < floor) {
                v = floor;
            }
            out[i] = (v + 4f) * 0.25f; // exactly (v + 4) / 4: 0.25 is a power of two
        }
    }
}

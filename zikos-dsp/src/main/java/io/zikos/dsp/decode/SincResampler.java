package io.zikos.dsp.decode;

/**
 * Band-limited sample-rate conversion in pure Java, for PCM that arrives in memory at another rate than a consumer
 * asks for (decoded files are resampled by ffmpeg/soxr instead).
 *
 * <p>Polyphase Kaiser-windowed sinc: the rate ratio is reduced to L/M and one filter phase per output position modulo L
 * is precomputed. The filter keeps {@value #ZERO_CROSSINGS} zero crossings of the lower rate's sinc on each side, a
 * Kaiser window with beta {@value #BETA} (about 90 dB stop-band attenuation) and a cutoff at {@value #CUTOFF} of the
 * lower Nyquist frequency, so the pass band is flat to about 88 % of it and everything above the lower Nyquist
 * frequency is attenuated by more than 80 dB. Output sample 0 is aligned with input sample 0 (zero phase, no delay).
 */
public final class SincResampler {

    static final int ZERO_CROSSINGS = 48;
    static final double BETA = 8.96;
    static final double CUTOFF = 0.94;
    /** Above this many table entries the coefficients are computed per output sample instead. */
    private static final long MAX_TABLE = 4L << 20;

    private SincResampler() {
    }

    /**
     * Resamples mono PCM.
     *
     * @return a new array of {@code ceil(in.length * toRate / fromRate)} samples (the input itself when the rates match)
     */
    public static float[] resample(float[] in, int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + fromRate + " -> " + toRate);
        }
        if (fromRate == toRate) {
            return in;
        }
        int g = gcd(fromRate, toRate);
        int up = toRate / g;    // L
        int down = fromRate / g; // M
        long outLen = ((long) in.length * up + down - 1) / down;
        if (outLen > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("output too long: " + outLen + " samples");
        }
        // Cutoff in cycles per input sample, relative to the input Nyquist (1.0 = input Nyquist).
        double fc = CUTOFF * Math.min(1.0, (double) up / down);
        // Half-width of the filter in input samples.
        int half = (int) Math.ceil(ZERO_CROSSINGS / fc);
        int taps = 2 * half;
        double i0Beta = besselI0(BETA);
        float[] out = new float[(int) outLen];
        boolean table = (long) up * taps <= MAX_TABLE;
        float[][] phases = table ? new float[up][] : null;
        if (table) {
            for (int ph = 0; ph < up; ph++) {
                phases[ph] = coefficients(ph / (double) up, fc, half, i0Beta);
            }
        }
        for (int j = 0; j < out.length; j++) {
            long pos = (long) j * down;
            int k0 = (int) (pos / up);
            int ph = (int) (pos % up);
            float[] h = table ? phases[ph] : coefficients(ph / (double) up, fc, half, i0Beta);
            int first = k0 - half + 1;
            int lo = Math.max(0, -first);
            int hi = Math.min(taps, in.length - first);
            double acc = 0;
            for (int i = lo; i < hi; i++) {
                acc += h[i] * in[first + i];
            }
            out[j] = (float) acc;
        }
        return out;
    }

    /** Taps for input samples k0-half+1 .. k0+half when the output lies {@code frac} samples after k0. */
    private static float[] coefficients(double frac, double fc, int half, double i0Beta) {
        float[] h = new float[2 * half];
        for (int i = 0; i < h.length; i++) {
            double x = (i - half + 1) - frac; // distance from the output instant, in input samples
            double r = x / half;
            double w = Math.abs(r) >= 1 ? 0 : besselI0(BETA * Math.sqrt(1 - r * r)) / i0Beta;
            h[i] = (float) (fc * sinc(fc * x) * w);
        }
        return h;
    }

    private static double sinc(double x) {
        if (Math.abs(x) < 1e-12) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** Modified Bessel function of the first kind, order 0 (power series; converges fast for the betas used). */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}

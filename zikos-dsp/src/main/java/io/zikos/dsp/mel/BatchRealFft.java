package io.zikos.dsp.mel;

/**
 * Power spectra of a batch of real frames of even length {@code n} (400 for Whisper), in double precision.
 *
 * <p>Each frame's even/odd samples are packed as one complex signal of length {@code n/2}, transformed by a
 * Stockham autosort FFT (radices 8, 5, 2: 200 = 8·5·5), and split into the {@code n/2 + 1} bins of the real
 * spectrum. Frames are processed {@link #BATCH} at a time, position-major ({@code [position][frame]}), so every
 * butterfly is a loop over the frames of the batch.
 *
 * <p>What HotSpot 17's C2 makes of that (checked in the generated assembly): it vectorises only loops with a few
 * memory streams, so the final split into power spectra runs as SIMD code, but the radix-8/radix-5 butterflies stay
 * scalar. For n = 400 the three stages are therefore specialised ({@code *Of400}): constant strides on flat buffers,
 * so each butterfly input/output is a base register plus a constant displacement (the generic kernels keep up to 20
 * row arrays live and C2 spilled their pointers on every iteration), a row pitch that keeps the butterfly legs off
 * the same L1 sets, fused multiply-adds, and a first stage that reads the frames straight from the signal and
 * applies the window ({@link #transformFrames}, which the caller feeds a padded copy for frames that reach past
 * the signal). {@link #set} and {@link #transform} run the generic kernels, for any length (the tests). Twiddles are
 * built once in the constructor; nothing is allocated per batch. Not thread-safe (it owns its buffers).
 */
final class BatchRealFft {

    /** Frames per batch (the row length). */
    static final int BATCH = 64;

    private final int n;
    private final int half;
    private final int[] radices;
    private final double[][] twRe;
    private final double[][] twIm;
    private final double[] splitRe;
    private final double[] splitIm;
    private double[][] aRe;
    private double[][] aIm;
    private double[][] bRe;
    private double[][] bIm;
    /** Power spectrum rows: {@code power[bin][frame]}. */
    final double[][] power;
    /** n = 400 only: the flat ping-pong buffers of the specialised stages ({@code [position * ROW + frame]}). */
    private final double[] flatRe0;
    private final double[] flatIm0;
    private final double[] flatRe1;
    private final double[] flatIm1;

    BatchRealFft(int n) {
        if (n < 4 || n % 2 != 0) {
            throw new IllegalArgumentException("FFT length must be even and >= 4: " + n);
        }
        this.n = n;
        this.half = n / 2;
        this.radices = factor(half);
        twRe = new double[radices.length][];
        twIm = new double[radices.length][];
        int len = half;
        for (int s = 0; s < radices.length; s++) {
            int r = radices[s];
            int m = len / r;
            twRe[s] = new double[m * (r - 1)];
            twIm[s] = new double[m * (r - 1)];
            for (int p = 0; p < m; p++) {
                for (int k = 1; k < r; k++) {
                    double theta = -2 * Math.PI * p * k / len;
                    twRe[s][p * (r - 1) + k - 1] = Math.cos(theta);
                    twIm[s][p * (r - 1) + k - 1] = Math.sin(theta);
                }
            }
            len = m;
        }
        splitRe = new double[half + 1];
        splitIm = new double[half + 1];
        for (int k = 0; k <= half; k++) {
            splitRe[k] = Math.cos(-2 * Math.PI * k / n);
            splitIm[k] = Math.sin(-2 * Math.PI * k / n);
        }
        boolean specialised = n == WHISPER_N;
        aRe = new double[half][BATCH];
        aIm = new double[half][BATCH];
        bRe = new double[half][BATCH];
        bIm = new double[half][BATCH];
        power = new double[half + 1][BATCH];
        flatRe0 = specialised ? new double[half * ROW] : null;
        flatIm0 = specialised ? new double[half * ROW] : null;
        flatRe1 = specialised ? new double[half * ROW] : null;
        flatIm1 = specialised ? new double[half * ROW] : null;
    }

    /** The frame length with specialised stages (radix 8, 5, 5 with constant strides). */
    static final int WHISPER_N = 400;
    /** Row pitch of the flat buffers. */
    static final int ROW = BATCH + 2;

    int size() {
        return n;
    }

    /** Factors {@code m} into 8s, then 5s, then a 2; other sizes are not needed for Whisper. */
    private static int[] factor(int m) {
        int[] tmp = new int[32];
        int count = 0;
        for (int r : new int[] {8, 5, 2}) {
            while (m % r == 0) {
                tmp[count++] = r;
                m /= r;
            }
        }
        if (m != 1) {
            throw new IllegalArgumentException("FFT half-length must factor into 8, 5 and 2");
        }
        return java.util.Arrays.copyOf(tmp, count);
    }

    /**
     * n = 400: transforms {@code count} frames read straight from {@code samples}, frame {@code b} being the
     * {@code 400} samples from {@code first + hop * b} (all inside the array: the caller handles padding), multiplied
     * by {@code window}. Same result as writing the windowed frames with {@link #set} and calling {@link #transform}.
     */
    void transformFrames(float[] samples, int first, int hop, double[] window, int count) {
        if (flatRe0 == null) {
            throw new IllegalStateException("only for n = " + WHISPER_N);
        }
        radix8Of400FromSamples(samples, first, hop, window, flatRe1, flatIm1, twRe[0], twIm[0], count);
        radix5Of400(flatRe1, flatIm1, flatRe0, flatIm0, twRe[1], twIm[1], count);
        lastRadix5Of400(flatRe0, flatIm0, aRe, aIm, count);
        split(aRe, aIm, count);
    }

    /** Writes samples {@code 2j} and {@code 2j + 1} of frame {@code b} (the generic kernels' layout). */
    void set(int j, int b, double evenSample, double oddSample) {
        aRe[j][b] = evenSample;
        aIm[j][b] = oddSample;
    }

    /**
     * Transforms the first {@code count} frames written with {@link #set}; their |X[k]|² land in
     * {@code power[k][frame]}. The input is overwritten.
     */
    void transform(int count) {
        double[][] xr = aRe;
        double[][] xi = aIm;
        double[][] yr = bRe;
        double[][] yi = bIm;
        int len = half;
        int stride = 1;
        for (int s = 0; s < radices.length; s++) {
            int r = radices[s];
            int m = len / r;
            switch (r) {
                case 8 -> radix8(xr, xi, yr, yi, m, stride, twRe[s], twIm[s], count);
                case 5 -> radix5(xr, xi, yr, yi, m, stride, twRe[s], twIm[s], count);
                default -> radix2(xr, xi, yr, yi, m, stride, twRe[s], twIm[s], count);
            }
            double[][] t = xr;
            xr = yr;
            yr = t;
            t = xi;
            xi = yi;
            yi = t;
            len = m;
            stride *= r;
        }
        // The result is in xr/xi; keep the buffers' roles stable for the next batch.
        if (xr != aRe) {
            bRe = aRe;
            bIm = aIm;
            aRe = xr;
            aIm = xi;
        }
        split(aRe, aIm, count);
    }

    /** X[k] = E[k] + W^k O[k], with E = (Z[k] + conj Z[N-k]) / 2 and O = (Z[k] - conj Z[N-k]) / 2i. */
    private void split(double[][] zr, double[][] zi, int count) {
        for (int k = 0; k <= half; k++) {
            double[] r1 = zr[k == half ? 0 : k];
            double[] i1 = zi[k == half ? 0 : k];
            double[] r2 = zr[k == 0 ? 0 : half - k];
            double[] i2 = zi[k == 0 ? 0 : half - k];
            double[] out = power[k];
            double wr = splitRe[k];
            double wi = splitIm[k];
            for (int b = 0; b < count; b++) {
                double er = 0.5 * (r1[b] + r2[b]);
                double ei = 0.5 * (i1[b] - i2[b]);
                double or = 0.5 * (i1[b] + i2[b]);
                double oi = -0.5 * (r1[b] - r2[b]);
                double re = er + wr * or - wi * oi;
                double im = ei + wr * oi + wi * or;
                out[b] = re * re + im * im;
            }
        }
    }

    private static void radix2(double[][] xr, double[][] xi, double[][] yr, double[][] yi, int m, int s,
                               double[] tr, double[] ti, int count) {
        int sm = s * m;
        for (int p = 0; p < m; p++) {
            double wr = tr[p];
            double wi = ti[p];
            for (int q = 0; q < s; q++) {
                int i0 = q + s * p;
                int o = q + 2 * s * p;
                double[] x0r = xr[i0];
                double[] x0i = xi[i0];
                double[] x1r = xr[i0 + sm];
                double[] x1i = xi[i0 + sm];
                double[] y0r = yr[o];
                double[] y0i = yi[o];
                double[] y1r = yr[o + s];
                double[] y1i = yi[o + s];
                for (int b = 0; b < count; b++) {
                    double ar = x0r[b];
                    double ai = x0i[b];
                    double br = x1r[b];
                    double bi = x1i[b];
                    y0r[b] = ar + br;
                    y0i[b] = ai + bi;
                    double dr = ar - br;
                    double di = ai - bi;
                    y1r[b] = dr * wr - di * wi;
                    y1i[b] = dr * wi + di * wr;
                }
            }
        }
    }

    private static final double C51 = Math.cos(2 * Math.PI / 5);
    private static final double C52 = Math.cos(4 * Math.PI / 5);
    private static final double S51 = -Math.sin(2 * Math.PI / 5);
    private static final double S52 = -Math.sin(4 * Math.PI / 5);

    private static void radix5(double[][] xr, double[][] xi, double[][] yr, double[][] yi, int m, int s,
                               double[] tr, double[] ti, int count) {
        int sm = s * m;
        for (int p = 0; p < m; p++) {
            int tw = 4 * p;
            double w1r = tr[tw];
            double w1i = ti[tw];
            double w2r = tr[tw + 1];
            double w2i = ti[tw + 1];
            double w3r = tr[tw + 2];
            double w3i = ti[tw + 2];
            double w4r = tr[tw + 3];
            double w4i = ti[tw + 3];
            for (int q = 0; q < s; q++) {
                int i0 = q + s * p;
                int o = q + 5 * s * p;
                double[] x0r = xr[i0];
                double[] x0i = xi[i0];
                double[] x1r = xr[i0 + sm];
                double[] x1i = xi[i0 + sm];
                double[] x2r = xr[i0 + 2 * sm];
                double[] x2i = xi[i0 + 2 * sm];
                double[] x3r = xr[i0 + 3 * sm];
                double[] x3i = xi[i0 + 3 * sm];
                double[] x4r = xr[i0 + 4 * sm];
                double[] x4i = xi[i0 + 4 * sm];
                double[] y0r = yr[o];
                double[] y0i = yi[o];
                double[] y1r = yr[o + s];
                double[] y1i = yi[o + s];
                double[] y2r = yr[o + 2 * s];
                double[] y2i = yi[o + 2 * s];
                double[] y3r = yr[o + 3 * s];
                double[] y3i = yi[o + 3 * s];
                double[] y4r = yr[o + 4 * s];
                double[] y4i = yi[o + 4 * s];
                if (p == 0) { // unit twiddles: skip the multiplications
                    for (int b = 0; b < count; b++) {
                        double a0r = x0r[b];
                        double a0i = x0i[b];
                        double a1r = x1r[b] + x4r[b];
                        double a1i = x1i[b] + x4i[b];
                        double b1r = x1r[b] - x4r[b];
                        double b1i = x1i[b] - x4i[b];
                        double a2r = x2r[b] + x3r[b];
                        double a2i = x2i[b] + x3i[b];
                        double b2r = x2r[b] - x3r[b];
                        double b2i = x2i[b] - x3i[b];
                        double m1r = Math.fma(C52, a2r, Math.fma(C51, a1r, a0r));
                        double m1i = Math.fma(C52, a2i, Math.fma(C51, a1i, a0i));
                        double m2r = Math.fma(C51, a2r, Math.fma(C52, a1r, a0r));
                        double m2i = Math.fma(C51, a2i, Math.fma(C52, a1i, a0i));
                        // i * (S51 b1 + S52 b2) and i * (S52 b1 - S51 b2)
                        double n1r = -Math.fma(S51, b1i, S52 * b2i);
                        double n1i = Math.fma(S51, b1r, S52 * b2r);
                        double n2r = -Math.fma(S52, b1i, -S51 * b2i);
                        double n2i = Math.fma(S52, b1r, -S51 * b2r);
                        y0r[b] = a0r + a1r + a2r;
                        y0i[b] = a0i + a1i + a2i;
                        double v1r = m1r + n1r;
                        double v1i = m1i + n1i;
                        double v4r = m1r - n1r;
                        double v4i = m1i - n1i;
                        double v2r = m2r + n2r;
                        double v2i = m2i + n2i;
                        double v3r = m2r - n2r;
                        double v3i = m2i - n2i;
                        y1r[b] = v1r;
                        y1i[b] = v1i;
                        y2r[b] = v2r;
                        y2i[b] = v2i;
                        y3r[b] = v3r;
                        y3i[b] = v3i;
                        y4r[b] = v4r;
                        y4i[b] = v4i;
                    }
                    continue;
                }
                for (int b = 0; b < count; b++) {
                    double a0r = x0r[b];
                    double a0i = x0i[b];
                    double a1r = x1r[b] + x4r[b];
                    double a1i = x1i[b] + x4i[b];
                    double b1r = x1r[b] - x4r[b];
                    double b1i = x1i[b] - x4i[b];
                    double a2r = x2r[b] + x3r[b];
                    double a2i = x2i[b] + x3i[b];
                    double b2r = x2r[b] - x3r[b];
                    double b2i = x2i[b] - x3i[b];
                    double m1r = Math.fma(C52, a2r, Math.fma(C51, a1r, a0r));
                    double m1i = Math.fma(C52, a2i, Math.fma(C51, a1i, a0i));
                    double m2r = Math.fma(C51, a2r, Math.fma(C52, a1r, a0r));
                    double m2i = Math.fma(C51, a2i, Math.fma(C52, a1i, a0i));
                    // i * (S51 b1 + S52 b2) and i * (S52 b1 - S51 b2)
                    double n1r = -Math.fma(S51, b1i, S52 * b2i);
                    double n1i = Math.fma(S51, b1r, S52 * b2r);
                    double n2r = -Math.fma(S52, b1i, -S51 * b2i);
                    double n2i = Math.fma(S52, b1r, -S51 * b2r);
                    y0r[b] = a0r + a1r + a2r;
                    y0i[b] = a0i + a1i + a2i;
                    double v1r = m1r + n1r;
                    double v1i = m1i + n1i;
                    double v4r = m1r - n1r;
                    double v4i = m1i - n1i;
                    double v2r = m2r + n2r;
                    double v2i = m2i + n2i;
                    double v3r = m2r - n2r;
                    double v3i = m2i - n2i;
                    y1r[b] = Math.fma(v1r, w1r, -v1i * w1i);
                    y1i[b] = Math.fma(v1r, w1i, v1i * w1r);
                    y2r[b] = Math.fma(v2r, w2r, -v2i * w2i);
                    y2i[b] = Math.fma(v2r, w2i, v2i * w2r);
                    y3r[b] = Math.fma(v3r, w3r, -v3i * w3i);
                    y3i[b] = Math.fma(v3r, w3i, v3i * w3r);
                    y4r[b] = Math.fma(v4r, w4r, -v4i * w4i);
                    y4i[b] = Math.fma(v4r, w4i, v4i * w4r);
                }
            }
        }
    }

    private static final double R2 = Math.sqrt(0.5);

    private static void radix8(double[][] xr, double[][] xi, double[][] yr, double[][] yi, int m, int s,
                               double[] tr, double[] ti, int count) {
        int sm = s * m;
        for (int p = 0; p < m; p++) {
            int tw = 7 * p;
            double w1r = tr[tw];
            double w1i = ti[tw];
            double w2r = tr[tw + 1];
            double w2i = ti[tw + 1];
            double w3r = tr[tw + 2];
            double w3i = ti[tw + 2];
            double w4r = tr[tw + 3];
            double w4i = ti[tw + 3];
            double w5r = tr[tw + 4];
            double w5i = ti[tw + 4];
            double w6r = tr[tw + 5];
            double w6i = ti[tw + 5];
            double w7r = tr[tw + 6];
            double w7i = ti[tw + 6];
            for (int q = 0; q < s; q++) {
                int i0 = q + s * p;
                int o = q + 8 * s * p;
                double[] x0r = xr[i0];
                double[] x0i = xi[i0];
                double[] x1r = xr[i0 + sm];
                double[] x1i = xi[i0 + sm];
                double[] x2r = xr[i0 + 2 * sm];
                double[] x2i = xi[i0 + 2 * sm];
                double[] x3r = xr[i0 + 3 * sm];
                double[] x3i = xi[i0 + 3 * sm];
                double[] x4r = xr[i0 + 4 * sm];
                double[] x4i = xi[i0 + 4 * sm];
                double[] x5r = xr[i0 + 5 * sm];
                double[] x5i = xi[i0 + 5 * sm];
                double[] x6r = xr[i0 + 6 * sm];
                double[] x6i = xi[i0 + 6 * sm];
                double[] x7r = xr[i0 + 7 * sm];
                double[] x7i = xi[i0 + 7 * sm];
                double[] y0r = yr[o];
                double[] y0i = yi[o];
                double[] y1r = yr[o + s];
                double[] y1i = yi[o + s];
                double[] y2r = yr[o + 2 * s];
                double[] y2i = yi[o + 2 * s];
                double[] y3r = yr[o + 3 * s];
                double[] y3i = yi[o + 3 * s];
                double[] y4r = yr[o + 4 * s];
                double[] y4i = yi[o + 4 * s];
                double[] y5r = yr[o + 5 * s];
                double[] y5i = yi[o + 5 * s];
                double[] y6r = yr[o + 6 * s];
                double[] y6i = yi[o + 6 * s];
                double[] y7r = yr[o + 7 * s];
                double[] y7i = yi[o + 7 * s];
                for (int b = 0; b < count; b++) {
                    double a0r = x0r[b] + x4r[b];
                    double a0i = x0i[b] + x4i[b];
                    double a1r = x0r[b] - x4r[b];
                    double a1i = x0i[b] - x4i[b];
                    double a2r = x2r[b] + x6r[b];
                    double a2i = x2i[b] + x6i[b];
                    double a3r = x2r[b] - x6r[b];
                    double a3i = x2i[b] - x6i[b];
                    double a4r = x1r[b] + x5r[b];
                    double a4i = x1i[b] + x5i[b];
                    double a5r = x1r[b] - x5r[b];
                    double a5i = x1i[b] - x5i[b];
                    double a6r = x3r[b] + x7r[b];
                    double a6i = x3i[b] + x7i[b];
                    double a7r = x3r[b] - x7r[b];
                    double a7i = x3i[b] - x7i[b];
                    double e0r = a0r + a2r;
                    double e0i = a0i + a2i;
                    double e2r = a0r - a2r;
                    double e2i = a0i - a2i;
                    double e1r = a1r + a3i;
                    double e1i = a1i - a3r;
                    double e3r = a1r - a3i;
                    double e3i = a1i + a3r;
                    double o0r = a4r + a6r;
                    double o0i = a4i + a6i;
                    double o2r = a4r - a6r;
                    double o2i = a4i - a6i;
                    double o1r = a5r + a7i;
                    double o1i = a5i - a7r;
                    double o3r = a5r - a7i;
                    double o3i = a5i + a7r;
                    // odd half times w8^k: w8 = (1 - i)/sqrt2, w8^2 = -i, w8^3 = (-1 - i)/sqrt2
                    double t1r = (o1r + o1i) * R2;
                    double t1i = (o1i - o1r) * R2;
                    double t3r = (o3i - o3r) * R2;
                    double t3i = -(o3r + o3i) * R2;
                    y0r[b] = e0r + o0r;
                    y0i[b] = e0i + o0i;
                    double v4r = e0r - o0r;
                    double v4i = e0i - o0i;
                    double v1r = e1r + t1r;
                    double v1i = e1i + t1i;
                    double v5r = e1r - t1r;
                    double v5i = e1i - t1i;
                    double v2r = e2r + o2i;
                    double v2i = e2i - o2r;
                    double v6r = e2r - o2i;
                    double v6i = e2i + o2r;
                    double v3r = e3r + t3r;
                    double v3i = e3i + t3i;
                    double v7r = e3r - t3r;
                    double v7i = e3i - t3i;
                    y1r[b] = Math.fma(v1r, w1r, -v1i * w1i);
                    y1i[b] = Math.fma(v1r, w1i, v1i * w1r);
                    y2r[b] = Math.fma(v2r, w2r, -v2i * w2i);
                    y2i[b] = Math.fma(v2r, w2i, v2i * w2r);
                    y3r[b] = Math.fma(v3r, w3r, -v3i * w3i);
                    y3i[b] = Math.fma(v3r, w3i, v3i * w3r);
                    y4r[b] = Math.fma(v4r, w4r, -v4i * w4i);
                    y4i[b] = Math.fma(v4r, w4i, v4i * w4r);
                    y5r[b] = Math.fma(v5r, w5r, -v5i * w5i);
                    y5i[b] = Math.fma(v5r, w5i, v5i * w5r);
                    y6r[b] = Math.fma(v6r, w6r, -v6i * w6i);
                    y6i[b] = Math.fma(v6r, w6i, v6i * w6r);
                    y7r[b] = Math.fma(v7r, w7r, -v7i * w7i);
                    y7i[b] = Math.fma(v7r, w7i, v7i * w7r);
                }
            }
        }
    }

    // ---- n = 400: the three stages specialised, on flat buffers -------------------------------------------------
    // A buffer holds position j of frame b at [j * ROW + b]; ROW = BATCH + 2 so that rows 8, 25 and 40 apart are
    // not a multiple of 4 KiB apart (with 64 they were, and the five inputs of a radix-5 butterfly then fought
    // over the same L1 sets: 60 % slower). With the strides as constants every input and output
    // of a butterfly is one base register plus a constant displacement; the generic kernels above keep up to 20 row
    // arrays live and C2 spills their pointers to the stack on every iteration.

    private static final double NS51 = -S51;
    private static final double NS52 = -S52;

    /**
     * Stage 1 of 3 (radix 8, s = 1, m = 25; outputs adjacent), straight from the signal: frame {@code b}'s samples start at {@code samples[first + hop * b]}, and the
     * window is applied here, so interior batches need no separate windowed copy of their frames (which cost about
     * as much as this stage). The window factors and twiddles of one {@code p} stay in registers (AVX-512 has 32).
     */
    private static void radix8Of400FromSamples(float[] samples, int first, int hop, double[] window, double[] yr,
                                               double[] yi, double[] tr, double[] ti, int count) {
        for (int p = 0; p < 25; p++) {
            int tw = 7 * p;
            double w1r = tr[tw];
            double w1i = ti[tw];
            double w2r = tr[tw + 1];
            double w2i = ti[tw + 1];
            double w3r = tr[tw + 2];
            double w3i = ti[tw + 2];
            double w4r = tr[tw + 3];
            double w4i = ti[tw + 3];
            double w5r = tr[tw + 4];
            double w5i = ti[tw + 4];
            double w6r = tr[tw + 5];
            double w6i = ti[tw + 5];
            double w7r = tr[tw + 6];
            double w7i = ti[tw + 6];
            double h0r = window[2 * (p + 0)];
            double h0i = window[2 * (p + 0) + 1];
            double h1r = window[2 * (p + 25)];
            double h1i = window[2 * (p + 25) + 1];
            double h2r = window[2 * (p + 50)];
            double h2i = window[2 * (p + 50) + 1];
            double h3r = window[2 * (p + 75)];
            double h3i = window[2 * (p + 75) + 1];
            double h4r = window[2 * (p + 100)];
            double h4i = window[2 * (p + 100) + 1];
            double h5r = window[2 * (p + 125)];
            double h5i = window[2 * (p + 125) + 1];
            double h6r = window[2 * (p + 150)];
            double h6i = window[2 * (p + 150) + 1];
            double h7r = window[2 * (p + 175)];
            double h7i = window[2 * (p + 175) + 1];
            int in = first + 2 * p;
            int out = 8 * p * ROW;
            for (int b = 0; b < count; b++) {
                int i = in + hop * b;
                int o = out + b;
                double x0r = samples[i] * h0r;
                double x0i = samples[i + 1] * h0i;
                double x1r = samples[i + 50] * h1r;
                double x1i = samples[i + 51] * h1i;
                double x2r = samples[i + 100] * h2r;
                double x2i = samples[i + 101] * h2i;
                double x3r = samples[i + 150] * h3r;
                double x3i = samples[i + 151] * h3i;
                double x4r = samples[i + 200] * h4r;
                double x4i = samples[i + 201] * h4i;
                double x5r = samples[i + 250] * h5r;
                double x5i = samples[i + 251] * h5i;
                double x6r = samples[i + 300] * h6r;
                double x6i = samples[i + 301] * h6i;
                double x7r = samples[i + 350] * h7r;
                double x7i = samples[i + 351] * h7i;
                double a0r = x0r + x4r;
                double a0i = x0i + x4i;
                double a1r = x0r - x4r;
                double a1i = x0i - x4i;
                double a2r = x2r + x6r;
                double a2i = x2i + x6i;
                double a3r = x2r - x6r;
                double a3i = x2i - x6i;
                double a4r = x1r + x5r;
                double a4i = x1i + x5i;
                double a5r = x1r - x5r;
                double a5i = x1i - x5i;
                double a6r = x3r + x7r;
                double a6i = x3i + x7i;
                double a7r = x3r - x7r;
                double a7i = x3i - x7i;
                double e0r = a0r + a2r;
                double e0i = a0i + a2i;
                double e2r = a0r - a2r;
                double e2i = a0i - a2i;
                double e1r = a1r + a3i;
                double e1i = a1i - a3r;
                double e3r = a1r - a3i;
                double e3i = a1i + a3r;
                double o0r = a4r + a6r;
                double o0i = a4i + a6i;
                double o2r = a4r - a6r;
                double o2i = a4i - a6i;
                double o1r = a5r + a7i;
                double o1i = a5i - a7r;
                double o3r = a5r - a7i;
                double o3i = a5i + a7r;
                // odd half times w8^k: w8 = (1 - i)/sqrt2, w8^2 = -i, w8^3 = (-1 - i)/sqrt2
                double t1r = (o1r + o1i) * R2;
                double t1i = (o1i - o1r) * R2;
                double t3r = (o3i - o3r) * R2;
                double t3i = -(o3r + o3i) * R2;
                yr[o] = e0r + o0r;
                yi[o] = e0i + o0i;
                double v4r = e0r - o0r;
                double v4i = e0i - o0i;
                double v1r = e1r + t1r;
                double v1i = e1i + t1i;
                double v5r = e1r - t1r;
                double v5i = e1i - t1i;
                double v2r = e2r + o2i;
                double v2i = e2i - o2r;
                double v6r = e2r - o2i;
                double v6i = e2i + o2r;
                double v3r = e3r + t3r;
                double v3i = e3i + t3i;
                double v7r = e3r - t3r;
                double v7i = e3i - t3i;
                yr[o + 66] = Math.fma(v1r, w1r, -v1i * w1i);
                yi[o + 66] = Math.fma(v1r, w1i, v1i * w1r);
                yr[o + 132] = Math.fma(v2r, w2r, -v2i * w2i);
                yi[o + 132] = Math.fma(v2r, w2i, v2i * w2r);
                yr[o + 198] = Math.fma(v3r, w3r, -v3i * w3i);
                yi[o + 198] = Math.fma(v3r, w3i, v3i * w3r);
                yr[o + 264] = Math.fma(v4r, w4r, -v4i * w4i);
                yi[o + 264] = Math.fma(v4r, w4i, v4i * w4r);
                yr[o + 330] = Math.fma(v5r, w5r, -v5i * w5i);
                yi[o + 330] = Math.fma(v5r, w5i, v5i * w5r);
                yr[o + 396] = Math.fma(v6r, w6r, -v6i * w6i);
                yi[o + 396] = Math.fma(v6r, w6i, v6i * w6r);
                yr[o + 462] = Math.fma(v7r, w7r, -v7i * w7i);
                yi[o + 462] = Math.fma(v7r, w7i, v7i * w7r);
            }
        }
    }

    /** Stage 2 of 3: radix 5, s = 8, m = 5 (inputs 40 rows apart, outputs 8 rows apart). */
    private static void radix5Of400(double[] xr, double[] xi, double[] yr, double[] yi, double[] tr, double[] ti,
                                    int count) {
        for (int p = 0; p < 5; p++) {
            int tw = 4 * p;
            double w1r = tr[tw];
            double w1i = ti[tw];
            double w2r = tr[tw + 1];
            double w2i = ti[tw + 1];
            double w3r = tr[tw + 2];
            double w3i = ti[tw + 2];
            double w4r = tr[tw + 3];
            double w4i = ti[tw + 3];
            for (int q = 0; q < 8; q++) {
                int in = (q + 8 * p) * ROW;
                int out = (q + 40 * p) * ROW;
                for (int b = 0; b < count; b++) {
                    int i = in + b;
                    int o = out + b;
                    double x0r = xr[i];
                    double x0i = xi[i];
                    double x1r = xr[i + 2640];
                    double x1i = xi[i + 2640];
                    double x2r = xr[i + 5280];
                    double x2i = xi[i + 5280];
                    double x3r = xr[i + 7920];
                    double x3i = xi[i + 7920];
                    double x4r = xr[i + 10560];
                    double x4i = xi[i + 10560];
                    double a0r = x0r;
                    double a0i = x0i;
                    double a1r = x1r + x4r;
                    double a1i = x1i + x4i;
                    double b1r = x1r - x4r;
                    double b1i = x1i - x4i;
                    double a2r = x2r + x3r;
                    double a2i = x2i + x3i;
                    double b2r = x2r - x3r;
                    double b2i = x2i - x3i;
                    double m1r = Math.fma(C52, a2r, Math.fma(C51, a1r, a0r));
                    double m1i = Math.fma(C52, a2i, Math.fma(C51, a1i, a0i));
                    double m2r = Math.fma(C51, a2r, Math.fma(C52, a1r, a0r));
                    double m2i = Math.fma(C51, a2i, Math.fma(C52, a1i, a0i));
                    // i * (S51 b1 + S52 b2) and i * (S52 b1 - S51 b2)
                    double n1r = Math.fma(NS51, b1i, NS52 * b2i);
                    double n1i = Math.fma(S51, b1r, S52 * b2r);
                    double n2r = Math.fma(NS52, b1i, S51 * b2i);
                    double n2i = Math.fma(S52, b1r, NS51 * b2r);
                    yr[o] = a0r + a1r + a2r;
                    yi[o] = a0i + a1i + a2i;
                    double v1r = m1r + n1r;
                    double v1i = m1i + n1i;
                    double v4r = m1r - n1r;
                    double v4i = m1i - n1i;
                    double v2r = m2r + n2r;
                    double v2i = m2i + n2i;
                    double v3r = m2r - n2r;
                    double v3i = m2i - n2i;
                    yr[o + 528] = Math.fma(v1r, w1r, -v1i * w1i);
                    yi[o + 528] = Math.fma(v1r, w1i, v1i * w1r);
                    yr[o + 1056] = Math.fma(v2r, w2r, -v2i * w2i);
                    yi[o + 1056] = Math.fma(v2r, w2i, v2i * w2r);
                    yr[o + 1584] = Math.fma(v3r, w3r, -v3i * w3i);
                    yi[o + 1584] = Math.fma(v3r, w3i, v3i * w3r);
                    yr[o + 2112] = Math.fma(v4r, w4r, -v4i * w4i);
                    yi[o + 2112] = Math.fma(v4r, w4i, v4i * w4r);
                }
            }
        }
    }

    /** Stage 3 of 3: radix 5, s = 40, m = 1, unit twiddles; writes the row buffers the split reads. */
    private static void lastRadix5Of400(double[] xr, double[] xi, double[][] yr, double[][] yi, int count) {
        for (int q = 0; q < 40; q++) {
            double[] y0r = yr[q];
            double[] y0i = yi[q];
            double[] y1r = yr[q + 40];
            double[] y1i = yi[q + 40];
            double[] y2r = yr[q + 80];
            double[] y2i = yi[q + 80];
            double[] y3r = yr[q + 120];
            double[] y3i = yi[q + 120];
            double[] y4r = yr[q + 160];
            double[] y4i = yi[q + 160];
            int in = q * ROW;
            for (int b = 0; b < count; b++) {
                int i = in + b;
                double x0r = xr[i];
                double x0i = xi[i];
                double x1r = xr[i + 2640];
                double x1i = xi[i + 2640];
                double x2r = xr[i + 5280];
                double x2i = xi[i + 5280];
                double x3r = xr[i + 7920];
                double x3i = xi[i + 7920];
                double x4r = xr[i + 10560];
                double x4i = xi[i + 10560];
                double a0r = x0r;
                double a0i = x0i;
                double a1r = x1r + x4r;
                double a1i = x1i + x4i;
                double b1r = x1r - x4r;
                double b1i = x1i - x4i;
                double a2r = x2r + x3r;
                double a2i = x2i + x3i;
                double b2r = x2r - x3r;
                double b2i = x2i - x3i;
                double m1r = Math.fma(C52, a2r, Math.fma(C51, a1r, a0r));
                double m1i = Math.fma(C52, a2i, Math.fma(C51, a1i, a0i));
                double m2r = Math.fma(C51, a2r, Math.fma(C52, a1r, a0r));
                double m2i = Math.fma(C51, a2i, Math.fma(C52, a1i, a0i));
                // i * (S51 b1 + S52 b2) and i * (S52 b1 - S51 b2)
                double n1r = Math.fma(NS51, b1i, NS52 * b2i);
                double n1i = Math.fma(S51, b1r, S52 * b2r);
                double n2r = Math.fma(NS52, b1i, S51 * b2i);
                double n2i = Math.fma(S52, b1r, NS51 * b2r);
                y0r[b] = a0r + a1r + a2r;
                y0i[b] = a0i + a1i + a2i;
                double v1r = m1r + n1r;
                double v1i = m1i + n1i;
                double v4r = m1r - n1r;
                double v4i = m1i - n1i;
                double v2r = m2r + n2r;
                double v2i = m2i + n2i;
                double v3r = m2r - n2r;
                double v3i = m2i - n2i;
                y1r[b] = v1r;
                y1i[b] = v1i;
                y2r[b] = v2r;
                y2i[b] = v2i;
                y3r[b] = v3r;
                y3i[b] = v3i;
                y4r[b] = v4r;
                y4i[b] = v4i;
            }
        }
    }
}

package io.zikos.dsp.mel;

/**
 * Power spectra of a batch of real frames of even length {@code n} (400 for Whisper), in double precision.
 *
 * <p>Each frame's even/odd samples are packed as one complex signal of length {@code n/2}, transformed by a
 * Stockham autosort FFT (radices 8, 5, 2: 200 = 8·5·5), and split into the {@code n/2 + 1} bins of the real
 * spectrum. Frames are processed {@link #BATCH} at a time in "row" layout ({@code re[position][frame]}): every
 * butterfly then runs as a plain loop over the frames of the batch, which HotSpot's C2 compiles to SIMD code —
 * about twice as fast as the same FFT one frame at a time, with identical arithmetic per frame. Twiddles are built
 * once in the constructor; {@link #transform} allocates nothing. Not thread-safe (it owns its buffers).
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
        aRe = new double[half][BATCH];
        aIm = new double[half][BATCH];
        bRe = new double[half][BATCH];
        bIm = new double[half][BATCH];
        power = new double[half + 1][BATCH];
    }

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

    /** Frame {@code b}'s sample {@code 2j} goes to {@code even()[j][b]}... */
    double[][] even() {
        return aRe;
    }

    /** ...and sample {@code 2j + 1} to {@code odd()[j][b]}. */
    double[][] odd() {
        return aIm;
    }

    /**
     * Transforms the first {@code count} frames written into {@link #even()}/{@link #odd()}; their |X[k]|² land in
     * {@code power[k][frame]}. The input rows are overwritten.
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
                        double m1r = a0r + C51 * a1r + C52 * a2r;
                        double m1i = a0i + C51 * a1i + C52 * a2i;
                        double m2r = a0r + C52 * a1r + C51 * a2r;
                        double m2i = a0i + C52 * a1i + C51 * a2i;
                        // i * (S51 b1 + S52 b2) and i * (S52 b1 - S51 b2)
                        double n1r = -(S51 * b1i + S52 * b2i);
                        double n1i = S51 * b1r + S52 * b2r;
                        double n2r = -(S52 * b1i - S51 * b2i);
                        double n2i = S52 * b1r - S51 * b2r;
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
                    double m1r = a0r + C51 * a1r + C52 * a2r;
                    double m1i = a0i + C51 * a1i + C52 * a2i;
                    double m2r = a0r + C52 * a1r + C51 * a2r;
                    double m2i = a0i + C52 * a1i + C51 * a2i;
                    // i * (S51 b1 + S52 b2) and i * (S52 b1 - S51 b2)
                    double n1r = -(S51 * b1i + S52 * b2i);
                    double n1i = S51 * b1r + S52 * b2r;
                    double n2r = -(S52 * b1i - S51 * b2i);
                    double n2i = S52 * b1r - S51 * b2r;
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
                    y1r[b] = v1r * w1r - v1i * w1i;
                    y1i[b] = v1r * w1i + v1i * w1r;
                    y2r[b] = v2r * w2r - v2i * w2i;
                    y2i[b] = v2r * w2i + v2i * w2r;
                    y3r[b] = v3r * w3r - v3i * w3i;
                    y3i[b] = v3r * w3i + v3i * w3r;
                    y4r[b] = v4r * w4r - v4i * w4i;
                    y4i[b] = v4r * w4i + v4i * w4r;
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
                    y1r[b] = v1r * w1r - v1i * w1i;
                    y1i[b] = v1r * w1i + v1i * w1r;
                    y2r[b] = v2r * w2r - v2i * w2i;
                    y2i[b] = v2r * w2i + v2i * w2r;
                    y3r[b] = v3r * w3r - v3i * w3i;
                    y3i[b] = v3r * w3i + v3i * w3r;
                    y4r[b] = v4r * w4r - v4i * w4i;
                    y4i[b] = v4r * w4i + v4i * w4r;
                    y5r[b] = v5r * w5r - v5i * w5i;
                    y5i[b] = v5r * w5i + v5i * w5r;
                    y6r[b] = v6r * w6r - v6i * w6i;
                    y6i[b] = v6r * w6i + v6i * w6r;
                    y7r[b] = v7r * w7r - v7i * w7i;
                    y7i[b] = v7r * w7i + v7i * w7r;
                }
            }
        }
    }
}

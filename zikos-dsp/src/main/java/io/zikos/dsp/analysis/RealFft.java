package io.zikos.dsp.analysis;

/**
 * Radix-2 FFT of real signals of one fixed size, computed as a half-size complex FFT. Tables are precomputed and the
 * work buffers are owned by the instance, so one instance must not be shared between threads; the analysis creates one
 * per recording.
 */
public final class RealFft {
    private final int n;
    private final int half;
    private final double[] cos;
    private final double[] sin;
    private final int[] bitrev;
    private final double[] twr;
    private final double[] twi;
    private final double[] zr;
    private final double[] zi;

    /** @param n transform size, a power of two ≥ 4 */
    public RealFft(int n) {
        if (n < 4 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two >= 4: " + n);
        }
        this.n = n;
        this.half = n / 2;
        cos = new double[half / 2];
        sin = new double[half / 2];
        for (int i = 0; i < half / 2; i++) {
            cos[i] = Math.cos(-2 * Math.PI * i / half);
            sin[i] = Math.sin(-2 * Math.PI * i / half);
        }
        bitrev = new int[half];
        int bits = Integer.numberOfTrailingZeros(half);
        for (int i = 0; i < half; i++) {
            bitrev[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
        twr = new double[half + 1];
        twi = new double[half + 1];
        for (int k = 0; k <= half; k++) {
            twr[k] = Math.cos(-2 * Math.PI * k / n);
            twi[k] = Math.sin(-2 * Math.PI * k / n);
        }
        zr = new double[half];
        zi = new double[half];
    }

    public int size() {
        return n;
    }

    /**
     * Forward transform of {@code x[0..n)}. Writes bins 0..n/2 into {@code re} and {@code im} (length ≥ n/2+1).
     */
    public void forward(double[] x, double[] re, double[] im) {
        for (int k = 0; k < half; k++) {
            int j = bitrev[k];
            zr[j] = x[2 * k];
            zi[j] = x[2 * k + 1];
        }
        complexInPlace(zr, zi, false);
        for (int k = 0; k <= half; k++) {
            int a = k % half;
            int b = (half - k) % half;
            double ar = zr[a];
            double ai = zi[a];
            double br = zr[b];
            double bi = -zi[b];
            double er = (ar + br) * 0.5;
            double ei = (ai + bi) * 0.5;
            // odd part: (Z[k] - conj Z[N/2-k]) / (2i)
            double or = (ai - bi) * 0.5;
            double oi = -(ar - br) * 0.5;
            re[k] = er + twr[k] * or - twi[k] * oi;
            im[k] = ei + twr[k] * oi + twi[k] * or;
        }
    }

    /**
     * Inverse transform of a Hermitian spectrum given by bins 0..n/2; writes n real samples into {@code x}
     * (scaled by 1/n, so forward then inverse is the identity).
     */
    public void inverse(double[] re, double[] im, double[] x) {
        for (int k = 0; k < half; k++) {
            double ar = re[k];
            double ai = im[k];
            double br = re[half - k];
            double bi = -im[half - k];
            double er = (ar + br) * 0.5;
            double ei = (ai + bi) * 0.5;
            double dr = (ar - br) * 0.5;
            double di = (ai - bi) * 0.5;
            // odd part times e^{+2πik/N}
            double or = dr * twr[k] + di * twi[k];
            double oi = di * twr[k] - dr * twi[k];
            // Z = E + i O
            int j = bitrev[k];
            zr[j] = er - oi;
            zi[j] = ei + or;
        }
        complexInPlace(zr, zi, true);
        double scale = 1.0 / half;
        for (int k = 0; k < half; k++) {
            x[2 * k] = zr[k] * scale;
            x[2 * k + 1] = zi[k] * scale;
        }
    }

    /** Iterative radix-2 butterflies over bit-reversed input. */
    private void complexInPlace(double[] r, double[] i, boolean inverse) {
        int m = half;
        for (int size = 2; size <= m; size <<= 1) {
            int halfSize = size >> 1;
            int step = m / size;
            for (int start = 0; start < m; start += size) {
                for (int k = 0; k < halfSize; k++) {
                    double wr = cos[k * step];
                    double wi = inverse ? -sin[k * step] : sin[k * step];
                    int a = start + k;
                    int b = a + halfSize;
                    double tr = r[b] * wr - i[b] * wi;
                    double ti = r[b] * wi + i[b] * wr;
                    r[b] = r[a] - tr;
                    i[b] = i[a] - ti;
                    r[a] += tr;
                    i[a] += ti;
                }
            }
        }
    }
}

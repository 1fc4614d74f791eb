package io.zikos.dsp.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RealFftTest {

    @Test
    void matchesDirectDftAndInvertsExactly() {
        int n = 64;
        double[] x = new double[n];
        Random r = new Random(3);
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
        }
        RealFft fft = new RealFft(n);
        double[] re = new double[n / 2 + 1];
        double[] im = new double[n / 2 + 1];
        fft.forward(x, re, im);
        for (int k = 0; k <= n / 2; k++) {
            double dr = 0;
            double di = 0;
            for (int j = 0; j < n; j++) {
                dr += x[j] * Math.cos(-2 * Math.PI * k * j / n);
                di += x[j] * Math.sin(-2 * Math.PI * k * j / n);
            }
            assertEquals(dr, re[k], 1e-9, "re " + k);
            assertEquals(di, im[k], 1e-9, "im " + k);
        }
        double[] back = new double[n];
        fft.inverse(re, im, back);
        for (int i = 0; i < n; i++) {
            assertEquals(x[i], back[i], 1e-12);
        }
    }

    @Test
    void rejectsSizesThatAreNotPowersOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new RealFft(100));
    }
}

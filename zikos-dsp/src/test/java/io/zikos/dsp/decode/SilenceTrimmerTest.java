package io.zikos.dsp.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.zikos.api.PcmAudio;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SilenceTrimmerTest {

    private static float[] pad(double lead, float[] body, double tail, int rate, double noise) {
        int a = (int) (lead * rate);
        int b = (int) (tail * rate);
        float[] x = new float[a + body.length + b];
        Random r = new Random(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (noise * r.nextGaussian());
        }
        for (int i = 0; i < body.length; i++) {
            x[a + i] += body[i];
        }
        return x;
    }

    @Test
    void trimsLeadingAndTrailingSilenceAndKeepsTheOffset() {
        int rate = 22050;
        float[] x = pad(1.0, Fixtures.tone(440, 0.5, 1.0, rate), 0.5, rate, 0);
        PcmAudio in = new PcmAudio(x, rate, 0, x.length / (double) rate, "take.wav");
        PcmAudio out = SilenceTrimmer.trim(in);
        // 50 ms margin on each side of the 1 s tone, to within one 10 ms frame.
        assertEquals(0.95, out.offsetSeconds(), 0.011);
        assertEquals(1.10, out.durationSeconds(), 0.022);
        assertEquals(in.originalDuration(), out.originalDuration());
        assertEquals("take.wav", out.sourceName());
        int first = (int) Math.round((1.0 - out.offsetSeconds()) * rate);
        assertEquals(x[(int) (1.0 * rate) + 10], out.samples()[first + 10]);
    }

    @Test
    void relativeThresholdIgnoresARoomNoiseFloor() {
        int rate = 16000;
        // Noise at -60 dBFS RMS, tone at -9 dBFS RMS: the noise is ~51 dB down and is trimmed.
        float[] x = pad(0.7, Fixtures.tone(300, 0.5, 0.8, rate), 0.7, rate, 0.001);
        PcmAudio out = SilenceTrimmer.trim(new PcmAudio(x, rate, 2.0, 10, "n"));
        assertEquals(2.0 + 0.65, out.offsetSeconds(), 0.011);
        assertEquals(0.9, out.durationSeconds(), 0.022);
    }

    @Test
    void returnsTheInputWhenThereIsNothingToTrim() {
        float[] x = Fixtures.tone(440, 0.5, 1.0, 8000);
        PcmAudio in = new PcmAudio(x, 8000, 0, 1, "t");
        assertSame(in, SilenceTrimmer.trim(in));
        PcmAudio zeros = new PcmAudio(new float[8000], 8000, 0, 1, "z");
        assertSame(zeros, SilenceTrimmer.trim(zeros));
    }
}

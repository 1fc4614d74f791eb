package io.zikos.samples.web;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A synthetic practice take as WAV bytes: a C-major scale up and down at 100 bpm on a harmonic tone that grows
 * louder, with the A4 on the way up 35 cents sharp and the A4 on the way down 80 ms late.
 */
final class TestTake {
    private TestTake() {
    }

    static byte[] wav() {
        int rate = 22050;
        int[] midi = {60, 62, 64, 65, 67, 69, 71, 72, 71, 69, 67, 65, 64, 62, 60};
        double beat = 0.6;
        float[] x = new float[(int) ((0.4 + midi.length * beat + 0.6) * rate)];
        for (int k = 0; k < midi.length; k++) {
            double f = 440 * Math.pow(2, (midi[k] - 69 + (k == 5 ? 0.35 : 0)) / 12);
            int s0 = (int) ((0.4 + k * beat + (k == 9 ? 0.080 : 0)) * rate);
            double amp = 0.15 + 0.5 * k / (midi.length - 1.0);
            int len = (int) (0.5 * rate);
            for (int i = 0; i < len; i++) {
                double t = i / (double) rate;
                double env = Math.min(1, t / 0.01) * Math.min(1, (len - i) / (0.04 * rate)) * Math.exp(-t * 1.2);
                double ph = 2 * Math.PI * f * t;
                x[s0 + i] += (float) (amp * env * (Math.sin(ph) + 0.5 * Math.sin(2 * ph) + 0.25 * Math.sin(3 * ph))
                        / 1.75);
            }
        }
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * x.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * x.length).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(2 * x.length);
        for (float v : x) {
            b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32767))));
        }
        return b.array();
    }
}

package io.zikos.dsp.report.html;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A synthetic practice take with known mistakes: a C-major scale up and down at 100 bpm on a harmonic tone that
 * grows louder, where the 6th note (A4) is 35 cents sharp and the 10th note comes 80 ms late.
 */
final class PracticeTake {
    static final int RATE = 22050;
    static final double BEAT = 0.6;
    static final int[] MIDI = {60, 62, 64, 65, 67, 69, 71, 72, 71, 69, 67, 65, 64, 62, 60};
    static final int SHARP_NOTE = 5;
    static final double SHARP_CENTS = 35;
    static final int LATE_NOTE = 9;
    static final double LATE_SECONDS = 0.080;

    private PracticeTake() {
    }

    static float[] samples() {
        double lead = 0.4;
        int total = (int) ((lead + MIDI.length * BEAT + 0.6) * RATE);
        float[] x = new float[total];
        for (int k = 0; k < MIDI.length; k++) {
            double cents = k == SHARP_NOTE ? SHARP_CENTS : 0;
            double f = 440 * Math.pow(2, (MIDI[k] - 69 + cents / 100.0) / 12);
            double start = lead + k * BEAT + (k == LATE_NOTE ? LATE_SECONDS : 0);
            double amp = 0.15 + 0.5 * k / (MIDI.length - 1.0);
            int s0 = (int) (start * RATE);
            int len = (int) (0.5 * RATE);
            for (int i = 0; i < len && s0 + i < total; i++) {
                double t = i / (double) RATE;
                double env = Math.min(1, t / 0.01) * Math.min(1, (len - i) / (0.04 * RATE)) * Math.exp(-t * 1.2);
                double ph = 2 * Math.PI * f * t;
                x[s0 + i] += (float) (amp * env * (Math.sin(ph) + 0.5 * Math.sin(2 * ph) + 0.25 * Math.sin(3 * ph))
                        / 1.75);
            }
        }
        return x;
    }

    /** 16-bit mono WAV bytes. */
    static byte[] wav() {
        float[] x = samples();
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * x.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * x.length).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(2 * x.length);
        for (float v : x) {
            b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32767))));
        }
        return b.array();
    }

    static Path write(Path file) throws IOException {
        return Files.write(file, wav());
    }
}

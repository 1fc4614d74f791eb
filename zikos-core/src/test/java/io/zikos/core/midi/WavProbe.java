package io.zikos.core.midi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Reads a rendered WAV back (with the JDK's WAV reader) into mono samples for assertions. */
final class WavProbe {
    final float[] mono;
    final AudioFormat format;

    WavProbe(byte[] wav) throws IOException, UnsupportedAudioFileException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            format = in.getFormat();
            byte[] pcm = in.readAllBytes();
            int ch = format.getChannels();
            int frames = pcm.length / (2 * ch);
            mono = new float[frames];
            for (int f = 0; f < frames; f++) {
                double s = 0;
                for (int c = 0; c < ch; c++) {
                    int i = (f * ch + c) * 2;
                    s += (short) ((pcm[i] & 0xFF) | pcm[i + 1] << 8) / 32768.0;
                }
                mono[f] = (float) (s / ch);
            }
        }
    }

    double seconds() {
        return mono.length / (double) format.getSampleRate();
    }

    double rmsDb(double fromSec, double toSec) {
        int a = (int) (fromSec * format.getSampleRate());
        int b = Math.min(mono.length, (int) (toSec * format.getSampleRate()));
        double s = 0;
        for (int i = a; i < b; i++) {
            s += mono[i] * (double) mono[i];
        }
        return 10 * Math.log10(Math.max(1e-20, s / Math.max(1, b - a)));
    }

    /** Strongest frequency between lo and hi Hz in a window, by a direct DFT scan in 1 Hz steps. */
    double peakHz(double fromSec, double toSec, int lo, int hi) {
        int a = (int) (fromSec * format.getSampleRate());
        int b = Math.min(mono.length, (int) (toSec * format.getSampleRate()));
        double best = 0;
        double bestF = 0;
        for (int f = lo; f <= hi; f++) {
            double re = 0;
            double im = 0;
            double w = 2 * Math.PI * f / format.getSampleRate();
            for (int i = a; i < b; i++) {
                re += mono[i] * Math.cos(w * i);
                im += mono[i] * Math.sin(w * i);
            }
            double p = re * re + im * im;
            if (p > best) {
                best = p;
                bestF = f;
            }
        }
        return bestF;
    }
}

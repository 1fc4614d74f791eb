package io.zikos.dsp.decode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Synthetic test audio, written by hand (WAV) or encoded at test time with the bundled ffmpeg (everything else). */
final class Fixtures {

    private Fixtures() {
    }

    static float[] tone(double freq, double amplitude, double seconds, int rate) {
        float[] x = new float[(int) Math.round(seconds * rate)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * freq * i / rate));
        }
        return x;
    }

    /**
     * Writes a WAV. {@code format} 1 = integer PCM of {@code bits}, 3 = 32-bit float.
     */
    static Path writeWav(Path file, int rate, int format, int bits, float[]... channels) throws IOException {
        int ch = channels.length;
        int frames = channels[0].length;
        int bps = bits / 8;
        int dataBytes = frames * ch * bps;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) format).putShort((short) ch).putInt(rate)
                .putInt(rate * ch * bps).putShort((short) (ch * bps)).putShort((short) bits);
        b.put("data".getBytes()).putInt(dataBytes);
        for (int i = 0; i < frames; i++) {
            for (float[] c : channels) {
                double v = Math.max(-1, Math.min(1, c[i]));
                if (format == 3) {
                    b.putFloat((float) v);
                } else if (bits == 16) {
                    b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32768))));
                } else if (bits == 24) {
                    int s = (int) Math.max(-8388608, Math.min(8388607, Math.round(v * 8388608)));
                    b.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
                } else if (bits == 8) {
                    b.put((byte) (Math.max(0, Math.min(255, Math.round(v * 128) + 128))));
                } else {
                    throw new IllegalArgumentException("bits " + bits);
                }
            }
        }
        Files.write(file, b.array());
        return file;
    }

    /** Encodes {@code wav} to {@code out} with the given codec arguments (for example {@code -c:a libmp3lame}). */
    static Path encode(Path wav, Path out, String... codecArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("-i", wav.toString()));
        args.addAll(List.of(codecArgs));
        args.add(out.toString());
        Ffmpeg.convert(args, 120);
        return out;
    }

    /** Dominant frequency by counting positive-going zero crossings (fine for a clean tone). */
    static double zeroCrossingFrequency(float[] x, int rate) {
        int first = -1;
        int last = -1;
        int count = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i - 1] < 0 && x[i] >= 0) {
                if (first < 0) {
                    first = i;
                } else {
                    count++;
                }
                last = i;
            }
        }
        return count == 0 ? 0 : count * rate / (double) (last - first);
    }

    static double rms(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) x[i] * x[i];
        }
        return Math.sqrt(s / (to - from));
    }

    /**
     * Error of {@code x} against {@code amplitude*sin(2 pi f n / rate)} in dB relative to the reference's RMS,
     * ignoring {@code edge} samples at each end (where a band-limited resampler legitimately rings).
     */
    static double errorDb(float[] x, double f, double amplitude, int rate, int edge) {
        double err = 0;
        double ref = 0;
        for (int i = edge; i < x.length - edge; i++) {
            double r = amplitude * Math.sin(2 * Math.PI * f * i / rate);
            err += (x[i] - r) * (x[i] - r);
            ref += r * r;
        }
        return 10 * Math.log10(err / ref);
    }
}

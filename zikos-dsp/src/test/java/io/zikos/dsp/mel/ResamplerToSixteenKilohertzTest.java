package io.zikos.dsp.mel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zikos.api.AudioSource;
import io.zikos.api.PcmAudio;
import io.zikos.dsp.decode.AudioDecoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The model front end needs 16 kHz: the issue asks for a resampler within -60 dB of a high-quality reference on
 * test tones. The decoder's own tests cover 44.1 kHz PCM; this adds the three common rates to 16 kHz on both paths
 * the features use: files (ffmpeg with soxr) and in-memory PCM (the decoder's windowed-sinc resampler), against the
 * analytic sine.
 */
class ResamplerToSixteenKilohertzTest {

    private static final double AMPLITUDE = 0.5;

    private static float[] tone(double freq, int rate, double seconds) {
        float[] x = new float[(int) Math.round(seconds * rate)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (AMPLITUDE * Math.sin(2 * Math.PI * freq * i / rate));
        }
        return x;
    }

    /** Error of {@code y} against the ideal 16 kHz sine, in dB relative to the sine, ignoring 0.1 s at each end. */
    private static double errorDb(float[] y, double freq) {
        int edge = 1600;
        double err = 0;
        double ref = 0;
        for (int i = edge; i < y.length - edge; i++) {
            double s = AMPLITUDE * Math.sin(2 * Math.PI * freq * i / 16000.0);
            err += (y[i] - s) * (y[i] - s);
            ref += s * s;
        }
        return 10 * Math.log10(err / ref);
    }

    private static Path wav(Path dir, float[] x, int rate) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(x.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : x) {
            b.putShort((short) Math.round(v * 32767));
        }
        AudioFormat f = new AudioFormat(rate, 16, 1, true, false);
        Path out = dir.resolve("tone_" + rate + ".wav");
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(b.array()), f, x.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, out.toFile());
        }
        return out;
    }

    @ParameterizedTest(name = "{0} Hz at {1} Hz -> 16 kHz")
    @CsvSource({"1000, 44100", "440, 48000", "6000, 48000", "1000, 22050", "5000, 22050", "7000, 44100"})
    void toneResampledTo16kIsWithinMinus60dB(double freq, int rate, @TempDir Path dir) throws IOException {
        float[] x = tone(freq, rate, 2.0);
        PcmAudio fromPcm = AudioDecoder.withDefaults().decode(AudioSource.ofPcm(x, rate), 16000);
        PcmAudio fromFile = AudioDecoder.withDefaults().decode(AudioSource.of(wav(dir, x, rate)), 16000);
        for (PcmAudio out : new PcmAudio[] {fromPcm, fromFile}) {
            assertEquals(16000, out.sampleRate());
            assertEquals(32000, out.samples().length, 2);
            double db = errorDb(out.samples(), freq);
            System.out.printf("%s %d->16000, %.0f Hz: %.1f dB%n", out == fromPcm ? "pcm " : "file", rate, freq, db);
            assertTrue(db < -60, (out == fromPcm ? "pcm" : "file") + " path: error " + db + " dB");
        }
    }
}

package io.zikos.dsp.mel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Reads the golden files copied from shared/fixtures/whisper_mel (see its README in the same folder). */
final class MelFixtures {

    static final String[] CLIPS = {"tone_a4_7s", "chirp_45s", "silence_2s", "exact_30s", "odd_len_30s"};

    private MelFixtures() {
    }

    static byte[] bytes(String name) throws IOException {
        try (InputStream in = MelFixtures.class.getResourceAsStream("/whisper_mel/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource whisper_mel/" + name);
            }
            return in.readAllBytes();
        }
    }

    static JsonNode json(String clip) throws IOException {
        return new ObjectMapper().readTree(bytes(clip + ".json"));
    }

    static float[] f32(String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes(name)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    static double[] f64(String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes(name)).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(out);
        return out;
    }

    static int[] i32(String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes(name)).order(ByteOrder.LITTLE_ENDIAN);
        int[] out = new int[b.remaining() / 4];
        b.asIntBuffer().get(out);
        return out;
    }

    /** A 16-bit mono WAV as int16/32768 floats, exactly what librosa/soundfile hand to transformers. */
    static float[] wav(String clip) throws IOException {
        try (InputStream raw = new BufferedInputStream(MelFixtures.class.getResourceAsStream(
                "/whisper_mel/" + clip + ".wav"));
             AudioInputStream in = AudioSystem.getAudioInputStream(raw)) {
            AudioFormat f = in.getFormat();
            if (f.getSampleSizeInBits() != 16 || f.getChannels() != 1 || f.getSampleRate() != 16000) {
                throw new IOException("expected 16 kHz mono PCM16: " + f);
            }
            byte[] data = in.readAllBytes();
            ByteBuffer b = ByteBuffer.wrap(data).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[data.length / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = b.getShort() / 32768f;
            }
            return out;
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(e);
        }
    }
}

package io.zikos.backend.remote;

import io.zikos.api.AudioInputException;
import io.zikos.api.AudioSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AudioEncodingTest {

    @Test
    void sniffsContainersFromTheirBytes() {
        assertEquals("wav", AudioEncoding.sniffFormat(AudioEncoding.wav16(new float[10], 8000), "x.bin"));
        assertEquals("mp3", AudioEncoding.sniffFormat(new byte[] {'I', 'D', '3', 4}, "x"));
        assertEquals("mp3", AudioEncoding.sniffFormat(new byte[] {(byte) 0xFF, (byte) 0xFB, 0x10}, "x"));
        assertEquals("aac", AudioEncoding.sniffFormat(new byte[] {(byte) 0xFF, (byte) 0xF1, 0x50}, "x"));
        assertEquals("flac", AudioEncoding.sniffFormat("fLaC....".getBytes(), "x"));
        assertEquals("ogg", AudioEncoding.sniffFormat("OggS....".getBytes(), "x"));
        assertEquals("webm", AudioEncoding.sniffFormat(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3}, "x"));
        assertEquals("m4a", AudioEncoding.sniffFormat("....ftypM4A ".getBytes(), "x"));
        assertEquals("opus", AudioEncoding.sniffFormat(new byte[] {1, 2, 3, 4}, "take.OPUS"));
        AudioInputException e = assertThrows(AudioInputException.class,
                () -> AudioEncoding.sniffFormat("hello world".getBytes(), "notes.txt"));
        assertEquals(AudioInputException.Problem.NOT_AUDIO, e.problem());
    }

    @Test
    void durationsExactForPcmAndWavEstimatedForCompressed(@TempDir Path dir) throws Exception {
        assertEquals(2.0, AudioEncoding.estimateSeconds(AudioSource.ofPcm(new float[32000], 16000)), 1e-9);
        Path wav = dir.resolve("a.wav");
        Files.write(wav, AudioEncoding.wav16(new float[44100 * 3], 44100));
        assertEquals(3.0, AudioEncoding.estimateSeconds(AudioSource.of(wav)), 1e-9);
        byte[] mp3 = new byte[160_000];
        mp3[0] = 'I';
        mp3[1] = 'D';
        mp3[2] = '3';
        assertEquals(10.0, AudioEncoding.estimateSeconds(AudioSource.ofBytes(mp3, "x.mp3")), 1e-9,
                "128 kbit/s assumed");
        assertEquals(0.0, AudioEncoding.estimateSeconds(AudioSource.of(dir.resolve("missing.wav"))));
    }

    @Test
    void pcmIsClippedAndRounded() {
        byte[] wav = AudioEncoding.wav16(new float[] {0f, 1f, -1f, 2f, Float.NaN, 0.5f}, 16000);
        short[] expected = {0, 32767, -32767, 32767, 0, 16384};
        for (int i = 0; i < expected.length; i++) {
            short s = (short) ((wav[44 + 2 * i] & 0xFF) | (wav[45 + 2 * i] << 8));
            assertEquals(expected[i], s, "sample " + i);
        }
    }

    @Test
    void bytesAreSentUnchangedAndEmptyAudioIsRejected() {
        byte[] ogg = "OggS-and-some-more-bytes".getBytes();
        AudioEncoding.Encoded enc = AudioEncoding.encode(AudioSource.ofBytes(ogg, "upload"));
        assertEquals("ogg", enc.format());
        assertEquals("audio/ogg", enc.mimeType());
        assertArrayEquals(ogg, enc.bytes());
        AudioInputException e = assertThrows(AudioInputException.class,
                () -> AudioEncoding.encode(AudioSource.ofBytes(new byte[0], "empty.wav")));
        assertEquals(AudioInputException.Problem.EMPTY, e.problem());
    }
}

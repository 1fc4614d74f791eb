package io.zikos.dsp.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zikos.api.AudioSource;
import io.zikos.api.PcmAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every supported container decodes to the tone it was made from, and the WAV fast path matches ffmpeg. */
class AudioDecoderFormatsTest {

    @TempDir
    static Path dir;
    static Path wav44;

    @BeforeAll
    static void makeTone() throws IOException {
        float[] t = Fixtures.tone(440, 0.5, 2.0, 44100);
        wav44 = Fixtures.writeWav(dir.resolve("tone44.wav"), 44100, 1, 16, t, t);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "tone.mp3, -c:a libmp3lame -b:a 128k",
            "tone.flac, -c:a flac",
            "tone.ogg, -c:a libvorbis -q:a 5",
            "tone.m4a, -c:a aac -b:a 128k",
            "tone.webm, -c:a libopus -b:a 96k",
            "tone48.wav, -c:a pcm_s24le -ar 48000",
            "tone.aiff, -c:a pcm_s16be"
    })
    void decodesEachFormatToTheTone(String file, String codec) throws IOException {
        Path out = Fixtures.encode(wav44, dir.resolve(file), codec.split(" "));
        PcmAudio pcm = AudioDecoder.withDefaults().decode(AudioSource.of(out), 22050);
        assertEquals(22050, pcm.sampleRate());
        assertEquals(2.0, pcm.durationSeconds(), 0.06, "duration of " + file);
        // Interior only: lossy codecs add a few ms of low-level priming/padding noise at the ends.
        float[] inner = java.util.Arrays.copyOfRange(pcm.samples(), 2205, pcm.samples().length - 2205);
        assertEquals(440, Fixtures.zeroCrossingFrequency(inner, 22050), 0.5, "pitch of " + file);
        // 0.5 amplitude sine: RMS 0.354; lossy codecs keep it within a few percent.
        double rms = Fixtures.rms(pcm.samples(), 2205, pcm.samples().length - 2205);
        assertEquals(0.5 / Math.sqrt(2), rms, 0.02, "level of " + file);
        assertEquals(0, pcm.offsetSeconds());
        assertEquals(file, pcm.sourceName());
    }

    @Test
    void decodesUploadedBytesLikeTheFile() throws IOException {
        Path mp3 = Fixtures.encode(wav44, dir.resolve("bytes.mp3"), "-c:a", "libmp3lame");
        AudioDecoder d = AudioDecoder.withDefaults();
        PcmAudio fromFile = d.decode(AudioSource.of(mp3), 16000);
        PcmAudio fromBytes = d.decode(AudioSource.ofBytes(Files.readAllBytes(mp3), "upload.mp3"), 16000);
        assertArrayEquals(fromFile.samples(), fromBytes.samples());
        assertEquals("upload.mp3", fromBytes.sourceName());
    }

    @ParameterizedTest(name = "{0}-bit format {1}, {2} channel(s)")
    @CsvSource({"16, 1, 2", "16, 1, 1", "24, 1, 1", "8, 1, 1", "32, 3, 1", "32, 3, 2"})
    void wavFastPathGivesTheSameSamplesAsFfmpeg(int bits, int format, int channels) throws IOException {
        float[] l = Fixtures.tone(330, 0.6, 1.0, 22050);
        float[] r = Fixtures.tone(523, 0.3, 1.0, 22050);
        Path wav = channels == 1 ? Fixtures.writeWav(dir.resolve("fp" + bits + format + ".wav"), 22050, format, bits, l)
                : Fixtures.writeWav(dir.resolve("fp" + bits + format + "s.wav"), 22050, format, bits, l, r);
        AudioDecoder d = AudioDecoder.withDefaults();
        PcmAudio fast = d.decode(AudioSource.of(wav), 22050);
        PcmAudio viaFfmpeg = d.decodeWithFfmpeg(wav, "x.wav", 22050, FormatSniffer.Kind.WAV);
        assertEquals(viaFfmpeg.samples().length, fast.samples().length);
        float maxDiff = 0;
        for (int i = 0; i < fast.samples().length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(fast.samples()[i] - viaFfmpeg.samples()[i]));
        }
        assertTrue(maxDiff <= 1e-6f, "fast path differs from ffmpeg by " + maxDiff);
    }

    @ParameterizedTest(name = "ffmpeg/soxr {0} Hz tone 44100 -> {1} Hz")
    @CsvSource({"1000, 16000", "440, 16000", "6000, 16000", "1000, 22050", "3000, 48000"})
    void ffmpegResamplingIsWithinMinus60dBOfAnAnalyticSine(double freq, int target) throws IOException {
        Path wav = Fixtures.writeWav(dir.resolve("rs" + (int) freq + "_" + target + ".wav"), 44100, 3, 32,
                Fixtures.tone(freq, 0.5, 2.0, 44100));
        PcmAudio pcm = AudioDecoder.withDefaults().decode(AudioSource.of(wav), target);
        assertEquals(Math.round(2.0 * target), pcm.samples().length, 2);
        double db = Fixtures.errorDb(pcm.samples(), freq, 0.5, target, target / 10);
        System.out.printf("soxr 44100->%d, %.0f Hz: error %.1f dB%n", target, freq, db);
        assertTrue(db < -60, "resampling error " + db + " dB");
    }

    @Test
    void neverModifiesTheInputFile() throws IOException, NoSuchAlgorithmException {
        Path mp3 = Fixtures.encode(wav44, dir.resolve("keep.mp3"), "-c:a", "libmp3lame");
        String hash = sha256(mp3);
        FileTime mtime = Files.getLastModifiedTime(mp3);
        AudioDecoder.withDefaults().decode(AudioSource.of(mp3), 16000);
        AudioDecoder.withDefaults().decode(AudioSource.of(wav44), 44100);
        assertEquals(hash, sha256(mp3));
        assertEquals(mtime, Files.getLastModifiedTime(mp3));
        assertTrue(Files.exists(wav44));
    }

    private static String sha256(Path p) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}

package io.zikos.dsp.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zikos.api.AudioInputException;
import io.zikos.api.AudioInputException.Problem;
import io.zikos.api.AudioSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each class of unusable input gets its own typed error naming the file, and nothing is left in temp dirs. */
class AudioDecoderBadInputTest {

    @TempDir
    static Path dir;
    static Path wav;
    static Path mp3;
    static Path flac;
    static Path m4a;

    @BeforeAll
    static void fixtures() throws IOException {
        float[] t = Fixtures.tone(440, 0.5, 3.0, 44100);
        wav = Fixtures.writeWav(dir.resolve("good.wav"), 44100, 1, 16, t);
        mp3 = Fixtures.encode(wav, dir.resolve("good.mp3"), "-c:a", "libmp3lame");
        flac = Fixtures.encode(wav, dir.resolve("good.flac"), "-c:a", "flac");
        m4a = Fixtures.encode(wav, dir.resolve("good.m4a"), "-c:a", "aac");
    }

    private static AudioInputException fails(Problem expected, AudioSource source) {
        return fails(expected, source, AudioDecoder.withDefaults());
    }

    private static AudioInputException fails(Problem expected, AudioSource source, AudioDecoder decoder) {
        AudioInputException e = assertThrows(AudioInputException.class, () -> decoder.decode(source, 22050));
        assertEquals(expected, e.problem(), e.getMessage());
        assertEquals(source.displayName(), e.source());
        assertTrue(e.getMessage().startsWith(source.displayName() + ": "), e.getMessage());
        return e;
    }

    @Test
    void missingFile() {
        AudioInputException e = fails(Problem.NOT_FOUND, AudioSource.of(dir.resolve("nope.mp3")));
        assertTrue(e.getMessage().contains("Check the path"), e.getMessage());
        fails(Problem.NOT_FOUND, AudioSource.of(dir));
    }

    @Test
    void emptyFileAndEmptyUpload() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.mp3"));
        AudioInputException e = fails(Problem.EMPTY, AudioSource.of(empty));
        assertTrue(e.getMessage().contains("0 bytes"));
        fails(Problem.EMPTY, AudioSource.ofBytes(new byte[0], "upload.webm"));
        fails(Problem.EMPTY, AudioSource.ofPcm(new float[0], 16000));
    }

    @Test
    void textPngAndMidiRenamedAsAudioAreNotAudio() throws IOException {
        Path txt = Files.writeString(dir.resolve("notes.mp3"), "These are my practice notes, not a recording.\n");
        AudioInputException e = fails(Problem.NOT_AUDIO, AudioSource.of(txt));
        assertTrue(e.getMessage().contains("text") && e.getMessage().contains("MP3"), e.getMessage());
        byte[] png = new byte[200];
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 0, png, 0, 8);
        Path pngFile = Files.write(dir.resolve("photo.mp3"), png);
        assertTrue(fails(Problem.NOT_AUDIO, AudioSource.of(pngFile)).getMessage().contains("PNG"));
        fails(Problem.NOT_AUDIO, AudioSource.ofBytes(png, "photo.m4a"));
        fails(Problem.NOT_AUDIO, AudioSource.ofBytes("hello".getBytes(StandardCharsets.UTF_8), "x.wav"));
        byte[] midi = "MThd\0\0\0\u0006\0\0\0\u0001\0\u0060".getBytes(StandardCharsets.ISO_8859_1);
        fails(Problem.NOT_AUDIO, AudioSource.ofBytes(midi, "song.mid"));
    }

    @Test
    void unknownBinaryThatFfmpegRejectsIsNotAudio() throws IOException {
        byte[] noise = new byte[4096];
        new java.util.Random(3).nextBytes(noise);
        noise[0] = 0; // no magic, contains a zero byte so it is not "text" either
        noise[1] = 1;
        fails(Problem.NOT_AUDIO, AudioSource.of(Files.write(dir.resolve("noise.bin"), noise)));
    }

    @Test
    void truncatedFilesAreCorrupt() throws IOException {
        byte[] w = Files.readAllBytes(wav);
        fails(Problem.CORRUPT, AudioSource.of(Files.write(dir.resolve("cut.wav"), Arrays.copyOf(w, w.length / 3))));
        fails(Problem.CORRUPT, AudioSource.ofBytes(Arrays.copyOf(w, 30), "header-only.wav"));
        byte[] f = Files.readAllBytes(flac);
        fails(Problem.CORRUPT, AudioSource.of(Files.write(dir.resolve("cut.flac"), Arrays.copyOf(f, f.length / 3))));
        byte[] m = Files.readAllBytes(m4a);
        fails(Problem.CORRUPT, AudioSource.of(Files.write(dir.resolve("cut.m4a"), Arrays.copyOf(m, m.length / 2))));
        byte[] p = Files.readAllBytes(mp3);
        fails(Problem.CORRUPT, AudioSource.of(Files.write(dir.resolve("cut.mp3"), Arrays.copyOf(p, p.length / 3))));
    }

    @Test
    void garbageAfterAnAudioMagicIsCorrupt() throws IOException {
        byte[] g = new byte[5000];
        new java.util.Random(5).nextBytes(g);
        System.arraycopy("fLaC".getBytes(StandardCharsets.US_ASCII), 0, g, 0, 4);
        fails(Problem.CORRUPT, AudioSource.of(Files.write(dir.resolve("garbage.flac"), g)));
    }

    @Test
    void tooShort() throws IOException {
        float[] t = Fixtures.tone(440, 0.5, 0.3, 44100);
        Path shortWav = Fixtures.writeWav(dir.resolve("short.wav"), 44100, 1, 16, t);
        AudioInputException e = fails(Problem.TOO_SHORT, AudioSource.of(shortWav));
        assertTrue(e.getMessage().contains("0.30 s"), e.getMessage());
        fails(Problem.TOO_SHORT, AudioSource.of(Fixtures.encode(shortWav, dir.resolve("short.ogg"), "-c:a", "libvorbis")));
        fails(Problem.TOO_SHORT, AudioSource.ofPcm(Fixtures.tone(440, 0.5, 0.2, 16000), 16000));
    }

    @Test
    void tooLongFromTheHeaderAndFromAStreamWithoutDuration() throws IOException {
        AudioDecoder capped = new AudioDecoder(DecoderSettings.defaults().withMaxSeconds(2));
        AudioInputException e = fails(Problem.TOO_LONG, AudioSource.of(mp3), capped);
        assertTrue(e.getMessage().contains("0:03") && e.getMessage().contains("0:02"), e.getMessage());
        fails(Problem.TOO_LONG, AudioSource.of(wav), capped);
        // Browsers' MediaRecorder writes WebM without a duration in the header, like ffmpeg writing to a pipe.
        Path live = dir.resolve("live.webm");
        Ffmpeg.convert(List.of("-i", wav.toString(), "-c:a", "libopus", "-f", "webm", "-live", "1", live.toString()), 60);
        fails(Problem.TOO_LONG, AudioSource.of(live), capped);
        fails(Problem.TOO_LONG, AudioSource.ofPcm(Fixtures.tone(440, 0.5, 2.5, 8000), 8000), capped);
        // The same inputs pass with the default 20-minute cap.
        assertEquals(3.0, AudioDecoder.withDefaults().decode(AudioSource.of(live), 16000).durationSeconds(), 0.05);
    }

    @Test
    void tooLongIsDecidedFromTheHeaderBeforeDecoding() throws IOException {
        // A 22-minute FLAC cut to its first quarter: its STREAMINFO still says 22 minutes. Decoding it would find a
        // truncated file (CORRUPT); TOO_LONG proves the cap was checked from the header first.
        Path longFlac = dir.resolve("long.flac");
        Ffmpeg.convert(List.of("-f", "lavfi", "-i", "sine=frequency=220:sample_rate=8000", "-t", "1320",
                "-c:a", "flac", longFlac.toString()), 120);
        byte[] all = Files.readAllBytes(longFlac);
        byte[] head = Arrays.copyOf(all, all.length / 4);
        AudioInputException e = fails(Problem.TOO_LONG, AudioSource.of(Files.write(dir.resolve("long-cut.flac"), head)));
        assertTrue(e.getMessage().contains("22:00") && e.getMessage().contains("20:00"), e.getMessage());
        // And a long PCM WAV at the requested rate is rejected from its header without reading the samples.
        Path longWav = dir.resolve("long.wav");
        Ffmpeg.convert(List.of("-f", "lavfi", "-i", "sine=frequency=220:sample_rate=22050", "-t", "1260",
                "-c:a", "pcm_u8", longWav.toString()), 120);
        fails(Problem.TOO_LONG, AudioSource.of(longWav));
    }

    @Test
    void digitalSilence() throws IOException {
        float[] zeros = new float[44100];
        Path silent = Fixtures.writeWav(dir.resolve("silent.wav"), 44100, 1, 16, zeros);
        AudioInputException e = fails(Problem.SILENT, AudioSource.of(silent));
        assertTrue(e.getMessage().contains("microphone"), e.getMessage());
        fails(Problem.SILENT, AudioSource.of(Fixtures.encode(silent, dir.resolve("silent.mp3"), "-c:a", "libmp3lame")));
        fails(Problem.SILENT, AudioSource.ofPcm(zeros, 44100));
    }

    @Test
    void nanSamplesAreCorrupt() {
        float[] x = Fixtures.tone(440, 0.5, 1, 8000);
        x[100] = Float.NaN;
        fails(Problem.CORRUPT, AudioSource.ofPcm(x, 8000));
    }

    @Test
    void leavesNothingInTempDirectoriesOnSuccessOrFailure() throws IOException {
        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        AudioDecoder d = new AudioDecoder(DecoderSettings.defaults().withTempDir(scratch));
        d.decode(AudioSource.of(wav), 16000); // warms JAVE2's one-time unpacking of ffmpeg
        Path sysTmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<String> before = list(sysTmp);
        byte[] good = Files.readAllBytes(mp3);
        byte[] m = Files.readAllBytes(m4a);
        d.decode(AudioSource.ofBytes(good, "ok.mp3"), 16000);
        // No duration in the header: decoded through a spool file in the temp dir.
        Path live = dir.resolve("live-tmp.webm");
        Ffmpeg.convert(List.of("-i", wav.toString(), "-c:a", "libopus", "-f", "webm", "-live", "1", live.toString()), 60);
        assertEquals(3.0, d.decode(AudioSource.ofBytes(Files.readAllBytes(live), "live.webm"), 16000)
                .durationSeconds(), 0.05);
        assertThrows(AudioInputException.class, () -> d.decode(AudioSource.ofBytes(Arrays.copyOf(m, m.length / 2), "cut.m4a"), 16000));
        assertThrows(AudioInputException.class, () -> d.decode(AudioSource.ofBytes(new byte[4000], "zeros.ogg"), 16000));
        assertThrows(AudioInputException.class, () -> new AudioDecoder(DecoderSettings.defaults().withTempDir(scratch)
                .withMaxSeconds(1)).decode(AudioSource.ofBytes(good, "long.mp3"), 16000));
        try (Stream<Path> s = Files.list(scratch)) {
            assertEquals(List.of(), s.collect(Collectors.toList()));
        }
        Set<String> after = list(sysTmp);
        after.removeAll(before);
        // Other tests in this JVM may create their own @TempDir folders concurrently; only our prefix matters.
        assertTrue(after.stream().noneMatch(n -> n.startsWith("zikos-decode-")), "left behind: " + after);
    }

    private static Set<String> list(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}

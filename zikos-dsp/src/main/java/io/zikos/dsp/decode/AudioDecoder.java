package io.zikos.dsp.decode;

import io.zikos.api.AudioInputException;
import io.zikos.api.AudioInputException.Problem;
import io.zikos.api.AudioSource;
import io.zikos.api.PcmAudio;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any {@link AudioSource} into validated mono float PCM at the rate a consumer asks for.
 *
 * <ul>
 *   <li>Files and byte uploads in any format the bundled ffmpeg (JAVE2) reads — wav, mp3, flac, ogg/vorbis/opus,
 *       m4a/aac, webm, aiff, ... — are decoded by ffmpeg through a pipe; resampling and down-mixing happen in ffmpeg
 *       with libsoxr at "very high quality" ({@code aresample=resampler=soxr:precision=28}).</li>
 *   <li>Integer or float PCM WAV (mono or stereo) already at the requested rate is read in pure Java, giving the same
 *       samples as ffmpeg without starting a process.</li>
 *   <li>{@link AudioSource.PcmSource} at another rate is resampled with {@link SincResampler}.</li>
 * </ul>
 *
 * <p>Every problem is an {@link AudioInputException} that names the input and says what to do: missing file,
 * empty file, corrupt or truncated file, not audio, too short, too long (checked against the container's header before
 * decoding when the header knows the duration), digital silence. Bytes handed in memory, and the decoded output of
 * long recordings or streams without a duration, pass through temporary files in {@link DecoderSettings#tempDir()}
 * which are always deleted, also on failure. The caller's file is only ever read.
 *
 * <p>Thread-safe; instances are cheap.
 */
public final class AudioDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(AudioDecoder.class);
    /** Peak at or below this counts as digital silence (one 16-bit LSB, about -90 dBFS). */
    static final double SILENCE_PEAK = 1.0 / 32768;
    private static final String FORMATS = "WAV, MP3, FLAC, OGG, M4A/AAC or WebM";

    private final DecoderSettings settings;

    public AudioDecoder(DecoderSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** A decoder with {@link DecoderSettings#defaults()}. */
    public static AudioDecoder withDefaults() {
        return new AudioDecoder(DecoderSettings.defaults());
    }

    public DecoderSettings settings() {
        return settings;
    }

    /**
     * Decodes to mono float PCM at {@code sampleRate}.
     *
     * @throws AudioInputException when the input is missing, empty, corrupt, not audio, too short, too long or silent
     * @throws UncheckedIOException on an I/O failure unrelated to the input (for example a full temp directory)
     */
    public PcmAudio decode(AudioSource source, int sampleRate) {
        Objects.requireNonNull(source, "source");
        if (sampleRate < 1000 || sampleRate > 384_000) {
            throw new IllegalArgumentException("sampleRate must be between 1000 and 384000 Hz: " + sampleRate);
        }
        try {
            if (source instanceof AudioSource.FileSource f) {
                return decodeFile(f.path(), f.displayName(), sampleRate);
            } else if (source instanceof AudioSource.BytesSource b) {
                return decodeBytes(b.bytes(), b.displayName(), sampleRate);
            } else if (source instanceof AudioSource.PcmSource p) {
                return fromPcm(p.samples(), p.sampleRate(), sampleRate);
            }
            throw new IllegalArgumentException("unsupported source: " + source);
        } catch (IOException e) {
            throw new UncheckedIOException("could not decode " + source.displayName() + ": " + e.getMessage(), e);
        }
    }

    private PcmAudio decodeBytes(byte[] bytes, String name, int sampleRate) throws IOException {
        if (bytes.length == 0) {
            throw empty(name);
        }
        FormatSniffer.Kind kind = FormatSniffer.sniff(bytes, Math.min(bytes.length, FormatSniffer.HEADER_BYTES));
        if (kind == FormatSniffer.Kind.NOT_AUDIO) {
            throw notAudio(name, bytes, Math.min(bytes.length, FormatSniffer.HEADER_BYTES), null);
        }
        Files.createDirectories(settings.tempDir());
        Path tmp = Files.createTempFile(settings.tempDir(), "zikos-decode-", suffix(name));
        try {
            Files.write(tmp, bytes);
            return decodeFile(tmp, name, sampleRate);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private PcmAudio decodeFile(Path file, String name, int sampleRate) throws IOException {
        if (Files.isDirectory(file)) {
            throw new AudioInputException(Problem.NOT_FOUND, name,
                    "is a directory, not an audio file. Pass the path of a recording (" + FORMATS + ").");
        }
        if (!Files.exists(file)) {
            throw new AudioInputException(Problem.NOT_FOUND, name,
                    "file not found at " + file.toAbsolutePath() + ". Check the path and that the file still exists.");
        }
        if (!Files.isReadable(file)) {
            throw new AudioInputException(Problem.NOT_FOUND, name,
                    "the file cannot be read (permission denied). Make it readable for this program and try again.");
        }
        long size;
        byte[] head = new byte[FormatSniffer.HEADER_BYTES];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            n = in.readNBytes(head, 0, head.length);
        } catch (NoSuchFileException e) {
            throw new AudioInputException(Problem.NOT_FOUND, name, "file not found. Check the path.", e);
        }
        if (size == 0 || n == 0) {
            throw empty(name);
        }
        FormatSniffer.Kind kind = FormatSniffer.sniff(head, n);
        if (kind == FormatSniffer.Kind.NOT_AUDIO) {
            throw notAudio(name, head, n, null);
        }
        if (kind == FormatSniffer.Kind.WAV) {
            WavFile wav = WavFile.parse(file);
            if (wav == null) {
                throw corrupt(name, "its WAV header is damaged (no readable fmt/data chunks)");
            }
            if (wav.truncated()) {
                throw corrupt(name, String.format(Locale.ROOT,
                        "it is truncated: the WAV header promises %.2f s but the file holds only %.2f s",
                        wav.declaredSeconds(), wav.durationSeconds()));
            }
            if (wav.fastPathSupported() && wav.sampleRate() == sampleRate) {
                checkTooLong(name, wav.durationSeconds());
                LOG.debug("{}: reading PCM WAV directly ({} Hz, {} ch, {} bit)", name, wav.sampleRate(),
                        wav.channels(), wav.bitsPerSample());
                return validate(wav.readMono(file), sampleRate, name);
            }
        }
        return decodeWithFfmpeg(file, name, sampleRate, kind);
    }

    /** The ffmpeg path; package-private so tests can compare it with the WAV fast path. */
    PcmAudio decodeWithFfmpeg(Path file, String name, int sampleRate, FormatSniffer.Kind kind) throws IOException {
        Ffmpeg.Probe probe = Ffmpeg.probe(file);
        if (!probe.opened()) {
            if (kind == FormatSniffer.Kind.UNKNOWN) {
                throw notAudio(name, null, 0, probe.error());
            }
            throw corrupt(name, "ffmpeg cannot read it (" + probe.error() + ")");
        }
        if (!probe.hasAudio()) {
            throw new AudioInputException(Problem.NOT_AUDIO, name,
                    "the file contains no audio stream. Supply a recording with sound (" + FORMATS + ").");
        }
        double max = settings.maxSeconds();
        if (probe.durationKnown()) {
            // An estimate from the bit rate can be off; only reject early when it is clearly over the cap.
            checkTooLong(name, probe.estimated() ? probe.duration() / 1.25 : probe.duration());
        }
        // Decode a little past the cap: enough to tell "too long" from "exactly at the cap" without decoding it all.
        Ffmpeg.Decoded d = Ffmpeg.decode(file, sampleRate, max + 0.25, probe.duration(), timeoutSeconds(),
                settings.tempDir());
        float[] samples = d.samples();
        if (samples.length == 0) {
            String why = d.errors().isEmpty() ? "no audio could be decoded from it"
                    : "decoding failed (" + firstLine(d.errors()) + ")";
            throw corrupt(name, why);
        }
        double decoded = samples.length / (double) sampleRate;
        checkTooLong(name, decoded);
        if (probe.durationKnown() && !probe.estimated() && probe.duration() <= max) {
            double missing = probe.duration() - decoded;
            if (missing > Math.max(0.5, 0.05 * probe.duration())) {
                throw corrupt(name, String.format(Locale.ROOT,
                        "it ends early: its header says %.2f s but only %.2f s could be decoded%s",
                        probe.duration(), decoded, d.errors().isEmpty() ? "" : " (" + firstLine(d.errors()) + ")"));
            }
        }
        if (!d.errors().isEmpty()) {
            LOG.debug("{}: ffmpeg reported while decoding: {}", name, firstLine(d.errors()));
        }
        return validate(samples, sampleRate, name);
    }

    private PcmAudio fromPcm(float[] samples, int fromRate, int sampleRate) {
        String name = "pcm";
        if (samples.length == 0) {
            throw new AudioInputException(Problem.EMPTY, name,
                    "no samples were given. Pass the recorded PCM samples (mono, in [-1, 1]).");
        }
        for (float v : samples) {
            if (!Float.isFinite(v)) {
                throw new AudioInputException(Problem.CORRUPT, name,
                        "the samples contain NaN or infinite values. Check the code that produced them.");
            }
        }
        checkTooLong(name, samples.length / (double) fromRate);
        float[] out = fromRate == sampleRate ? samples : SincResampler.resample(samples, fromRate, sampleRate);
        return validate(out, sampleRate, name);
    }

    /** Duration and silence checks shared by every path. */
    private PcmAudio validate(float[] samples, int sampleRate, String name) {
        double seconds = samples.length / (double) sampleRate;
        checkTooLong(name, seconds);
        if (seconds < settings.minSeconds()) {
            throw new AudioInputException(Problem.TOO_SHORT, name, String.format(Locale.ROOT,
                    "the audio lasts only %.2f s; at least %.2f s is needed. Record a longer take.",
                    seconds, settings.minSeconds()));
        }
        double peak = 0;
        for (float v : samples) {
            peak = Math.max(peak, Math.abs(v));
        }
        if (peak <= SILENCE_PEAK) {
            throw new AudioInputException(Problem.SILENT, name, String.format(Locale.ROOT,
                    "the audio is digital silence (peak %s). Check that the microphone was connected, unmuted and "
                            + "selected as the input, then record again.",
                    peak == 0 ? "exactly 0" : String.format(Locale.ROOT, "%.1f dBFS", 20 * Math.log10(peak))));
        }
        return new PcmAudio(samples, sampleRate, 0, seconds, name);
    }

    private void checkTooLong(String name, double seconds) {
        if (seconds > settings.maxSeconds()) {
            throw new AudioInputException(Problem.TOO_LONG, name, String.format(Locale.ROOT,
                    "the audio lasts %s, longer than the %s limit. Trim it to the passage you want feedback on"
                            + " (or raise the maxSeconds setting).",
                    clock(seconds), clock(settings.maxSeconds())));
        }
    }

    private long timeoutSeconds() {
        // ffmpeg decodes tens of minutes of audio per second; this only guards against a hung process.
        return 60 + (long) (settings.maxSeconds() / 2);
    }

    private static AudioInputException empty(String name) {
        return new AudioInputException(Problem.EMPTY, name,
                "the file is empty (0 bytes). The recording or upload probably failed; record or upload it again.");
    }

    private static AudioInputException corrupt(String name, String why) {
        return new AudioInputException(Problem.CORRUPT, name, "the file is damaged: " + why
                + ". Re-export or re-record it (or convert it to WAV or FLAC) and try again.");
    }

    private static AudioInputException notAudio(String name, byte[] head, int n, String ffmpegSays) {
        String looks = head == null ? null : describe(head, n);
        String what = looks != null ? "it looks like " + looks
                : ffmpegSays != null ? "ffmpeg does not recognise it: " + ffmpegSays : "its format is not recognised";
        return new AudioInputException(Problem.NOT_AUDIO, name, "this is not an audio file (" + what
                + "). Supply a recording in " + FORMATS + ".");
    }

    private static String describe(byte[] h, int n) {
        String start = new String(h, 0, Math.min(n, 8), java.nio.charset.StandardCharsets.ISO_8859_1);
        if (start.startsWith("\u0089PNG")) {
            return "a PNG image";
        }
        if (n >= 3 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xFF) == 0xD8) {
            return "a JPEG image";
        }
        if (start.startsWith("GIF8")) {
            return "a GIF image";
        }
        if (start.startsWith("%PDF")) {
            return "a PDF document";
        }
        if (start.startsWith("PK")) {
            return "a ZIP archive";
        }
        if (start.startsWith("MThd")) {
            return "a MIDI file (notes, not recorded sound; render it to audio first)";
        }
        if (start.startsWith("RIFF")) {
            return "a WebP image";
        }
        if ((h[0] & 0xFF) == 0x1F) {
            return "a gzip archive";
        }
        if ((h[0] & 0xFF) == 0x7F) {
            return "a program (ELF)";
        }
        return "text";
    }

    private static String suffix(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return ".bin";
        }
        String ext = name.substring(dot).toLowerCase(Locale.ROOT);
        // Only a short alphanumeric extension reaches the file system (it helps ffmpeg pick a demuxer).
        return ext.matches("\\.[a-z0-9]{1,5}") ? ext : ".bin";
    }

    private static String firstLine(String s) {
        String line = s.strip().split("\\R", 2)[0];
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}

package io.zikos.dsp.decode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator;

/**
 * Runs the ffmpeg that JAVE2 bundles ({@code jave-nativebin-*}), or the one named by the system property
 * {@value #FFMPEG_PROPERTY}. JAVE2 is used only to locate (and unpack, once, into {@code java.io.tmpdir/jave}) the
 * binary: the decoder drives ffmpeg directly so the PCM streams through a pipe instead of an intermediate file.
 *
 * <p>Resampling uses libsoxr through {@code aresample=resampler=soxr:precision=28} (soxr's "very high quality":
 * 28-bit precision, linear phase, passband to ~95 % of the output Nyquist). Down-mixing to mono uses swr's matrix
 * normalised with {@code rematrix_maxval=1}, which for stereo is the mean of the two channels (the same as the pure-Java
 * WAV reader) and never clips.
 */
final class Ffmpeg {

    /** System property naming an ffmpeg executable to use instead of JAVE2's bundled one. */
    static final String FFMPEG_PROPERTY = "zikos.ffmpeg";

    private static final Logger LOG = LoggerFactory.getLogger(Ffmpeg.class);
    private static final Pattern DURATION = Pattern.compile("Duration: (\\d+):(\\d{2}):(\\d{2}(?:\\.\\d+)?)");
    private static final Pattern AUDIO_STREAM = Pattern.compile("Stream #\\d+:\\d+.*?: Audio: ([^,\\s]+)");
    private static final long PROBE_TIMEOUT_SECONDS = 60;
    /** Decoded output larger than this goes through a temporary file rather than a pipe. */
    static final long SPOOL_BYTES = 32L << 20;
    private static volatile String executable;

    private Ffmpeg() {
    }

    /** The ffmpeg executable, unpacked by JAVE2 on first use. */
    static String executable() {
        String e = executable;
        if (e == null) {
            synchronized (Ffmpeg.class) {
                e = executable;
                if (e == null) {
                    String configured = System.getProperty(FFMPEG_PROPERTY);
                    e = configured != null && !configured.isBlank() ? configured
                            : new DefaultFFMPEGLocator().getExecutablePath();
                    executable = e;
                }
            }
        }
        return e;
    }

    /**
     * What ffmpeg says about a file without decoding it.
     *
     * @param opened        whether ffmpeg could open and parse the container
     * @param audioCodec    the first audio stream's codec, or {@code null} when there is none
     * @param duration      the container's duration in seconds, or {@code NaN} when unknown
     * @param estimated     whether ffmpeg only estimated the duration from the bit rate
     * @param error         the last line of ffmpeg's complaint when it could not open the file
     */
    record Probe(boolean opened, String audioCodec, double duration, boolean estimated, String error) {
        boolean hasAudio() {
            return audioCodec != null;
        }

        boolean durationKnown() {
            return !Double.isNaN(duration);
        }
    }

    static Probe probe(Path file) throws IOException {
        Result r = run(List.of(executable(), "-hide_banner", "-nostdin", "-i", file.toString()), PROBE_TIMEOUT_SECONDS,
                -1);
        String err = r.stderr();
        boolean opened = err.contains("Input #0");
        double duration = Double.NaN;
        Matcher m = DURATION.matcher(err);
        if (m.find()) {
            duration = Integer.parseInt(m.group(1)) * 3600 + Integer.parseInt(m.group(2)) * 60
                    + Double.parseDouble(m.group(3));
        }
        Matcher a = AUDIO_STREAM.matcher(err);
        String codec = a.find() ? a.group(1) : null;
        // "filesize and duration do not match" means the duration came from a header (Xing/VBRI) and the file is shorter
        // than it says: that duration is trustworthy and the mismatch is evidence of truncation.
        boolean estimated = err.contains("Estimating duration from bitrate");
        return new Probe(opened, codec, duration, estimated, opened ? null : lastLine(err));
    }

    /**
     * Decoded mono float PCM and what ffmpeg reported while decoding.
     *
     * @param samples  mono samples at the requested rate
     * @param exitCode ffmpeg's exit status
     * @param errors   ffmpeg's error output ({@code -v error}), empty when the decode was clean
     */
    record Decoded(float[] samples, int exitCode, String errors) {
    }

    /**
     * Decodes the first audio stream to mono float PCM at {@code sampleRate}, stopping after {@code maxSeconds}.
     */
    static Decoded decode(Path file, int sampleRate, double maxSeconds, double expectedSeconds, long timeoutSeconds,
                          Path tempDir) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(executable(), "-hide_banner", "-nostdin", "-v", "error", "-y",
                "-i", file.toString(), "-map", "0:a:0", "-vn", "-sn", "-dn",
                "-t", String.format(Locale.ROOT, "%.3f", maxSeconds),
                "-af", "aresample=resampler=soxr:precision=28:osr=" + sampleRate + ":ocl=mono:osf=flt:rematrix_maxval=1",
                "-f", "f32le", "-c:a", "pcm_f32le"));
        long expected = Double.isNaN(expectedSeconds) ? -1
                : (long) ((Math.min(expectedSeconds, maxSeconds) + 1) * sampleRate);
        if (expected >= 0 && expected * 4 <= SPOOL_BYTES) {
            // Short audio: stream through a pipe into an array sized from the header's duration.
            cmd.add("pipe:1");
            Result r = run(cmd, timeoutSeconds, (int) expected);
            return new Decoded(r.samples(), r.exitCode(), r.stderr().strip());
        }
        // Long or of unknown length: spool to a temporary file so the samples land in one exactly-sized array
        // (a growing or trimmed array would need twice the memory: 400 MB for 20 minutes at 44.1 kHz).
        Files.createDirectories(tempDir);
        Path spool = Files.createTempFile(tempDir, "zikos-decode-", ".f32");
        try {
            cmd.add(spool.toString());
            Result r = run(cmd, timeoutSeconds, -1);
            long bytes = Files.size(spool);
            if (bytes / 4 > Integer.MAX_VALUE - 16) {
                throw new IOException("decoded audio too large: " + bytes + " bytes");
            }
            float[] samples = new float[(int) (bytes / 4)];
            try (FileChannel ch = FileChannel.open(spool, StandardOpenOption.READ)) {
                ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
                int n = 0;
                while (n < samples.length) {
                    buf.clear();
                    if (ch.read(buf) < 0) {
                        break;
                    }
                    buf.flip();
                    int whole = Math.min(buf.remaining() / 4, samples.length - n);
                    buf.asFloatBuffer().get(samples, n, whole);
                    n += whole;
                    // A read can end mid-sample; keep the partial bytes for the next round.
                    ch.position(ch.position() - (buf.remaining() - whole * 4L));
                }
            }
            return new Decoded(samples, r.exitCode(), r.stderr().strip());
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    /** Encodes or converts with arbitrary arguments (used by tests to make fixtures). */
    static void convert(List<String> args, long timeoutSeconds) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(executable(), "-hide_banner", "-nostdin", "-v", "error", "-y"));
        cmd.addAll(args);
        Result r = run(cmd, timeoutSeconds, -1);
        if (r.exitCode() != 0) {
            throw new IOException("ffmpeg failed (" + r.exitCode() + "): " + r.stderr().strip());
        }
    }

    private record Result(int exitCode, String stderr, float[] samples) {
    }

    private static Result run(List<String> cmd, long timeoutSeconds, int pcmCapacity) throws IOException {
        LOG.debug("running {}", cmd);
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(nullFile())).start();
        } catch (IOException e) {
            throw new IOException("cannot run ffmpeg at " + cmd.get(0) + " (JAVE2 unpacks it into java.io.tmpdir, which"
                    + " must allow running programs; or point -D" + FFMPEG_PROPERTY + "= at an ffmpeg executable): "
                    + e.getMessage(), e);
        }
        // A watchdog: a hung ffmpeg would otherwise block the reading thread forever.
        CompletableFuture.delayedExecutor(timeoutSeconds, TimeUnit.SECONDS).execute(() -> {
            if (p.isAlive()) {
                LOG.warn("ffmpeg ran longer than {} s; stopping it", timeoutSeconds);
                p.destroyForcibly();
            }
        });
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()),
                daemonExecutor());
        try {
            float[] samples = pcmCapacity >= 0 ? readFloats(p.getInputStream(), pcmCapacity)
                    : drainAndDiscard(p.getInputStream());
            int code = p.waitFor();
            return new Result(code, stderr.join(), samples);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while ffmpeg was running", e);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    private static java.util.concurrent.Executor daemonExecutor() {
        return r -> {
            Thread t = new Thread(r, "zikos-ffmpeg-stderr");
            t.setDaemon(true);
            t.start();
        };
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static float[] drainAndDiscard(InputStream in) throws IOException {
        in.transferTo(java.io.OutputStream.nullOutputStream());
        return new float[0];
    }

    private static float[] readFloats(InputStream in, int capacity) throws IOException {
        float[] out = new float[Math.max(capacity, 1024)];
        int n = 0;
        byte[] buf = new byte[1 << 16];
        int carry = 0;
        while (true) {
            int got = in.read(buf, carry, buf.length - carry);
            if (got < 0) {
                break;
            }
            int total = carry + got;
            int whole = total / 4;
            if (n + whole > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, n + whole));
            }
            ByteBuffer.wrap(buf, 0, whole * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out, n, whole);
            n += whole;
            carry = total - whole * 4;
            System.arraycopy(buf, whole * 4, buf, 0, carry);
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static String drain(InputStream in) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                // Keep at most 64 KiB: a badly broken file can make ffmpeg print an error per packet.
                if (out.size() < 65536) {
                    out.write(buf, 0, Math.min(n, 65536 - out.size()));
                }
            }
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String lastLine(String s) {
        String[] lines = s.strip().split("\\R");
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }

    /** Whether a file exists and is executable (for a clear message when the bundled binary cannot run). */
    static boolean usable(String exe) {
        Path p = Path.of(exe);
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }
}

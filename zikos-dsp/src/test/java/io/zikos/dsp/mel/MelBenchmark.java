package io.zikos.dsp.mel;

import io.zikos.api.MelFeatures;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Times {@link WhisperLogMel} per 30 s window, warm, on one thread. Run through {@code bench/mel/run.sh}, or:
 * {@code java -cp zikos-dsp/target/classes:zikos-dsp/target/test-classes:zikos-api/target/classes
 * io.zikos.dsp.mel.MelBenchmark [16kHz-mono-pcm16.wav] [rounds]}. without a file (or with "-") it uses the 45 s chirp fixture.
 * Prints one JSON line.
 */
public final class MelBenchmark {

    private MelBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path wav = args.length > 0 && !args[0].isEmpty() && !args[0].equals("-") ? Path.of(args[0])
                : Path.of("zikos-dsp/src/test/resources/whisper_mel/chirp_45s.wav");
        float[] pcm = readWav(wav);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        // One full window of audio so every frame does real work (a short file would hit the silent-frame path).
        float[] window = Arrays.copyOf(pcm, WhisperLogMel.WINDOW_SAMPLES);
        for (int i = pcm.length; i < window.length; i++) {
            window[i] = pcm[i % pcm.length];
        }
        // Warm-up: C2 compiles the kernels in several steps (OSR first); after 60 calls the median was still
        // ~20 % above its settled value, after 300 it is settled (about 2 s).
        for (int i = 0; i < 300; i++) {
            WhisperLogMel.compute(window, 1);
        }
        // Wall time and this thread's CPU time: on a shared, overloaded machine the CPU time is the stable figure.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // The process's CPU time also counts the JIT and GC threads (the output is a fresh 1.5 MB array per call);
        // HotSpot reads it in 10 ms ticks, so it is averaged over all rounds rather than taken per call.
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] ms = new double[rounds];
        double[] cpu = new double[rounds];
        long p0 = os.getProcessCpuTime();
        for (int i = 0; i < rounds; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            MelFeatures f = WhisperLogMel.compute(window, 1);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
            if (f.windows() != 1) {
                throw new IllegalStateException();
            }
        }
        double procMean = (os.getProcessCpuTime() - p0) / 1e6 / rounds;
        Arrays.sort(ms);
        Arrays.sort(cpu);
        System.out.printf(java.util.Locale.ROOT,
                "{\"impl\": \"java\", \"ms_per_window_median\": %.3f, \"ms_per_window_min\": %.3f,"
                        + " \"cpu_ms_per_window_median\": %.3f, \"cpu_ms_per_window_min\": %.3f,"
                        + " \"process_cpu_ms_per_window_mean\": %.3f, \"rounds\": %d,"
                        + " \"java\": \"%s\"}%n", ms[rounds / 2], ms[0], cpu[rounds / 2], cpu[0], procMean, rounds,
                System.getProperty("java.version"));
    }

    private static float[] readWav(Path file) throws Exception {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
             AudioInputStream in = AudioSystem.getAudioInputStream(raw)) {
            AudioFormat f = in.getFormat();
            if (f.getSampleSizeInBits() != 16 || f.getChannels() != 1 || f.getSampleRate() != 16000) {
                throw new IllegalArgumentException("need a 16 kHz mono PCM16 WAV: " + f);
            }
            byte[] data = in.readAllBytes();
            ByteBuffer b = ByteBuffer.wrap(data).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[data.length / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = b.getShort() / 32768f;
            }
            return out;
        }
    }
}

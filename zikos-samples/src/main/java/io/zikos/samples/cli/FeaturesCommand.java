package io.zikos.samples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.AudioInputException;
import io.zikos.api.AudioSource;
import io.zikos.api.MelFeatures;
import io.zikos.api.Preprocessor;
import io.zikos.api.PreprocessorProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * {@code zikos features FILE --out OUT.f32}: Music Flamingo's log-mel input for any audio file, so it can be checked
 * against Hugging Face's processor from the command line.
 */
public final class FeaturesCommand implements CliCommand {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String name() {
        return "features";
    }

    @Override
    public String summary() {
        return "Music Flamingo log-mel features of a recording (float32 [windows,128,3000]) plus mask and token count";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: zikos features FILE --out OUT.f32 [--max-windows N] [--mask OUT.i32]",
                "",
                "Decodes FILE (wav, mp3, flac, ogg, m4a/aac, webm) to 16 kHz mono and computes Whisper's 128-bin",
                "log-mel features in 30 s windows, exactly as transformers' MusicFlamingoProcessor /",
                "AudioFlamingo3Processor do. Writes little-endian float32 [windows,128,3000] to OUT.f32 and prints one",
                "JSON line: windows, valid_frames (per window), audio_tokens, truncated, duration_s, ...",
                "  --out OUT.f32      where to write the features (required)",
                "  --max-windows N    window cap: 40 for music-flamingo-2601 (default), 20 for AF3 / music-flamingo-hf",
                "  --mask OUT.i32     also write the frame mask, little-endian int32 [windows,3000]");
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Path file = null;
        Path outFile = null;
        Path maskFile = null;
        String maxWindows = "40";
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            try {
                switch (a) {
                    case "--out" -> outFile = Path.of(args.get(++i));
                    case "--mask" -> maskFile = Path.of(args.get(++i));
                    case "--max-windows" -> maxWindows = args.get(++i);
                    case "-h", "--help" -> {
                        out.println(usage());
                        return 0;
                    }
                    default -> {
                        if (a.startsWith("--") || file != null) {
                            err.println((a.startsWith("--") ? "unknown option " + a : "one input file only") + "\n"
                                    + usage());
                            return 2;
                        }
                        file = Path.of(a);
                    }
                }
            } catch (IndexOutOfBoundsException e) {
                err.println(a + " needs a value\n" + usage());
                return 2;
            }
        }
        if (file == null || outFile == null) {
            err.println((file == null ? "no input file" : "--out is required") + "\n" + usage());
            return 2;
        }
        Preprocessor<?> features;
        try {
            features = provider().create(Map.of("maxWindows", maxWindows));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        long t0 = System.nanoTime();
        MelFeatures f;
        try {
            f = (MelFeatures) features.process(AudioSource.of(file));
        } catch (AudioInputException e) {
            err.println(e.getMessage());
            return 1;
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        writeFloats(outFile, f.data());
        if (maskFile != null) {
            writeInts(maskFile, f.mask());
        }
        ObjectNode line = MAPPER.createObjectNode();
        line.put("file", file.toString());
        line.put("out", outFile.toString());
        line.put("windows", f.windows());
        line.put("mel_bins", f.melBins());
        line.put("frames", f.frames());
        var valid = line.putArray("valid_frames");
        for (int v : f.validFrames()) {
            valid.add(v);
        }
        line.put("audio_tokens", f.audioTokenCount());
        line.put("truncated", f.truncated());
        line.put("max_windows", Integer.parseInt(maxWindows.strip()));
        line.put("seconds_used", Math.round(sum(f.validFrames()) * 160 / 16.0) / 1000.0);
        line.put("ms", Math.round(ms * 10) / 10.0);
        out.println(MAPPER.writeValueAsString(line));
        return 0;
    }

    private static long sum(int[] xs) {
        long s = 0;
        for (int x : xs) {
            s += x;
        }
        return s;
    }

    private static PreprocessorProvider provider() {
        for (PreprocessorProvider p : ServiceLoader.load(PreprocessorProvider.class)) {
            if (p.name().equals(PreprocessorProvider.MUSIC_FLAMINGO_FEATURES)) {
                return p;
            }
        }
        throw new IllegalStateException("no " + PreprocessorProvider.MUSIC_FLAMINGO_FEATURES
                + " preprocessor on the class path (zikos-dsp is missing)");
    }

    static void writeFloats(Path path, float[] data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        write(path, b);
    }

    static void writeInts(Path path, int[] data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(data);
        write(path, b);
    }

    private static void write(Path path, ByteBuffer b) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            b.rewind();
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }
}

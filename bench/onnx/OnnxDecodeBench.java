import io.zikos.api.BackendOptions;
import io.zikos.api.Cancellation;
import io.zikos.api.Device;
import io.zikos.backend.onnx.OnnxDecoder;
import io.zikos.backend.onnx.OnnxModels;
import io.zikos.core.generate.DecoderState;
import io.zikos.core.generate.GenerationConfig;
import io.zikos.core.generate.GenerationLoop;
import io.zikos.core.generate.GenerationResult;
import io.zikos.core.generate.TokenStreamListener;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Decode throughput of the Java generation loop on ONNX Runtime: greedy, a fixed prompt of PROMPT ids prefilled, then
 * STEPS decode steps through the shared GenerationLoop (end-of-sequence ignored). Prints one line per run and a
 * final "java_decode_tok_s=" line that bench/onnx/run.sh parses.
 *
 * <p>Usage: java -cp CLASSPATH OnnxDecodeBench.java MODEL_DIR [--prompt 32] [--steps 64] [--threads 2] [--runs 3]
 * [--device cpu|cuda|auto]
 */
public final class OnnxDecodeBench {

    /** The same 32 ids as tools/export/bench_ort_decode.py (taken modulo the vocabulary there and here). */
    private static final int[] PROMPT = {9707, 11, 1246, 525, 498, 30, 358, 1079, 264, 10847, 17847, 13, 5209, 1486,
        264, 356, 3598, 5452, 13, 576, 23938, 374, 220, 21, 15, 33327, 817, 9383, 13, 5692, 3719, 25};

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int prompt = 32;
        int steps = 64;
        int threads = 2;
        int runs = 3;
        Device device = Device.CPU;
        for (int i = 1; i < args.length; i += 2) {
            switch (args[i]) {
                case "--prompt" -> prompt = Integer.parseInt(args[i + 1]);
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--device" -> device = Device.valueOf(args[i + 1].toUpperCase());
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        BackendOptions options = new BackendOptions("onnx", device, null, null,
                Map.of("intraOpThreads", Integer.toString(threads), "interOpThreads", "1"));
        int[] ids = Arrays.copyOf(PROMPT, prompt);
        long loadStart = System.nanoTime();
        try (OnnxDecoder model = OnnxModels.loadDecoder(dir, options)) {
            System.out.printf("java: loaded %s in %.1f s (cuda=%s, cache=%s, %d cache tensors, vocab %d)%n", dir,
                    (System.nanoTime() - loadStart) / 1e9, model.onCuda(), model.cacheType(), model.cacheTensors(),
                    model.vocabSize());
            for (int i = 0; i < ids.length; i++) {
                ids[i] %= model.vocabSize();
            }
            GenerationConfig config = GenerationConfig.greedy(steps + 1, Set.of()).withIgnoreEos(true);
            run(model, ids, GenerationConfig.greedy(16, Set.of()).withIgnoreEos(true)); // warm-up (JIT, arenas)
            double[] rates = new double[runs];
            double[] cpu = new double[runs];
            for (int r = 0; r < runs; r++) {
                double[] m = run(model, ids, config);
                rates[r] = m[0];
                cpu[r] = m[1];
            }
            Arrays.sort(rates);
            Arrays.sort(cpu);
            System.out.printf("java_decode_tok_s=%.3f%n", rates[runs / 2]);
            System.out.printf("java_cpu_ms_per_tok=%.2f%n", cpu[runs / 2]);
        }
    }

    /**
     * One generation; returns decode tokens per second (the prefill excluded) and this thread's CPU milliseconds per
     * decode token (with one intra-op thread ONNX Runtime computes on the calling thread, so this is the work per
     * step whatever else the machine is doing).
     */
    private static double[] run(OnnxDecoder model, int[] ids, GenerationConfig config) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] times = new long[config.maxNewTokens()];
        long[] cpu = new long[config.maxNewTokens()];
        int[] n = {0};
        long start = System.nanoTime();
        GenerationResult result;
        try (DecoderState state = model.newState()) {
            result = GenerationLoop.generate(state, ids, config, null, new TokenStreamListener() {
                @Override
                public void onToken(int tokenId) {
                    cpu[n[0]] = mx.getCurrentThreadCpuTime();
                    times[n[0]++] = System.nanoTime();
                }
            }, Cancellation.none());
        }
        double prefill = (times[0] - start) / 1e6;
        int decoded = n[0] - 1;
        double seconds = (times[n[0] - 1] - times[0]) / 1e9;
        double rate = decoded / seconds;
        double cpuMs = (cpu[n[0] - 1] - cpu[0]) / 1e6 / decoded;
        System.out.printf("java: prefill %d ids %.1f ms, %d decode steps %.3f s -> %.2f tok/s, cpu %.2f ms/tok"
                + " (first ids %s)%n", ids.length, prefill, decoded, seconds, rate, cpuMs,
                Arrays.toString(Arrays.copyOf(result.tokenIds(), Math.min(5, result.tokenIds().length))));
        return new double[] {rate, cpuMs};
    }
}

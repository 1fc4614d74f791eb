import io.zikos.api.BackendOptions;
import io.zikos.api.Cancellation;
import io.zikos.api.Device;
import io.zikos.core.generate.CausalLm;
import io.zikos.core.generate.CausalLms;
import io.zikos.core.generate.DecoderState;
import io.zikos.core.generate.GenerationConfig;
import io.zikos.core.generate.GenerationLoop;
import io.zikos.core.generate.GenerationResult;
import io.zikos.core.generate.TokenStreamListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decode throughput of the shared Java generation loop on each engine, in one JVM and one run: the same model
 * directory (holding {@code onnx/} and {@code torchscript/} exports of one checkpoint), the same 32-id prompt as
 * bench/onnx (OnnxDecodeBench and tools/export/bench_ort_decode.py), greedy, end-of-sequence ignored, the same
 * intra-op thread count. The engines are loaded through the engine-neutral {@link CausalLms} SPI, so this harness is
 * the bench/onnx measurement parameterised by engine. Runs alternate between engines so that load from other
 * processes hits both alike; the median of each is reported.
 *
 * <p>Usage: java -cp CLASSPATH EngineDecodeBench.java MODEL_DIR [--engines onnx,djl] [--prompt 32] [--steps 64]
 * [--threads 2] [--runs 5] [--device cpu|cuda|auto] [--set KEY=VALUE (an engine setting, e.g. graphOptimizer=true)]
 */
public final class EngineDecodeBench {

    private static final int[] PROMPT = {9707, 11, 1246, 525, 498, 30, 358, 1079, 264, 10847, 17847, 13, 5209, 1486,
        264, 356, 3598, 5452, 13, 576, 23938, 374, 220, 21, 15, 33327, 817, 9383, 13, 5692, 3719, 25};

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        List<String> engines = List.of("onnx", "djl");
        int prompt = 32;
        int steps = 64;
        int threads = 2;
        int runs = 5;
        Device device = Device.CPU;
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            switch (args[i]) {
                case "--engines" -> engines = List.of(args[i + 1].split(","));
                case "--prompt" -> prompt = Integer.parseInt(args[i + 1]);
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--device" -> device = Device.valueOf(args[i + 1].toUpperCase());
                case "--set" -> {
                    String[] kv = args[i + 1].split("=", 2);
                    extra.put(kv[0], kv[1]);
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Map<String, CausalLm> models = new LinkedHashMap<>();
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, int[]> firstIds = new LinkedHashMap<>();
        try {
            for (String engine : engines) {
                Map<String, String> settings = new LinkedHashMap<>(extra);
                settings.put("intraOpThreads", Integer.toString(threads));
                settings.put("interOpThreads", "1");
                BackendOptions options = new BackendOptions(engine, device, null, null, settings);
                long t0 = System.nanoTime();
                CausalLm lm = CausalLms.load(dir, options);
                models.put(engine, lm);
                rates.put(engine, new ArrayList<>());
                System.out.printf("%s: loaded %s in %.1f s (%s, vocab %d)%n", engine, dir, (System.nanoTime() - t0) / 1e9,
                        lm.getClass().getSimpleName(), lm.vocabSize());
            }
            int vocab = models.values().iterator().next().vocabSize();
            int[] ids = Arrays.copyOf(PROMPT, prompt);
            for (int i = 0; i < ids.length; i++) {
                ids[i] %= vocab;
            }
            GenerationConfig config = GenerationConfig.greedy(steps + 1, Set.of()).withIgnoreEos(true);
            for (String engine : engines) {
                run(engine, models.get(engine), ids, GenerationConfig.greedy(8, Set.of()).withIgnoreEos(true)); // warm-up
            }
            for (int r = 0; r < runs; r++) {
                for (String engine : engines) {
                    Run result = run(engine, models.get(engine), ids, config);
                    rates.get(engine).add(result.rate);
                    firstIds.putIfAbsent(engine, result.ids);
                }
            }
        } finally {
            models.values().forEach(CausalLm::close);
        }
        System.out.printf("== %s, prompt %d ids, %d decode steps, %d intra-op threads, %d runs (median), device %s%n",
                dir, prompt, steps, threads, runs, device);
        StringBuilder line = new StringBuilder("RESULT");
        double first = -1;
        for (String engine : engines) {
            List<Double> list = new ArrayList<>(rates.get(engine));
            list.sort(null);
            double median = list.get(list.size() / 2);
            System.out.printf("%s_decode_tok_s=%.3f (runs %s)%n", engine, median, list);
            line.append(String.format(" %s=%.2f tok/s", engine, median));
            if (first < 0) {
                first = median;
            } else {
                line.append(String.format(" %s/%s=%.3f", engine, engines.get(0), median / first));
            }
        }
        boolean same = firstIds.values().stream().map(Arrays::toString).distinct().count() == 1;
        line.append(same ? " (identical greedy ids)" : " (greedy ids DIFFER)");
        System.out.println(line);
    }

    private record Run(double rate, int[] ids) {
    }

    /** One generation; decode tokens per second, the prefill excluded. */
    private static Run run(String engine, CausalLm model, int[] ids, GenerationConfig config) {
        long[] times = new long[config.maxNewTokens()];
        int[] n = {0};
        long start = System.nanoTime();
        GenerationResult result;
        try (DecoderState state = model.newState()) {
            result = GenerationLoop.generate(state, ids, config, null, new TokenStreamListener() {
                @Override
                public void onToken(int tokenId) {
                    times[n[0]++] = System.nanoTime();
                }
            }, Cancellation.none());
        }
        double prefill = (times[0] - start) / 1e6;
        int decoded = n[0] - 1;
        double seconds = (times[n[0] - 1] - times[0]) / 1e9;
        double rate = decoded / seconds;
        System.out.printf("%s: prefill %d ids %.1f ms, %d decode steps %.3f s -> %.2f tok/s (first ids %s)%n", engine,
                ids.length, prefill, decoded, seconds, rate,
                Arrays.toString(Arrays.copyOf(result.tokenIds(), Math.min(5, result.tokenIds().length))));
        return new Run(rate, result.tokenIds());
    }
}

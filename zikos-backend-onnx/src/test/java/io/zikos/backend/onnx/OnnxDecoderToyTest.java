package io.zikos.backend.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxJavaType;
import io.zikos.api.BackendOptions;
import io.zikos.api.Cancellation;
import io.zikos.api.Device;
import io.zikos.api.FinishReason;
import io.zikos.api.ModelLoadException;
import io.zikos.core.generate.CausalLm;
import io.zikos.core.generate.CausalLms;
import io.zikos.core.generate.DecoderState;
import io.zikos.core.generate.GenerationConfig;
import io.zikos.core.generate.GenerationLoop;
import io.zikos.core.generate.GenerationResult;
import io.zikos.core.generate.Sampler;
import io.zikos.core.generate.TokenStreamListener;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime plumbing on hand-written toy decoders (src/test/resources/toy/make_toy_decoders.py) whose next token is
 * a known function of the whole sequence: any mistake in cache feeding, mask length or position ids changes the ids.
 */
class OnnxDecoderToyTest {

    private static final BackendOptions CPU = BackendOptions.defaults().withDevice(Device.CPU)
            .withSetting("intraOpThreads", "1");

    static Path toy(String name) {
        try {
            return Path.of(OnnxDecoderToyTest.class.getResource("/toy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the toy graph computes: (sum ids + length + (positions ? length - 1 : 0)) mod 16. */
    static int[] expected(int[] prompt, int n, boolean positions) {
        List<Integer> seq = new ArrayList<>();
        for (int id : prompt) {
            seq.add(id);
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int sum = seq.stream().mapToInt(Integer::intValue).sum();
            int t = seq.size();
            int next = (sum + t + (positions ? t - 1 : 0)) % 16;
            out[i] = next;
            seq.add(next);
        }
        return out;
    }

    @Test
    void greedyDecodingFeedsTheCacheMaskAndPositionsCorrectly() {
        int[] prompt = {3, 1, 4, 1, 5};
        try (OnnxDecoder lm = OnnxModels.loadDecoder(toy("toy_fp32"), CPU)) {
            assertEquals(16, lm.vocabSize());
            assertEquals(OnnxJavaType.FLOAT, lm.cacheType());
            assertFalse(lm.onCuda());
            try (DecoderState s = lm.newState()) {
                GenerationResult r = GenerationLoop.generate(s, prompt, GenerationConfig.greedy(12, Set.of())
                        .withIgnoreEos(true), null, TokenStreamListener.NONE, Cancellation.none());
                assertArrayEquals(expected(prompt, 12, true), r.tokenIds());
                assertEquals(prompt.length + 11, s.length());
            }
        }
    }

    @Test
    void float16CacheWithoutPositionIdsIsReadFromTheModel() {
        int[] prompt = {7, 2};
        // the directory holds only onnx/model_fp16.onnx: found in the onnx/ sub-directory, dims from the model
        try (OnnxDecoder lm = OnnxModels.loadDecoder(toy("toy_fp16_nopos"), CPU)) {
            assertEquals(OnnxJavaType.FLOAT16, lm.cacheType());
            try (DecoderState s = lm.newState()) {
                GenerationResult r = GenerationLoop.generate(s, prompt, GenerationConfig.greedy(10, Set.of()),
                        null, TokenStreamListener.NONE, Cancellation.none());
                assertArrayEquals(expected(prompt, 10, false), r.tokenIds());
            }
        }
    }

    @Test
    void mergedDecodersGetUseCacheBranchOnlyOnceThereIsAPast() {
        int[] prompt = {3, 1, 4};
        // expected: the fp32 rule plus 3 on every step after the prefill (the flag is false for the empty past)
        List<Integer> seq = new ArrayList<>();
        for (int id : prompt) {
            seq.add(id);
        }
        int[] want = new int[8];
        for (int i = 0; i < want.length; i++) {
            int t = seq.size();
            int next = (seq.stream().mapToInt(Integer::intValue).sum() + t + (t - 1) + (i > 0 ? 3 : 0)) % 16;
            want[i] = next;
            seq.add(next);
        }
        try (OnnxDecoder lm = OnnxModels.loadDecoder(toy("toy_merged"), CPU); DecoderState s = lm.newState()) {
            GenerationResult r = GenerationLoop.generate(s, prompt, GenerationConfig.greedy(8, Set.of()), null,
                    TokenStreamListener.NONE, Cancellation.none());
            assertArrayEquals(want, r.tokenIds());
        }
    }

    @Test
    void stopTokenEndsGeneration() {
        int[] prompt = {3, 1, 4, 1, 5};
        int[] free = expected(prompt, 12, true);
        int stop = free[4];
        int firstStop = 0;
        while (free[firstStop] != stop) {
            firstStop++;
        }
        try (OnnxDecoder lm = OnnxModels.loadDecoder(toy("toy_fp32"), CPU); DecoderState s = lm.newState()) {
            GenerationResult r = GenerationLoop.generate(s, prompt, GenerationConfig.greedy(12, Set.of(stop)), null,
                    TokenStreamListener.NONE, Cancellation.none());
            assertEquals(FinishReason.STOP, r.finishReason());
            assertEquals(firstStop + 1, r.generatedTokens());
            assertEquals(stop, r.tokenIds()[firstStop]);
        }
    }

    @Test
    void oneLoadedModelServesConcurrentSessions() throws Exception {
        try (OnnxDecoder lm = OnnxModels.loadDecoder(toy("toy_fp32"), CPU)) {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<Boolean>> futures = new ArrayList<>();
                for (int t = 0; t < 12; t++) {
                    int[] prompt = {t % 16, (t * 7) % 16, 1};
                    futures.add(pool.submit(() -> {
                        for (int round = 0; round < 5; round++) {
                            try (DecoderState s = lm.newState()) {
                                int[] got = GenerationLoop.generate(s, prompt, GenerationConfig.greedy(20, Set.of()),
                                        null, TokenStreamListener.NONE, Cancellation.none()).tokenIds();
                                if (!java.util.Arrays.equals(expected(prompt, 20, true), got)) {
                                    return false;
                                }
                            }
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> f : futures) {
                    assertTrue(f.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void statesReleaseTheirCacheAndAClosedModelRefusesWork() {
        OnnxDecoder lm = OnnxModels.loadDecoder(toy("toy_fp32"), CPU);
        OnnxDecoderState s = (OnnxDecoderState) lm.newState();
        float[] logits = s.forward(new int[] {1, 2});
        assertEquals(expected(new int[] {1, 2}, 1, true)[0], Sampler.argmax(logits));
        assertTrue(s.holdsCache());
        s.close();
        assertFalse(s.holdsCache());
        assertThrows(IllegalStateException.class, () -> s.forward(new int[] {1}));
        lm.close();
        assertThrows(IllegalStateException.class, lm::newState);
    }

    @Test
    void idsOnlyDecoderRejectsEmbeddings() {
        try (OnnxDecoder lm = OnnxModels.loadDecoder(toy("toy_fp32"), CPU); DecoderState s = lm.newState()) {
            assertThrows(UnsupportedOperationException.class, () -> s.forwardEmbeddings(new float[2], 1));
        }
    }

    @Test
    void theEngineNeutralSpiFindsTheOnnxEngine() {
        try (CausalLm lm = CausalLms.load(toy("toy_fp32"), CPU.withEngine("onnx"))) {
            assertInstanceOf(OnnxDecoder.class, lm);
        }
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> CausalLms.load(toy("toy_fp32"), CPU.withEngine("nosuchengine")));
        assertTrue(e.getMessage().contains("nosuchengine"), e.getMessage());
    }

    @Test
    void missingAndMalformedModelsFailWithClearMessages(@TempDir Path tmp) throws Exception {
        ModelLoadException missingDir = assertThrows(ModelLoadException.class,
                () -> OnnxModels.loadDecoder(tmp.resolve("nope"), CPU));
        assertTrue(missingDir.getMessage().contains("not found"), missingDir.getMessage());

        ModelLoadException empty = assertThrows(ModelLoadException.class, () -> OnnxModels.loadDecoder(tmp, CPU));
        assertTrue(empty.getMessage().contains("no .onnx model") && empty.getMessage().contains("export_model.py"),
                empty.getMessage());

        Path broken = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(broken.resolve("model.onnx"), "this is not a protobuf");
        ModelLoadException malformed = assertThrows(ModelLoadException.class,
                () -> OnnxModels.loadDecoder(broken, CPU));
        assertTrue(malformed.getMessage().contains(broken.resolve("model.onnx").toString())
                && malformed.getMessage().contains("export_model.py"), malformed.getMessage());

        // a valid ONNX file that is not a KV-cache decoder
        Path notDecoder = Files.createDirectories(tmp.resolve("notdecoder"));
        Files.copy(toy("not_a_decoder.onnx"), notDecoder.resolve("model.onnx"));
        ModelLoadException wrong = assertThrows(ModelLoadException.class,
                () -> OnnxModels.loadDecoder(notDecoder, CPU));
        assertTrue(wrong.getMessage().contains("model.onnx"), wrong.getMessage());
    }

    @Test
    void cudaRequestedWhereItCannotLoadFailsClearlyAndAutoFallsBackToCpu() {
        org.junit.jupiter.api.Assumptions.assumeFalse(System.getenv("CUDA_VISIBLE_DEVICES") != null
                && Boolean.getBoolean("zikos.test.gpu"), "a GPU machine: covered by the GPU run");
        BackendOptions auto = BackendOptions.defaults().withSetting("intraOpThreads", "1");
        try (OnnxDecoder lm = OnnxModels.loadDecoder(toy("toy_fp32"), auto)) {
            if (!lm.onCuda()) {
                ModelLoadException e = assertThrows(ModelLoadException.class,
                        () -> OnnxModels.loadDecoder(toy("toy_fp32"), auto.withDevice(Device.CUDA)));
                assertTrue(e.getMessage().contains("CUDA"), e.getMessage());
            }
            try (DecoderState s = lm.newState()) {
                assertEquals(expected(new int[] {2}, 1, true)[0], Sampler.argmax(s.forward(new int[] {2})));
            }
        }
    }
}

package io.zikos.backend.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zikos.api.BackendOptions;
import io.zikos.api.Device;
import io.zikos.core.generate.AudioLanguageModel;
import io.zikos.core.generate.CausalLm;
import io.zikos.core.generate.DecoderState;
import io.zikos.core.generate.GenerationConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cache handling, memory, concurrency and the embeddings path of the DJL decoder. */
class DjlDecoderStateTest {

    private static CausalLm qwen;
    private static JsonNode qwenRef;

    @BeforeAll
    static void load() {
        qwen = DjlModels.load(Fixtures.torchscript("qwen2-tiny"), BackendOptions.defaults().withDevice(Device.CPU));
        qwenRef = Fixtures.reference("qwen2-tiny");
    }

    @AfterAll
    static void close() {
        qwen.close();
    }

    @Test
    void incrementalDecodingMatchesOneLongPrefill() {
        int[] prompt = Fixtures.ints(Fixtures.textCases(qwenRef).get(0).get("input_ids"));
        float[] whole;
        try (DecoderState s = qwen.newState()) {
            whole = s.forward(prompt);
        }
        try (DecoderState s = qwen.newState()) {
            s.forward(java.util.Arrays.copyOfRange(prompt, 0, 5));
            s.forward(java.util.Arrays.copyOfRange(prompt, 5, 6));
            float[] split = s.forward(java.util.Arrays.copyOfRange(prompt, 6, prompt.length));
            assertEquals(prompt.length, s.length());
            assertTrue(Fixtures.maxAbsDiff(whole, split) < 1e-4f, "chunked prefill differs");
        }
    }

    @Test
    void eachStepFreesItsTensorsAndTheStateHoldsOnlyItsCache() {
        try (DecoderState s = qwen.newState()) {
            DjlDecoderState state = (DjlDecoderState) s;
            assertEquals(1, state.heldArrays(), "an empty cache");
            state.forward(new int[] {1, 2, 3});
            for (int i = 0; i < 50; i++) {
                state.forward(new int[] {7 + i});
                assertEquals(1, state.heldArrays(), "step " + i + " left tensors behind");
            }
            assertEquals(53, state.length());
        }
    }

    @Test
    void closedStateAndClosedModelRefuseWork() {
        DecoderState s = qwen.newState();
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, () -> s.forward(new int[] {1}));
        CausalLm other = DjlModels.load(Fixtures.torchscript("qwen2-tiny"), BackendOptions.defaults());
        other.close();
        assertThrows(IllegalStateException.class, other::newState);
        assertThrows(UnsupportedOperationException.class, () -> {
            try (DecoderState t = qwen.newState()) {
                t.forwardEmbeddings(new float[8], 1);
            }
        });
    }

    @Test
    void concurrentStatesOnOneModelEachGetTheReference() throws Exception {
        List<JsonNode> cases = Fixtures.textCases(qwenRef);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[]>> futures = new ArrayList<>();
            List<int[]> expected = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (JsonNode c : cases) {
                    int[] prompt = Fixtures.ints(c.get("input_ids"));
                    int[] want = Fixtures.ints(c.get("greedy_ids_no_eos"));
                    expected.add(want);
                    GenerationConfig cfg = GenerationConfig.greedy(want.length, Fixtures.eos(qwenRef))
                            .withIgnoreEos(true);
                    futures.add(pool.submit(() -> DjlReferenceTest.greedy(qwen, prompt, cfg).tokenIds()));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertArrayEquals(expected.get(i), futures.get(i).get(), "concurrent run " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void audioModelEmbeddingsPathEqualsTheIdsPath() {
        try (CausalLm lm = DjlModels.load(Fixtures.torchscript("af3-tiny"), BackendOptions.defaults())) {
            AudioLanguageModel audio = (AudioLanguageModel) lm;
            int[] ids = {503, 10, 11, 12, 13};
            float[] embeds = audio.embedTokens(ids);
            assertEquals(ids.length * audio.hiddenSize(), embeds.length);
            float[] viaIds;
            try (DecoderState s = audio.newState()) {
                viaIds = s.forward(ids);
            }
            try (DecoderState s = audio.newState()) {
                float[] viaEmbeds = s.forwardEmbeddings(embeds, ids.length);
                assertEquals(0f, Fixtures.maxAbsDiff(viaIds, viaEmbeds), 1e-6f);
                assertThrows(IllegalArgumentException.class, () -> s.forwardEmbeddings(new float[3], 1));
            }
        }
    }
}

package io.zikos.backend.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zikos.api.BackendOptions;
import io.zikos.api.Cancellation;
import io.zikos.api.Device;
import io.zikos.core.generate.CausalLm;
import io.zikos.core.generate.DecoderState;
import io.zikos.core.generate.GenerationConfig;
import io.zikos.core.generate.GenerationLoop;
import io.zikos.core.generate.GenerationResult;
import io.zikos.core.generate.TokenStreamListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * DJL against transformers on every tiny fixture: first-step logits within 1e-4 and greedy ids (with and without
 * end-of-sequence stopping) equal to {@code model.generate(do_sample=False)}, through the shared generation loop.
 */
class DjlReferenceTest {

    private static final float LOGITS_TOLERANCE = 1e-4f;

    @TestFactory
    Stream<DynamicTest> matchesTransformersReferences() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : Fixtures.withTorchScript()) {
            JsonNode ref = Fixtures.reference(name);
            for (JsonNode c : Fixtures.textCases(ref)) {
                tests.add(DynamicTest.dynamicTest(name + "/" + c.get("name").asText(), () -> check(name, ref, c)));
            }
        }
        return tests.stream();
    }

    private static void check(String name, JsonNode ref, JsonNode c) {
        int[] prompt = Fixtures.ints(c.get("input_ids"));
        float[] expectedLogits = Fixtures.floats(c.get("first_step_logits"));
        int[] expectedNoEos = Fixtures.ints(c.get("greedy_ids_no_eos"));
        int[] expectedWithEos = Fixtures.ints(c.get("greedy_ids_with_eos"));
        Set<Integer> eos = Fixtures.eos(ref);
        BackendOptions cpu = BackendOptions.defaults().withDevice(Device.CPU);
        try (CausalLm lm = DjlModels.load(Fixtures.torchscript(name), cpu)) {
            assertEquals(ref.get("vocab_size").asInt(), lm.vocabSize());
            try (DecoderState state = lm.newState()) {
                float[] logits = state.forward(prompt);
                float diff = Fixtures.maxAbsDiff(expectedLogits, logits);
                assertTrue(diff <= LOGITS_TOLERANCE, "first-step logits differ by " + diff);
                assertEquals(prompt.length, state.length());
            }
            GenerationConfig noEos = GenerationConfig.greedy(expectedNoEos.length, eos).withIgnoreEos(true);
            assertArrayEquals(expectedNoEos, greedy(lm, prompt, noEos).tokenIds(), "greedy ids, eos ignored");
            GenerationConfig withEos = GenerationConfig.greedy(ref.get("max_new_tokens").asInt(), eos);
            assertArrayEquals(expectedWithEos, greedy(lm, prompt, withEos).tokenIds(), "greedy ids, stopping at eos");
        }
    }

    static GenerationResult greedy(CausalLm lm, int[] prompt, GenerationConfig config) {
        try (DecoderState state = lm.newState()) {
            return GenerationLoop.generate(state, prompt, config, null, TokenStreamListener.NONE, Cancellation.none());
        }
    }
}

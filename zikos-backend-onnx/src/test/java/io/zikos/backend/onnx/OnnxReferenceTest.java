package io.zikos.backend.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zikos.api.BackendOptions;
import io.zikos.api.Cancellation;
import io.zikos.api.Device;
import io.zikos.api.MelFeatures;
import io.zikos.core.generate.AudioLanguageModel;
import io.zikos.core.generate.AudioPrefill;
import io.zikos.core.generate.CausalLm;
import io.zikos.core.generate.DecoderState;
import io.zikos.core.generate.GenerationConfig;
import io.zikos.core.generate.GenerationLoop;
import io.zikos.core.generate.GenerationResult;
import io.zikos.core.generate.TokenStreamListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed tiny exports (testdata/models/NAME/onnx) against transformers' own outputs in
 * testdata/models/NAME/reference.json: greedy ids exactly (with and without end-of-sequence), first-step logits
 * within 1e-4. The audio case feeds transformers' log-mel features of testdata/audio/tone_a4_7s.wav (the golden
 * file of shared/fixtures/whisper_mel, copied to testdata/audio), so it checks the engine and the scatter, not the Java front end.
 */
class OnnxReferenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BackendOptions CPU = BackendOptions.defaults().withDevice(Device.CPU)
            .withSetting("intraOpThreads", "1");
    private static final double LOGIT_TOLERANCE = 1e-4;

    static Path testdata() {
        return Path.of(System.getProperty("zikos.testdata", "../testdata"));
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(testdata().resolve("models"))) {
            for (Path dir : dirs.sorted().toList()) {
                Path ref = dir.resolve("reference.json");
                if (!Files.isRegularFile(ref) || !Files.isDirectory(dir.resolve("onnx"))) {
                    continue;
                }
                JsonNode root = JSON.readTree(ref.toFile());
                for (JsonNode c : root.get("cases")) {
                    out.add(Arguments.of(dir.getFileName() + "/" + c.get("name").asText(), dir, root, c));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void greedyIdsAndFirstLogitsMatchTransformers(String name, Path dir, JsonNode root, JsonNode c) throws IOException {
        int[] ids = ints(c.get("input_ids"));
        Set<Integer> eos = new HashSet<>();
        root.get("eos_token_ids").forEach(n -> eos.add(n.asInt()));
        int n = root.get("max_new_tokens").asInt();
        boolean audio = c.has("num_audio_tokens");
        MelFeatures features = audio ? goldenFeatures(c) : null;
        try (CausalLm lm = OnnxModels.load(dir.resolve("onnx"), CPU)) {
            float[] logits;
            int[] prompt = ids;
            try (DecoderState s = lm.newState()) {
                if (audio) {
                    int soundId = root.get("audio_token_id").asInt();
                    AudioPrefill.Prefilled p = AudioPrefill.prefill(s, (AudioLanguageModel) lm,
                            collapse(ids, soundId), soundId, List.of(features));
                    assertArrayEquals(ids, p.inputIds(), "placeholder expansion as the processor does");
                    logits = p.logits();
                } else {
                    logits = s.forward(ids);
                }
            }
            float[] expected = floats(c.get("first_step_logits"));
            assertEquals(expected.length, logits.length);
            double worst = 0;
            for (int i = 0; i < expected.length; i++) {
                worst = Math.max(worst, Math.abs(expected[i] - logits[i]));
            }
            assertTrue(worst <= LOGIT_TOLERANCE, name + ": first-step logits differ by " + worst);
            System.out.printf("%s: max |logit - transformers| = %.3g%n", name, worst);
            assertArrayEquals(ints(c.get("greedy_ids_no_eos")),
                    generate(lm, prompt, audio, features, root, GenerationConfig.greedy(n, eos).withIgnoreEos(true)),
                    name + " (no eos)");
            assertArrayEquals(ints(c.get("greedy_ids_with_eos")),
                    generate(lm, prompt, audio, features, root, GenerationConfig.greedy(n, eos)), name + " (eos)");
        }
    }

    private static int[] generate(CausalLm lm, int[] ids, boolean audio, MelFeatures features, JsonNode root,
                                  GenerationConfig config) {
        try (DecoderState s = lm.newState()) {
            GenerationResult r;
            if (audio) {
                int soundId = root.get("audio_token_id").asInt();
                AudioPrefill.Prefilled p = AudioPrefill.prefill(s, (AudioLanguageModel) lm, collapse(ids, soundId),
                        soundId, List.of(features));
                r = GenerationLoop.continueFrom(s, p.inputIds(), p.logits(), config, null, TokenStreamListener.NONE,
                        Cancellation.none());
            } else {
                r = GenerationLoop.generate(s, ids, config, null, TokenStreamListener.NONE, Cancellation.none());
            }
            return r.tokenIds();
        }
    }

    /** transformers' features for the case's clip (the golden whisper_mel fixture, copied to testdata/audio). */
    private static MelFeatures goldenFeatures(JsonNode c) throws IOException {
        Path shared = Path.of(System.getProperty("zikos.testdata")).resolve("audio/tone_a4_7s.features.f32");
        byte[] bytes = Files.readAllBytes(shared);
        float[] data = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        int windows = c.get("input_features_shape").get(0).asInt();
        int[] valid = ints(c.get("input_features_mask_sum"));
        return new MelFeatures(data, windows, 128, 3000, valid, c.get("num_audio_tokens").asInt(), false);
    }

    /** Collapses each run of audio placeholders back to one, as a rendered prompt has it. */
    static int[] collapse(int[] ids, int sound) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != sound || i == 0 || ids[i - 1] != sound) {
                out.add(ids[i]);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }
}

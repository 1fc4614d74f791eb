package io.zikos.samples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zikos.api.AudioSource;
import io.zikos.api.BackendOptions;
import io.zikos.api.Device;
import io.zikos.api.MelFeatures;
import io.zikos.core.generate.AudioLanguageModel;
import io.zikos.core.generate.AudioPrefill;
import io.zikos.core.generate.CausalLms;
import io.zikos.core.generate.DecoderState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole Java audio path — zikos-dsp's log-mel front end on testdata/audio/tone_a4_7s.wav, the ONNX encoder, the
 * shared placeholder expansion and scatter — against transformers' first-step logits for the same recording.
 */
class AudioReferenceWithJavaFeaturesTest {

    private static final Path TESTDATA = Path.of(System.getProperty("zikos.testdata", "../testdata"));

    @ParameterizedTest
    @ValueSource(strings = {"af3-tiny", "mf-tiny"})
    void firstStepLogitsMatchTransformers(String fixture) throws Exception {
        Path refFile = TESTDATA.resolve("models/" + fixture + "/reference.json");
        Assumptions.assumeTrue(Files.isRegularFile(refFile), fixture + " is not among the committed fixtures");
        JsonNode ref = new ObjectMapper().readTree(refFile.toFile());
        int sound = ref.get("audio_token_id").asInt();
        int maxWindows = ref.get("model_type").asText().equals("musicflamingo") ? 40 : 20;
        BackendOptions cpu = BackendOptions.defaults().withEngine("onnx").withDevice(Device.CPU)
                .withSetting("intraOpThreads", "1");
        for (JsonNode c : ref.get("cases")) {
            if (!c.has("num_audio_tokens")) {
                continue;
            }
            int[] expanded = ints(c.get("input_ids"));
            List<Integer> collapsed = new ArrayList<>();
            for (int i = 0; i < expanded.length; i++) {
                if (expanded[i] != sound || i == 0 || expanded[i - 1] != sound) {
                    collapsed.add(expanded[i]);
                }
            }
            MelFeatures features = AudioPrefill.featurePreprocessor(maxWindows)
                    .process(AudioSource.of(TESTDATA.resolve("audio/tone_a4_7s.wav")));
            try (AudioLanguageModel lm = (AudioLanguageModel) CausalLms.load(
                    TESTDATA.resolve("models/" + fixture + "/onnx"), cpu); DecoderState s = lm.newState()) {
                AudioPrefill.Prefilled p = AudioPrefill.prefill(s, lm,
                        collapsed.stream().mapToInt(Integer::intValue).toArray(), sound, List.of(features));
                assertArrayEquals(expanded, p.inputIds(), "audio tokens expanded as the processor does");
                JsonNode expected = c.get("first_step_logits");
                double worst = 0;
                for (int i = 0; i < expected.size(); i++) {
                    worst = Math.max(worst, Math.abs(expected.get(i).asDouble() - p.logits()[i]));
                }
                System.out.printf("%s/%s with Java features: max |logit - transformers| = %.3g%n", fixture,
                        c.get("name").asText(), worst);
                assertTrue(worst <= 1e-4, fixture + ": first-step logits differ by " + worst);
            }
        }
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }
}

package io.zikos.backend.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zikos.api.AudioClip;
import io.zikos.api.AudioSource;
import io.zikos.api.BackendOptions;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRequest;
import io.zikos.api.ChatResponse;
import io.zikos.api.Device;
import io.zikos.api.FinishReason;
import io.zikos.api.GenerationOptions;
import io.zikos.api.LlmBackend;
import io.zikos.api.MelFeatures;
import io.zikos.api.ModelFamily;
import io.zikos.api.ModelSpec;
import io.zikos.api.Preprocessor;
import io.zikos.core.generate.LocalAudioLanguageBackend;
import io.zikos.core.generate.LocalModelSettings;
import io.zikos.core.prompt.PromptFormats;
import io.zikos.core.text.HfTokenizer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Music Flamingo's backend path on the tiny AF3 export: text-only turns and a recording, against transformers. */
class OnnxAudioBackendTest {

    private static final BackendOptions CPU = BackendOptions.defaults().withDevice(Device.CPU)
            .withSetting("intraOpThreads", "1");
    /** Plain greedy, as the reference was made (no repetition penalty from the checkpoint's generation config). */
    private static final GenerationOptions GREEDY = GenerationOptions.builder().maxNewTokens(16).temperature(0.0)
            .repetitionPenalty(1.0).build();

    private static Path dir(String fixture) {
        return OnnxReferenceTest.testdata().resolve("models/" + fixture + "/onnx");
    }

    private static ModelFamily family(String fixture) {
        return fixture.startsWith("mf") ? ModelFamily.MUSIC_FLAMINGO : ModelFamily.AUDIO_FLAMINGO_3;
    }

    private static JsonNode reference(String fixture) throws Exception {
        Path ref = OnnxReferenceTest.testdata().resolve("models/" + fixture + "/reference.json");
        Assumptions.assumeTrue(Files.isRegularFile(ref), fixture + " is not among the committed fixtures");
        return new ObjectMapper().readTree(ref.toFile());
    }

    private static JsonNode referenceCase(String fixture, String name) throws Exception {
        for (JsonNode c : reference(fixture).get("cases")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new IllegalStateException(name);
    }

    private static String decode(String fixture, JsonNode ids) {
        try (HfTokenizer tok = HfTokenizer.load(dir(fixture))) {
            return tok.decode(OnnxReferenceTest.ints(ids));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"af3-tiny", "mf-tiny"})
    void textOnlyTurnMatchesTheReference(String fixture) throws Exception {
        JsonNode c = referenceCase(fixture, "chat_template");
        String user = c.get("messages").get(0).get("content").asText();
        ModelSpec spec = new ModelSpec(fixture, dir(fixture), null, null, family(fixture));
        try (LlmBackend backend = new OnnxMusicFlamingoProvider().create(spec, CPU)) {
            ChatResponse r = backend.generate(ChatRequest.of(ChatMessage.user(user)).withOptions(GREEDY));
            assertEquals(c.get("input_ids").size(), r.usage().inputTokens());
            assertEquals(decode(fixture, c.get("greedy_ids_with_eos")).strip(), r.text());
            assertTrue(backend.capabilities().audioInput());
            assertFalse(backend.capabilities().toolCalling());
            assertEquals(2048, backend.capabilities().maxOutputTokens());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"af3-tiny", "mf-tiny"})
    void recordingTurnMatchesTheReference(String fixture) throws Exception {
        JsonNode c = referenceCase(fixture, "audio_tone_a4");
        Path golden = Path.of(System.getProperty("zikos.testdata")).resolve("audio/tone_a4_7s.features.f32");
        byte[] bytes = Files.readAllBytes(golden);
        float[] data = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        MelFeatures features = new MelFeatures(data, 1, 128, 3000,
                OnnxReferenceTest.ints(c.get("input_features_mask_sum")), c.get("num_audio_tokens").asInt(), false);
        Preprocessor<MelFeatures> golden0 = new Preprocessor<>() {
            @Override
            public Class<MelFeatures> outputType() {
                return MelFeatures.class;
            }

            @Override
            public MelFeatures process(AudioSource source) {
                return features;
            }
        };
        JsonNode ref = reference(fixture);
        Set<Integer> eos = Set.of(ref.get("eos_token_ids").get(0).asInt(), ref.get("eos_token_ids").get(1).asInt());
        var settings = new LocalModelSettings(fixture, "onnx", 32768, 2048, GenerationOptions.defaults(), eos,
                false, false);
        var audio = new LocalAudioLanguageBackend.AudioSettings(ref.get("audio_token_id").asInt(), 20, 24_000);
        try (LlmBackend backend = new LocalAudioLanguageBackend(OnnxAudioLanguageModel.load(
                OnnxModelFiles.locate(dir(fixture)), CPU), HfTokenizer.load(dir(fixture)),
                PromptFormats.forModel(dir(fixture), family(fixture)), settings, audio, () -> golden0)) {
            ChatMessage msg = ChatMessage.user("What note is this?", AudioClip.of(AudioSource.of(
                    OnnxReferenceTest.testdata().resolve("audio/tone_a4_7s.wav"))));
            ChatResponse r = backend.generate(ChatRequest.of(msg).withOptions(GREEDY));
            assertEquals(c.get("input_ids").size(), r.usage().inputTokens(), "text + 175 audio tokens");
            assertEquals(decode(fixture, c.get("greedy_ids_with_eos")).strip(), r.text());
            assertEquals(FinishReason.LENGTH, r.finishReason());
        }
    }
}

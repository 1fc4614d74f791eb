package io.zikos.backend.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zikos.api.BackendOptions;
import io.zikos.api.Cancellation;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRequest;
import io.zikos.api.ChatResponse;
import io.zikos.api.Device;
import io.zikos.api.FinishReason;
import io.zikos.api.GenerationOptions;
import io.zikos.api.LlmBackend;
import io.zikos.api.ModelFamily;
import io.zikos.api.ModelLoadException;
import io.zikos.api.ModelSpec;
import io.zikos.api.StreamingChatListener;
import io.zikos.core.text.HfTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The providers end to end on the committed tiny exports: chat template, streaming, limits, concurrency. */
class OnnxBackendTest {

    private static final BackendOptions CPU = BackendOptions.defaults().withDevice(Device.CPU)
            .withSetting("intraOpThreads", "1");

    private static Path model(String name) {
        return OnnxReferenceTest.testdata().resolve("models/" + name + "/onnx");
    }

    private static JsonNode chatCase(String name) throws Exception {
        JsonNode ref = new ObjectMapper().readTree(OnnxReferenceTest.testdata()
                .resolve("models/" + name + "/reference.json").toFile());
        for (JsonNode c : ref.get("cases")) {
            if (c.get("name").asText().equals("chat_template")) {
                return c;
            }
        }
        throw new IllegalStateException("no chat_template case");
    }

    private static LlmBackend qwen(String name, ModelFamily family) {
        return new OnnxQwenProvider().create(new ModelSpec(name, model(name), null, family.name().toLowerCase(),
                family), CPU);
    }

    @Test
    void chatRendersTheTemplateAndStreamsTheReferenceReply() throws Exception {
        JsonNode c = chatCase("qwen2-tiny");
        String user = c.get("messages").get(0).get("content").asText();
        int[] expectedIds = OnnxReferenceTest.ints(c.get("greedy_ids_no_eos"));
        String expectedText;
        try (HfTokenizer tok = HfTokenizer.load(model("qwen2-tiny"))) {
            expectedText = tok.decode(expectedIds);
        }
        StringBuilder streamed = new StringBuilder();
        try (LlmBackend backend = qwen("qwen2-tiny", ModelFamily.QWEN2)) {
            ChatResponse r = backend.generate(ChatRequest.of(ChatMessage.user(user))
                    // plain greedy like the reference: the checkpoint's repetition_penalty 1.05 would otherwise apply
                    .withOptions(GenerationOptions.greedy(expectedIds.length).toBuilder().repetitionPenalty(1.0)
                            .build()), new StreamingChatListener() {
                        @Override
                        public void onTextDelta(String delta) {
                            streamed.append(delta);
                        }
                    }, Cancellation.none());
            assertEquals(c.get("input_ids").size(), r.usage().inputTokens(), "prompt rendered as transformers does");
            assertEquals(expectedIds.length, r.usage().outputTokens());
            assertEquals(FinishReason.LENGTH, r.finishReason());
            assertEquals(expectedText.strip(), r.text());
            assertEquals(expectedText.strip(), streamed.toString().strip());
            assertEquals(c.get("input_ids").size(), backend.countTokens(List.of(ChatMessage.user(user)), List.of()));
            assertTrue(backend.capabilities().toolCalling());
            assertEquals("onnx", backend.capabilities().engine());
        }
    }

    @Test
    void oneBackendServesConcurrentConversations() throws Exception {
        JsonNode c = chatCase("qwen3-tiny");
        String user = c.get("messages").get(0).get("content").asText();
        try (LlmBackend backend = qwen("qwen3-tiny", ModelFamily.QWEN3)) {
            ChatRequest request = ChatRequest.of(ChatMessage.user(user)).withOptions(GenerationOptions.greedy(16));
            String alone = backend.generate(request).text() + "|" + backend.generate(request).usage();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<String>> futures = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    futures.add(pool.submit(() -> {
                        ChatResponse r = backend.generate(request);
                        return r.text() + "|" + r.usage();
                    }));
                }
                for (Future<String> f : futures) {
                    assertEquals(alone, f.get());
                }
            } finally {
                pool.shutdownNow();
            }
            // sampling with a seed is reproducible through the whole stack
            ChatRequest sampled = request.withOptions(GenerationOptions.builder().maxNewTokens(16).temperature(1.0)
                    .topK(50).seed(1234L).build());
            assertEquals(backend.generate(sampled).text(), backend.generate(sampled).text());
        }
    }

    @Test
    void closedBackendsRefuseWork() {
        LlmBackend backend = qwen("qwen2-tiny", ModelFamily.QWEN2);
        backend.close();
        assertThrows(IllegalStateException.class, () -> backend.generate(ChatRequest.of(ChatMessage.user("x"))));
    }

    @Test
    void providersSupportOnlyTheirFamiliesAndExplainMissingFiles(@TempDir Path tmp) throws Exception {
        OnnxQwenProvider qwen = new OnnxQwenProvider();
        OnnxMusicFlamingoProvider mf = new OnnxMusicFlamingoProvider();
        ModelSpec qwenSpec = new ModelSpec("q", model("qwen2-tiny"), null, "qwen2", ModelFamily.QWEN2);
        assertTrue(qwen.supports(qwenSpec));
        assertFalse(mf.supports(qwenSpec));
        assertFalse(qwen.supports(new ModelSpec("empty", tmp, null, "qwen2", ModelFamily.QWEN2)));

        // a model directory missing its tokenizer
        Path noTokenizer = Files.createDirectories(tmp.resolve("notok"));
        for (String f : List.of("model.onnx", "config.json", "generation_config.json")) {
            Files.copy(model("qwen2-tiny").resolve(f), noTokenizer.resolve(f));
        }
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> qwen.create(
                new ModelSpec("notok", noTokenizer, null, "qwen2", ModelFamily.QWEN2), CPU));
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());

        // a malformed config.json
        Path badConfig = Files.createDirectories(tmp.resolve("badconfig"));
        for (String f : List.of("model.onnx", "tokenizer.json")) {
            Files.copy(model("qwen2-tiny").resolve(f), badConfig.resolve(f));
        }
        Files.writeString(badConfig.resolve("config.json"), "{ \"model_type\": \"qwen2\", ");
        ModelLoadException bad = assertThrows(ModelLoadException.class, () -> qwen.create(
                new ModelSpec("bad", badConfig, null, "qwen2", ModelFamily.QWEN2), CPU));
        assertTrue(bad.getMessage().contains("config.json"), bad.getMessage());

        // a Qwen export handed to the Music Flamingo provider
        ModelLoadException wrong = assertThrows(ModelLoadException.class, () -> mf.create(
                new ModelSpec("q", model("qwen2-tiny"), null, "audioflamingo3", ModelFamily.AUDIO_FLAMINGO_3), CPU));
        assertTrue(wrong.getMessage().contains("audio encoder"), wrong.getMessage());
    }
}

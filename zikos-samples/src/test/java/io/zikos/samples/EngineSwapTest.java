package io.zikos.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zikos.api.AudioSource;
import io.zikos.api.BackendOptions;
import io.zikos.api.Cancellation;
import io.zikos.api.ChatResponse;
import io.zikos.api.LlmBackend;
import io.zikos.api.MelFeatures;
import io.zikos.api.StreamingChatListener;
import io.zikos.core.generate.AudioLanguageModel;
import io.zikos.core.generate.AudioPrefill;
import io.zikos.core.generate.CausalLm;
import io.zikos.core.generate.CausalLms;
import io.zikos.core.generate.DecoderState;
import io.zikos.core.generate.GenerationConfig;
import io.zikos.core.generate.GenerationLoop;
import io.zikos.core.generate.TokenStreamListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same host code on ONNX Runtime and on DJL/PyTorch: one model directory holding both exports of each tiny
 * fixture, the same {@link EngineSwapSample#createBackend} call with only {@code zikos.engine} changed, and identical
 * greedy tokens from both engines, equal to transformers' reference ids. Covers text (Qwen2, Qwen3, the AF3 decoder)
 * and the audio path (AF3: features from zikos-dsp, encoder, scatter into the {@code <sound>} positions).
 */
class EngineSwapTest {

    private static final List<String> ENGINES = List.of("onnx", "djl");
    private static final List<String> REQUIRED = List.of("qwen2-tiny", "qwen3-tiny", "af3-tiny");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static Path testdata() {
        String p = System.getProperty("zikos.testdata");
        return p != null ? Path.of(p) : Path.of("..", "testdata");
    }

    @TestFactory
    Stream<DynamicTest> bothEnginesGiveTheReferenceTokens() throws IOException {
        Path models = testdata().resolve("models");
        List<String> fixtures = new ArrayList<>();
        try (Stream<Path> s = Files.list(models)) {
            s.filter(d -> Files.isRegularFile(d.resolve("reference.json"))
                            && Files.isDirectory(d.resolve("onnx")) && Files.isDirectory(d.resolve("torchscript")))
                    .map(d -> d.getFileName().toString()).sorted().forEach(fixtures::add);
        }
        assertTrue(fixtures.containsAll(REQUIRED), "fixtures with both exports: " + fixtures + ", need " + REQUIRED);
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : fixtures) {
            Path dir = bothExports(models.resolve(name));
            JsonNode ref = JSON.readTree(models.resolve(name).resolve("reference.json").toFile());
            for (JsonNode c : ref.get("cases")) {
                String id = name + "/" + c.get("name").asText();
                if (c.has("num_audio_tokens")) {
                    tests.add(DynamicTest.dynamicTest(id + " ids", () -> audioIds(dir, ref, c)));
                } else {
                    tests.add(DynamicTest.dynamicTest(id + " ids", () -> textIds(dir, ref, c)));
                }
                if (c.has("messages")) {
                    tests.add(DynamicTest.dynamicTest(id + " chat", () -> chat(dir, c)));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void withoutAPreferenceTheHigherRankedOnnxBackendWins(@TempDir Path dir) throws IOException {
        Path fixture = testdata().resolve("models").resolve("qwen2-tiny");
        Path both = bothExports(fixture, dir);
        String before = System.getProperty("zikos.engine");
        System.clearProperty("zikos.engine");
        try (LlmBackend backend = EngineSwapSample.createBackend(both.toString())) {
            assertEquals("onnx", backend.capabilities().engine());
        } finally {
            if (before != null) {
                System.setProperty("zikos.engine", before);
            }
        }
        // A directory with only the TorchScript export needs no preference at all: only DJL recognises it.
        try (LlmBackend backend = EngineSwapSample.createBackend(fixture.resolve("torchscript").toString())) {
            assertEquals("djl", backend.capabilities().engine());
        }
    }

    private static Path bothExports(Path fixture) throws IOException {
        return bothExports(fixture, tmp);
    }

    /** One directory with config + tokenizer at the top and both exports below, as a host would ship it. */
    private static Path bothExports(Path fixture, Path parent) throws IOException {
        Path dir = Files.createDirectories(parent.resolve(fixture.getFileName()));
        Path ts = fixture.resolve("torchscript");
        try (Stream<Path> files = Files.list(ts)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                if ((n.endsWith(".json") || n.endsWith(".jinja")) && !n.equals("zikos_export.json")) {
                    Files.copy(f, dir.resolve(n));
                }
            }
        }
        Files.createSymbolicLink(dir.resolve("onnx"), fixture.resolve("onnx").toAbsolutePath());
        Files.createSymbolicLink(dir.resolve("torchscript"), ts.toAbsolutePath());
        return dir;
    }

    private static void textIds(Path dir, JsonNode ref, JsonNode c) {
        int[] prompt = ints(c.get("input_ids"));
        int[] expected = ints(c.get("greedy_ids_no_eos"));
        GenerationConfig greedy = GenerationConfig.greedy(expected.length, eos(ref)).withIgnoreEos(true);
        Map<String, int[]> got = new LinkedHashMap<>();
        for (String engine : ENGINES) {
            try (CausalLm lm = CausalLms.load(dir, BackendOptions.defaults().withEngine(engine));
                 DecoderState state = lm.newState()) {
                got.put(engine, GenerationLoop.generate(state, prompt, greedy, null, TokenStreamListener.NONE,
                        Cancellation.none()).tokenIds());
            }
        }
        assertArrayEquals(got.get("onnx"), got.get("djl"), "ONNX and DJL disagree");
        assertArrayEquals(expected, got.get("djl"), "both differ from transformers");
    }

    private static void audioIds(Path dir, JsonNode ref, JsonNode c) {
        int audioId = ref.get("audio_token_id").asInt();
        int[] expanded = ints(c.get("input_ids"));
        int[] expected = ints(c.get("greedy_ids_no_eos"));
        int[] prompt = collapse(expanded, audioId);
        Path clip = testdata().resolve("audio").resolve(c.get("messages").get(0).get("content").get(0).get("path")
                .asText());
        MelFeatures features = AudioPrefill.featurePreprocessor(
                "musicflamingo".equals(ref.get("model_type").asText()) ? 40 : 20).process(AudioSource.of(clip));
        GenerationConfig greedy = GenerationConfig.greedy(expected.length, eos(ref)).withIgnoreEos(true);
        Map<String, int[]> got = new LinkedHashMap<>();
        for (String engine : ENGINES) {
            try (CausalLm lm = CausalLms.load(dir, BackendOptions.defaults().withEngine(engine));
                 DecoderState state = lm.newState()) {
                AudioPrefill.Prefilled pre = AudioPrefill.prefill(state, (AudioLanguageModel) lm, prompt, audioId,
                        List.of(features));
                assertArrayEquals(expanded, pre.inputIds(), engine + ": audio tokens expanded as the processor does");
                float diff = maxAbsDiff(floats(c.get("first_step_logits")), pre.logits());
                assertTrue(diff <= 1e-4f, engine + ": first-step logits after the audio prefill differ by " + diff);
                got.put(engine, GenerationLoop.continueFrom(state, pre.inputIds(), pre.logits(), greedy, null,
                        TokenStreamListener.NONE, Cancellation.none()).tokenIds());
            }
        }
        assertArrayEquals(got.get("onnx"), got.get("djl"), "ONNX and DJL disagree");
        assertArrayEquals(expected, got.get("djl"), "both differ from transformers");
    }

    /** The sample's host code, unchanged, under each engine: same reply, same token counts. */
    private static void chat(Path dir, JsonNode c) {
        JsonNode last = c.get("messages").get(c.get("messages").size() - 1);
        String question = last.get("content").isTextual() ? last.get("content").asText() : null;
        Path recording = null;
        if (question == null) {
            for (JsonNode part : last.get("content")) {
                if ("text".equals(part.get("type").asText())) {
                    question = part.get("text").asText();
                } else if ("audio".equals(part.get("type").asText())) {
                    recording = testdata().resolve("audio").resolve(part.get("path").asText());
                }
            }
        }
        int n = c.get("greedy_ids_with_eos").size();
        JsonNode thinkingKw = c.path("template_kwargs").get("enable_thinking");
        Boolean thinking = thinkingKw == null ? null : thinkingKw.asBoolean();
        Map<String, ChatResponse> got = new LinkedHashMap<>();
        String before = System.getProperty("zikos.engine");
        try {
            for (String engine : ENGINES) {
                System.setProperty("zikos.engine", engine);
                try (LlmBackend backend = EngineSwapSample.createBackend(dir.toString())) {
                    assertEquals(engine, backend.capabilities().engine());
                    got.put(engine, EngineSwapSample.ask(backend, question, recording, n, thinking,
                            StreamingChatListener.NONE));
                }
            }
        } finally {
            if (before == null) {
                System.clearProperty("zikos.engine");
            } else {
                System.setProperty("zikos.engine", before);
            }
        }
        ChatResponse onnx = got.get("onnx");
        ChatResponse djl = got.get("djl");
        assertEquals(onnx.text(), djl.text());
        assertEquals(onnx.usage(), djl.usage());
        assertEquals(onnx.finishReason(), djl.finishReason());
        assertEquals(c.get("input_ids").size(), djl.usage().inputTokens(), "prompt rendered as transformers does");
        assertEquals(n, djl.usage().outputTokens());
    }

    private static int[] collapse(int[] ids, int audioId) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != audioId || i == 0 || ids[i - 1] != audioId) {
                out.add(ids[i]);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static float[] floats(JsonNode a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) a.get(i).asDouble();
        }
        return out;
    }

    private static float maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            return Float.POSITIVE_INFINITY;
        }
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    private static Set<Integer> eos(JsonNode ref) {
        Set<Integer> ids = new TreeSet<>();
        ref.get("eos_token_ids").forEach(n -> ids.add(n.asInt()));
        return ids;
    }
}

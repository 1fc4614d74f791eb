package io.zikos.backend.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zikos.api.BackendOptions;
import io.zikos.api.Cancellation;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRequest;
import io.zikos.api.ChatResponse;
import io.zikos.api.GenerationOptions;
import io.zikos.api.LlmBackend;
import io.zikos.api.LlmBackendProvider;
import io.zikos.api.ModelLoadException;
import io.zikos.api.StreamingChatListener;
import io.zikos.core.Backends;
import io.zikos.core.ModelSpecResolver;
import io.zikos.core.generate.CausalLmProvider;
import io.zikos.core.generate.CausalLms;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The providers register under engine "djl" and build the shared chat backends around the DJL model. */
class DjlProvidersTest {

    @Test
    void registeredThroughServiceLoader() {
        List<String> names = Backends.installedProviders().stream().filter(p -> "djl".equals(p.engine()))
                .map(LlmBackendProvider::name).sorted().toList();
        assertEquals(List.of("djl-music-flamingo", "djl-qwen"), names);
        assertTrue(CausalLms.providers().stream().map(CausalLmProvider::engine).anyMatch("djl"::equals));
    }

    @Test
    void supportsOnlyDirectoriesWithATorchScriptExport() {
        var qwen = new DjlQwenProvider();
        var mf = new DjlMusicFlamingoProvider();
        var qwenSpec = ModelSpecResolver.resolve(Fixtures.torchscript("qwen2-tiny").toString());
        var onnxSpec = ModelSpecResolver.resolve(Fixtures.torchscript("qwen2-tiny").resolveSibling("onnx").toString());
        var af3Spec = ModelSpecResolver.resolve(Fixtures.torchscript("af3-tiny").toString());
        assertTrue(qwen.supports(qwenSpec));
        assertFalse(qwen.supports(onnxSpec), "an ONNX-only directory is not ours");
        assertFalse(qwen.supports(af3Spec));
        assertTrue(mf.supports(af3Spec));
        assertFalse(mf.supports(qwenSpec));
    }

    @Test
    void chatThroughTheSharedBackendReproducesTheReferenceTokenCounts() {
        JsonNode ref = Fixtures.reference("qwen2-tiny");
        JsonNode chat = null;
        for (JsonNode c : ref.get("cases")) {
            if (c.has("messages") && !c.has("num_audio_tokens")) {
                chat = c;
            }
        }
        assertTrue(chat != null, "qwen2-tiny/reference.json has a chat case");
        String user = chat.get("messages").get(chat.get("messages").size() - 1).get("content").asText();
        int expectedOut = chat.get("greedy_ids_with_eos").size();
        BackendOptions options = BackendOptions.defaults().withEngine("djl");
        try (LlmBackend backend = Backends.create(Fixtures.torchscript("qwen2-tiny").toString(), options)) {
            assertEquals("djl", backend.capabilities().engine());
            StringBuilder streamed = new StringBuilder();
            GenerationOptions greedy = GenerationOptions.builder().temperature(0.0).maxNewTokens(expectedOut).build();
            ChatResponse r = backend.generate(ChatRequest.of(ChatMessage.user(user)).withOptions(greedy),
                    new StreamingChatListener() {
                        @Override
                        public void onTextDelta(String delta) {
                            streamed.append(delta);
                        }
                    }, Cancellation.none());
            assertEquals(chat.get("input_ids").size(), r.usage().inputTokens(), "prompt tokens");
            assertEquals(expectedOut, r.usage().outputTokens(), "generated tokens");
            assertEquals(r.text(), streamed.toString(), "streamed deltas add up to the reply");
        }
    }

    @Test
    void audioExportIsRefusedAsAChatModelAndViceVersa() {
        var spec = ModelSpecResolver.resolve(Fixtures.torchscript("af3-tiny").toString());
        assertThrows(ModelLoadException.class, () -> new DjlQwenProvider().create(spec, BackendOptions.defaults()));
        var qwenSpec = ModelSpecResolver.resolve(Fixtures.torchscript("qwen2-tiny").toString());
        assertThrows(ModelLoadException.class,
                () -> new DjlMusicFlamingoProvider().create(qwenSpec, BackendOptions.defaults()));
    }
}

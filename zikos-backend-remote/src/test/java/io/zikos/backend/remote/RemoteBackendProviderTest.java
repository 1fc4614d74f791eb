package io.zikos.backend.remote;

import io.zikos.api.BackendOptions;
import io.zikos.api.LlmBackend;
import io.zikos.api.LlmBackendProvider;
import io.zikos.api.ModelFamily;
import io.zikos.api.ModelSpec;
import io.zikos.core.Backends;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RemoteBackendProviderTest {

    @Test
    void isDiscoveredAndSupportsExactlyUrls() {
        List<LlmBackendProvider> providers = Backends.installedProviders();
        LlmBackendProvider remote = providers.stream().filter(RemoteBackendProvider.class::isInstance).findFirst()
                .orElseThrow(() -> new AssertionError("not registered: " + providers));
        assertEquals("remote", remote.engine());
        assertTrue(remote.supports(new ModelSpec("http://gpu:8000/v1", null, URI.create("http://gpu:8000/v1"), null,
                null)), "a URL with unknown family");
        assertTrue(remote.supports(new ModelSpec("https://x/v1", null, URI.create("https://x/v1"), null,
                ModelFamily.MUSIC_FLAMINGO)));
        assertFalse(remote.supports(new ModelSpec("/models/qwen", Path.of("/models/qwen"), null, "qwen2",
                ModelFamily.QWEN2)));
        assertEquals(java.util.EnumSet.allOf(ModelFamily.class), remote.families());
    }

    @Test
    void coreFactoryCreatesItFromAUrl() throws Exception {
        try (StubServer server = new StubServer()) {
            server.route("/v1/models", StubServer.json(200, "{\"data\":[{\"id\":\"Qwen/Qwen2.5-7B-Instruct\","
                    + "\"max_model_len\":16384}]}"));
            server.enqueue(StubServer.sse(List.of(StubServer.textChunk("Hello"), StubServer.finishChunk("stop"))));
            // The user may paste the full chat URL: it is cut back to the API base.
            String url = server.base() + "/chat/completions";
            try (LlmBackend backend = Backends.create(url, BackendOptions.defaults()
                    .withSetting("retryInitialBackoffMs", "5"))) {
                assertInstanceOf(OpenAiCompatibleBackend.class, backend);
                assertEquals("Qwen/Qwen2.5-7B-Instruct", backend.capabilities().modelId());
                assertEquals(16384, backend.capabilities().contextWindow());
                assertEquals("Hello", backend.generate(io.zikos.api.ChatRequest.of(
                        io.zikos.api.ChatMessage.user("hi"))).text());
            }
            assertEquals("/v1/chat/completions", server.chatRequests().get(0).path());
        }
    }
}

package io.zikos.backend.remote;

import io.zikos.api.BackendOptions;
import io.zikos.api.ModelLoadException;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RemoteSettingsTest {

    private static String base(String url) {
        return RemoteSettings.baseUri(URI.create(url)).toString();
    }

    @Test
    void endpointsAreNormalisedToTheApiBase() {
        assertEquals("http://gpu:8000/v1", base("http://gpu:8000"));
        assertEquals("http://gpu:8000/v1", base("http://gpu:8000/"));
        assertEquals("http://gpu:8000/v1", base("http://gpu:8000/v1/"));
        assertEquals("http://gpu:8000/v1", base("http://gpu:8000/v1/chat/completions"));
        assertEquals("https://gw.example/qwen/v1", base("https://gw.example/qwen/v1"));
        assertEquals("https://gw.example/openai?api-version=2", base("https://gw.example/openai?api-version=2"));
    }

    @Test
    void pathsHangOffTheBaseAndTokenizeOffTheServerRoot() {
        RemoteSettings s = RemoteSettings.from(URI.create("http://gpu:8000/v1"), BackendOptions.defaults());
        assertEquals("http://gpu:8000/v1/chat/completions", s.resolve("chat/completions").toString());
        assertEquals("http://gpu:8000/v1/models", s.resolve("models").toString());
        assertEquals("http://gpu:8000/tokenize", s.serverRoot("tokenize").toString());
        RemoteSettings q = RemoteSettings.from(URI.create("https://gw/openai?v=2"), BackendOptions.defaults());
        assertEquals("https://gw/openai/chat/completions?v=2", q.resolve("chat/completions").toString());
    }

    @Test
    void chatPathOverridesTheChatCompletionsPath() {
        RemoteSettings s = RemoteSettings.from(URI.create("http://djl:8080"),
                BackendOptions.defaults().withSetting("chatPath", "invocations"));
        assertEquals("http://djl:8080/invocations", s.chatUri().toString());
        assertEquals("http://djl:8080/v1/chat/completions",
                RemoteSettings.from(URI.create("http://djl:8080"), BackendOptions.defaults()).chatUri().toString());
    }

    @Test
    void displayDropsUserInfoAndQuery() {
        assertEquals("http://gpu:8000/v1", RemoteSettings.display(URI.create("http://u:secret@gpu:8000/v1?key=secret")));
    }

    @Test
    void nonHttpUrlsAreRejected() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> RemoteSettings.baseUri(URI.create("ftp://gpu/v1")));
        assertEquals(true, e.getMessage().contains("http://"));
    }

    @Test
    void defaults() {
        RemoteSettings s = RemoteSettings.from(URI.create("http://gpu:8000"), BackendOptions.defaults());
        assertEquals(3, s.maxRetries());
        assertEquals(RemoteSettings.AudioPartStyle.INPUT_AUDIO, s.audioPart());
        assertEquals(RemoteSettings.TokenCountMode.ESTIMATE, s.tokenCount());
        assertEquals(true, s.stream());
        assertEquals(BackendOptions.defaults().timeout(), s.timeout());
    }
}

package io.zikos.backend.remote;

import io.zikos.api.BackendOptions;
import io.zikos.api.Cancellation;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRequest;
import io.zikos.api.Device;
import io.zikos.api.ModelLoadException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API key goes to the server in the Authorization header and nowhere else: not logs, messages or toString. */
class ApiKeyHandlingTest {

    private static final String KEY = "sk-zikos-TEST-7f3a9c1e5b";

    @Test
    void keyIsSentAsBearerButNeverLoggedOrPutInMessages() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        String everything;
        try (StubServer server = new StubServer()) {
            System.setErr(tee);
            System.setOut(tee);
            // Model discovery (logged), two transient failures (retries are logged), then a 401 whose body echoes
            // the key (some gateways do), plus a successful stream on a second backend.
            server.route("/v1/models", StubServer.json(200, "{\"data\":[{\"id\":\"qwen-remote\"}]}"));
            server.enqueue(StubServer.json(503, "{\"error\":{\"message\":\"busy, key " + KEY + "\"}}"),
                    StubServer.json(429, "slow down " + KEY, "Retry-After", "0"),
                    StubServer.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}"),
                    StubServer.sse(List.of(StubServer.textChunk("hi"), StubServer.finishChunk("stop"))));
            BackendOptions options = new BackendOptions("remote", Device.AUTO, KEY, Duration.ofSeconds(5),
                    Map.of("retryInitialBackoffMs", "5"));
            try (OpenAiCompatibleBackend backend = new OpenAiCompatibleBackend(server.base(), options)) {
                RecordingListener l = new RecordingListener();
                RemoteBackendException e = assertThrows(RemoteBackendException.class,
                        () -> backend.generate(ChatRequest.of(ChatMessage.user("hi")), l, Cancellation.none()));
                assertEquals(RemoteBackendException.Kind.AUTHENTICATION, e.kind());
                assertEquals(401, e.statusCode().orElseThrow());
                assertTrue(e.getMessage().contains("***"), "the echoed key is masked: " + e.getMessage());
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                l.error.printStackTrace(new PrintWriter(trace));
                assertFalse(trace.toString().contains(KEY), trace.toString());
                assertFalse(e.toString().contains(KEY));
                assertFalse(backend.toString().contains(KEY));
                assertFalse(options.toString().contains(KEY));

                assertEquals("hi", backend.generate(ChatRequest.of(ChatMessage.user("hi"))).text());
            }
            for (StubServer.Recorded r : server.requests()) {
                assertEquals("Bearer " + KEY, r.header("Authorization"), r.path());
            }
            assertEquals(4, server.chatRequests().size());
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
            everything = captured.toString(StandardCharsets.UTF_8);
            originalErr.print(everything);
        }
        // The capture worked (the backend logged its retries and its setup) and holds no key.
        assertTrue(everything.contains("retry 1/3"), everything);
        assertTrue(everything.contains("qwen-remote"), everything);
        assertFalse(everything.contains(KEY), "the API key reached the log output");
        assertFalse(everything.contains("7f3a9c1e5b"));
    }

    @Test
    void urlCredentialsAndQueryStayOutOfMessages() {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> new OpenAiCompatibleBackend(
                java.net.URI.create("http://user:" + KEY + "@127.0.0.1:9/v1?api-key=" + KEY),
                new BackendOptions(null, null, null, Duration.ofSeconds(1), Map.of("maxRetries", "0"))));
        assertFalse(e.getMessage().contains(KEY), e.getMessage());
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains(KEY), trace.toString());
        assertTrue(e.getMessage().contains("127.0.0.1:9/v1"), e.getMessage());
    }
}

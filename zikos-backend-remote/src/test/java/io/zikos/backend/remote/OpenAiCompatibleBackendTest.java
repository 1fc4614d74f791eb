package io.zikos.backend.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zikos.api.AudioClip;
import io.zikos.api.AudioSource;
import io.zikos.api.BackendCapabilities;
import io.zikos.api.BackendOptions;
import io.zikos.api.Cancellation;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRequest;
import io.zikos.api.ChatResponse;
import io.zikos.api.Device;
import io.zikos.api.FinishReason;
import io.zikos.api.GenerationOptions;
import io.zikos.api.ModelLoadException;
import io.zikos.api.ToolCall;
import io.zikos.api.ToolSpecification;
import io.zikos.core.toolcall.StreamingReplyParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiCompatibleBackendTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StubServer server;
    private final List<OpenAiCompatibleBackend> backends = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new StubServer();
    }

    @AfterEach
    void stop() {
        backends.forEach(OpenAiCompatibleBackend::close);
        server.close();
    }

    private OpenAiCompatibleBackend backend(String... settings) {
        return backend(Duration.ofSeconds(5), null, settings);
    }

    private OpenAiCompatibleBackend backend(Duration timeout, String apiKey, String... settings) {
        Map<String, String> s = new HashMap<>();
        s.put("model", "qwen-test");
        s.put("contextWindow", "32768");
        s.put("retryInitialBackoffMs", "10");
        for (int i = 0; i + 1 < settings.length; i += 2) {
            if (settings[i + 1] == null) {
                s.remove(settings[i]);
            } else {
                s.put(settings[i], settings[i + 1]);
            }
        }
        OpenAiCompatibleBackend b = new OpenAiCompatibleBackend(server.base(),
                new BackendOptions("remote", Device.AUTO, apiKey, timeout, s));
        backends.add(b);
        return b;
    }

    private static ChatRequest hello() {
        return ChatRequest.of(ChatMessage.system("You coach musicians."), ChatMessage.user("How was my take?"));
    }

    private static List<String> streamOf(String... events) {
        return List.of(events);
    }

    // ----- plain and streamed text -----

    @Test
    void plainJsonReplyWhenStreamingIsOff() throws Exception {
        server.enqueue(StubServer.json(200, """
                {"id":"x","object":"chat.completion","choices":[{"index":0,
                 "message":{"role":"assistant","content":"Your timing was steady."},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":21,"completion_tokens":6,"total_tokens":27}}"""));
        RecordingListener l = new RecordingListener();
        ChatResponse r = backend("stream", "false").generate(hello(), l, Cancellation.none());

        assertEquals("Your timing was steady.", r.text());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals(21, r.usage().inputTokens());
        assertEquals(6, r.usage().outputTokens());
        assertEquals(List.of("text:Your timing was steady.", "complete"), l.events);
        assertEquals(r, l.completed);

        JsonNode body = JSON.readTree(server.chatRequests().get(0).body());
        assertEquals("qwen-test", body.path("model").asText());
        assertFalse(body.has("stream"), "stream must not be requested when off");
        assertEquals("system", body.path("messages").path(0).path("role").asText());
        assertEquals("How was my take?", body.path("messages").path(1).path("content").asText());
        assertEquals("POST", server.chatRequests().get(0).method());
    }

    @Test
    void streamedTextArrivesInOrderWithServerUsage() throws Exception {
        server.enqueue(StubServer.sse(streamOf(
                StubServer.textChunk("Your "), StubServer.textChunk("tempo "), StubServer.textChunk("drifted "),
                StubServer.textChunk("by 3 BPM — "), StubServer.textChunk("try a metronome 🎵."),
                StubServer.finishChunk("stop"), StubServer.usageChunk(40, 12), "[DONE]")));
        RecordingListener l = new RecordingListener();
        ChatResponse r = backend().generate(hello(), l, Cancellation.none());

        assertEquals(List.of("text:Your ", "text:tempo ", "text:drifted ", "text:by 3 BPM — ",
                "text:try a metronome 🎵.", "complete"), l.events);
        assertEquals("Your tempo drifted by 3 BPM — try a metronome 🎵.", r.text());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals(40, r.usage().inputTokens());
        assertEquals(12, r.usage().outputTokens());
        // All events on the caller's thread.
        assertTrue(l.threads.stream().allMatch(t -> t.equals(Thread.currentThread().getName())), l.threads.toString());

        StubServer.Recorded req = server.chatRequests().get(0);
        JsonNode body = JSON.readTree(req.body());
        assertTrue(body.path("stream").asBoolean());
        assertTrue(body.path("stream_options").path("include_usage").asBoolean());
        assertEquals("text/event-stream", req.header("Accept"));
        if (System.getenv(OpenAiCompatibleBackend.API_KEY_ENV) == null) {
            assertNull(req.header("Authorization"), "no key configured, none sent");
        }
    }

    @Test
    void lengthFinishAndEstimatedUsageWhenServerSendsNone() {
        server.enqueue(StubServer.sse(streamOf(StubServer.textChunk("The phrase in bar twelve is rushed and"),
                StubServer.finishChunk("length"), "[DONE]")));
        ChatResponse r = backend("includeUsage", "false").generate(hello());
        assertEquals(FinishReason.LENGTH, r.finishReason());
        // Estimates: 38 chars / 3.5 -> 11 output tokens; input from the two messages.
        assertEquals(11, r.usage().outputTokens());
        assertTrue(r.usage().inputTokens() > 10, "input estimated: " + r.usage());
        assertFalse(server.chatRequests().get(0).body().contains("stream_options"));
    }

    @Test
    void streamWithoutDoneButWithFinishReasonIsAccepted() {
        server.enqueue(StubServer.sse(streamOf(StubServer.textChunk("ok"), StubServer.finishChunk("stop"))));
        assertEquals("ok", backend().generate(hello()).text());
    }

    @Test
    void aServerThatIgnoresStreamTrueAndAnswersJsonStillWorks() {
        server.enqueue(StubServer.json(200, """
                {"choices":[{"index":0,"message":{"role":"assistant","content":"Whole reply."},
                  "finish_reason":"stop"}]}"""));
        RecordingListener l = new RecordingListener();
        ChatResponse r = backend().generate(hello(), l, Cancellation.none());
        assertEquals("Whole reply.", r.text());
        assertEquals(List.of("text:Whole reply.", "complete"), l.events);
    }

    @Test
    void aCharacterSplitAcrossChunksIsNeverSplitInADelta() {
        // 🎵 is a surrogate pair; a server may escape each half into a different chunk (JSON \\u escapes).
        String first = StubServer.textChunk("A X").replace("X", "\\ud83c");
        String second = StubServer.textChunk("Y B").replace("Y", "\\udfb5");
        server.enqueue(StubServer.sse(streamOf(first, second, StubServer.finishChunk("stop"))));
        RecordingListener l = new RecordingListener();
        ChatResponse r = backend().generate(hello(), l, Cancellation.none());
        assertEquals("A 🎵 B", r.text());
        for (String e : l.events) {
            assertFalse(!e.isEmpty() && Character.isHighSurrogate(e.charAt(e.length() - 1)), e);
            assertFalse(e.startsWith("text:") && e.length() > 5 && Character.isLowSurrogate(e.charAt(5)), e);
        }
        assertEquals("A 🎵 B", l.text());
    }

    @Test
    void oneBackendServesConcurrentGenerations() throws Exception {
        int n = 6;
        for (int i = 0; i < n; i++) {
            server.enqueue(StubServer.sse(streamOf(StubServer.textChunk("reply "), StubServer.textChunk("#" + i),
                    StubServer.finishChunk("stop")), 20, -1));
        }
        OpenAiCompatibleBackend b = backend();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            List<java.util.concurrent.Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> b.generate(hello()).text()));
            }
            java.util.Set<String> texts = new java.util.TreeSet<>();
            for (var f : futures) {
                texts.add(f.get(20, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertEquals(n, texts.size(), texts.toString());
            assertTrue(texts.stream().allMatch(t -> t.matches("reply #\\d")), texts.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    // ----- reasoning -----

    @Test
    void reasoningContentDeltasGoToThinking() {
        server.enqueue(StubServer.sse(streamOf(
                StubServer.reasoningChunk("The user wants "), StubServer.reasoningChunk("tempo feedback."),
                StubServer.textChunk("Steady at "), StubServer.textChunk("92 BPM."),
                StubServer.finishChunk("stop"), "[DONE]")));
        RecordingListener l = new RecordingListener();
        ChatResponse r = backend().generate(hello().withOptions(GenerationOptions.builder().thinking(true).build()),
                l, Cancellation.none());
        assertEquals(List.of("think:The user wants ", "think:tempo feedback.", "text:Steady at ", "text:92 BPM.",
                "complete"), l.events);
        assertEquals("The user wants tempo feedback.", r.thinking());
        assertEquals("Steady at 92 BPM.", r.text());
    }

    @Test
    void inlineThinkTagsSplitAcrossChunksAreSeparated() {
        server.enqueue(StubServer.sse(streamOf(
                StubServer.textChunk("<thi"), StubServer.textChunk("nk>\nCheck the "),
                StubServer.textChunk("onsets.</th"), StubServer.textChunk("ink>\n\nYou rushed"),
                StubServer.textChunk(" the fill."), StubServer.finishChunk("stop"), "[DONE]")));
        RecordingListener l = new RecordingListener();
        ChatResponse r = backend().generate(hello(), l, Cancellation.none());
        assertEquals("Check the onsets.", l.thinking().strip());
        assertEquals("You rushed the fill.", l.text());
        assertEquals("Check the onsets.", r.thinking());
        assertEquals("You rushed the fill.", r.text());
        assertFalse(l.events.stream().anyMatch(e -> e.contains("<") || e.contains(">")), l.events.toString());
    }

    // ----- tool calls -----

    @Test
    void streamedToolCallsSplitAcrossManyChunksTwoInOneReply() throws Exception {
        List<String> events = new ArrayList<>();
        events.add(StubServer.textChunk("Let me measure."));
        events.add(StubServer.toolChunk(0, "call_tempo", "analyze_tempo", null));
        String args0 = "{\"recording_id\": \"rec-1\", \"start\": 1.5}";
        for (char c : args0.toCharArray()) {
            events.add(StubServer.toolChunk(0, null, null, String.valueOf(c)));
        }
        events.add(StubServer.toolChunk(1, "call_listen", "listen", ""));
        String args1 = "{\"question\": \"What genre is this, and is the \\\"swing\\\" feel convincing?\", "
                + "\"recording_id\": \"rec-1\"}";
        for (int i = 0; i < args1.length(); i += 3) {
            events.add(StubServer.toolChunk(1, null, null, args1.substring(i, Math.min(args1.length(), i + 3))));
        }
        events.add(StubServer.finishChunk("tool_calls"));
        events.add(StubServer.usageChunk(100, 60));
        events.add("[DONE]");
        server.enqueue(StubServer.sse(events));

        RecordingListener l = new RecordingListener();
        ChatResponse r = backend().generate(hello().withTools(List.of(tool("analyze_tempo"), tool("listen"))), l,
                Cancellation.none());

        assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
        assertEquals(List.of("text:Let me measure.", "tool:analyze_tempo", "tool:listen", "complete"), l.events);
        List<ToolCall> calls = r.message().toolCalls();
        assertEquals(2, calls.size());
        assertEquals("call_tempo", calls.get(0).id());
        assertEquals("analyze_tempo", calls.get(0).name());
        assertEquals("rec-1", calls.get(0).arguments().path("recording_id").asText());
        assertEquals(1.5, calls.get(0).arguments().path("start").asDouble());
        assertEquals("call_listen", calls.get(1).id());
        assertEquals("What genre is this, and is the \"swing\" feel convincing?",
                calls.get(1).arguments().path("question").asText());
        assertEquals(calls, l.calls);
        assertEquals("Let me measure.", r.text());

        JsonNode tools = JSON.readTree(server.chatRequests().get(0).body()).path("tools");
        assertEquals("function", tools.path(0).path("type").asText());
        assertEquals("analyze_tempo", tools.path(0).path("function").path("name").asText());
        assertEquals("object", tools.path(0).path("function").path("parameters").path("type").asText());
    }

    @Test
    void toolCallsInTheNonStreamedShapeAndWithObjectArguments() {
        server.enqueue(StubServer.json(200, """
                {"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
                  {"id":"c1","type":"function","function":{"name":"analyze_tempo","arguments":"{\\"recording_id\\":\\"r\\"}"}},
                  {"id":"c2","type":"function","function":{"name":"listen","arguments":{"question":"genre?"}}}]},
                  "finish_reason":"tool_calls"}]}"""));
        ChatResponse r = backend("stream", "false").generate(hello());
        assertEquals(2, r.message().toolCalls().size());
        assertEquals("r", r.message().toolCalls().get(0).arguments().path("recording_id").asText());
        assertEquals("genre?", r.message().toolCalls().get(1).arguments().path("question").asText());
        assertEquals("", r.text());
    }

    @Test
    void malformedArgumentsAreHandedBackAsMalformedNotRunAndDoNotCrash() {
        server.enqueue(StubServer.sse(streamOf(
                StubServer.toolChunk(0, "c1", "analyze_tempo", "{\"recording_id\": \"rec-1\", "),
                StubServer.toolChunk(0, null, null, "\"start\": oops}"),
                StubServer.finishChunk("tool_calls"), "[DONE]")));
        RecordingListener l = new RecordingListener();
        ChatResponse r = backend().generate(hello(), l, Cancellation.none());

        assertTrue(r.message().toolCalls().isEmpty(), "a call with unparseable arguments must not be run");
        assertTrue(l.calls.isEmpty());
        assertEquals(FinishReason.STOP, r.finishReason());
        // The engine re-parses the reply text and tells the model its call was malformed.
        var reparsed = StreamingReplyParser.parse(r.text());
        assertEquals(1, reparsed.malformed().size(), r.text());
        assertTrue(reparsed.malformed().get(0).raw().contains("oops"));
        assertTrue(reparsed.toolCalls().isEmpty());
    }

    @Test
    void sloppyButRepairableArgumentsAreRepairedLikeCoreDoes() {
        server.enqueue(StubServer.sse(streamOf(
                StubServer.toolChunk(0, "c1", "analyze_tempo", "{'recording_id': 'rec-1',}"),
                StubServer.toolChunk(1, "c2", "list_recordings", ""),
                StubServer.finishChunk("tool_calls"), "[DONE]")));
        ChatResponse r = backend().generate(hello());
        assertEquals(2, r.message().toolCalls().size());
        assertEquals("c1", r.message().toolCalls().get(0).id());
        assertEquals("rec-1", r.message().toolCalls().get(0).arguments().path("recording_id").asText());
        assertEquals(0, r.message().toolCalls().get(1).arguments().size(), "empty arguments mean no parameters");
        assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    }

    @Test
    void inlineHermesToolCallInContentIsParsedToo() {
        server.enqueue(StubServer.sse(streamOf(
                StubServer.textChunk("<tool_call>\n{\"name\": \"analyze_tempo\", "),
                StubServer.textChunk("\"arguments\": {\"recording_id\": \"r9\"}}\n</tool_call>"),
                StubServer.finishChunk("stop"), "[DONE]")));
        ChatResponse r = backend().generate(hello());
        assertEquals(1, r.message().toolCalls().size());
        assertEquals("r9", r.message().toolCalls().get(0).arguments().path("recording_id").asText());
        assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    }

    private static ToolSpecification tool(String name) {
        var params = JSON.createObjectNode();
        params.put("type", "object");
        params.putObject("properties").putObject("recording_id").put("type", "string");
        return new ToolSpecification(name, "A tool.", params);
    }

    // ----- retries -----

    @Test
    void retriesTransientStatusesThenSucceeds() {
        server.enqueue(StubServer.json(503, "{\"error\":{\"message\":\"loading\"}}"),
                StubServer.json(502, "bad gateway"),
                StubServer.sse(streamOf(StubServer.textChunk("Hi"), StubServer.finishChunk("stop"), "[DONE]")));
        RecordingListener l = new RecordingListener();
        ChatResponse r = backend().generate(hello(), l, Cancellation.none());
        assertEquals("Hi", r.text());
        assertEquals(3, server.chatRequests().size());
        assertEquals(List.of("text:Hi", "complete"), l.events);
    }

    @Test
    void honoursRetryAfter() {
        server.enqueue(StubServer.json(429, "{\"error\":{\"message\":\"slow down\"}}", "Retry-After", "1"),
                StubServer.sse(streamOf(StubServer.textChunk("Hi"), StubServer.finishChunk("stop"), "[DONE]")));
        long t0 = System.nanoTime();
        ChatResponse r = backend().generate(hello());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("Hi", r.text());
        // Backoff alone would be ~10 ms (retryInitialBackoffMs): the wait of about a second is Retry-After's.
        assertTrue(ms >= 950, "waited only " + ms + " ms");
        assertTrue(ms < 4000, "waited " + ms + " ms");
        assertEquals(2, server.chatRequests().size());
    }

    @Test
    void retryAfterLongerThanAllowedFailsAtOnce() {
        server.enqueue(StubServer.json(503, "busy", "Retry-After", "600"));
        RecordingListener l = new RecordingListener();
        RemoteBackendException e = assertThrows(RemoteBackendException.class,
                () -> backend().generate(hello(), l, Cancellation.none()));
        assertEquals(RemoteBackendException.Kind.UNAVAILABLE, e.kind());
        assertEquals(503, e.statusCode().orElseThrow());
        assertTrue(e.getMessage().contains("600 s"), e.getMessage());
        assertEquals(1, server.chatRequests().size());
        assertEquals(e, l.error);
    }

    @Test
    void givesUpAfterMaxRetries() {
        for (int i = 0; i < 5; i++) {
            server.enqueue(StubServer.json(503, "{\"error\":{\"message\":\"model is loading\"}}"));
        }
        RecordingListener l = new RecordingListener();
        RemoteBackendException e = assertThrows(RemoteBackendException.class,
                () -> backend("maxRetries", "2").generate(hello(), l, Cancellation.none()));
        assertEquals(RemoteBackendException.Kind.UNAVAILABLE, e.kind());
        assertEquals(3, server.chatRequests().size());
        assertTrue(e.getMessage().contains("model is loading"), e.getMessage());
        assertFalse(e.midStream());
        assertEquals(List.of("error"), l.events);
    }

    @Test
    void clientErrorsAreNotRetried() {
        server.enqueue(StubServer.json(400, "{\"object\":\"error\",\"message\":\"This model's maximum context "
                + "length is 32768 tokens. However, you requested 40000 tokens.\"}"));
        RemoteBackendException e = assertThrows(RemoteBackendException.class, () -> backend().generate(hello()));
        assertEquals(RemoteBackendException.Kind.REQUEST_REJECTED, e.kind());
        assertEquals(400, e.statusCode().orElseThrow());
        assertTrue(e.getMessage().contains("maximum context length"), e.getMessage());
        assertEquals(1, server.chatRequests().size());
    }

    @Test
    void aVllmWithoutToolParserGetsAnActionableMessage() {
        server.enqueue(StubServer.json(400, "{\"error\":{\"message\":\"\\\"auto\\\" tool choice requires "
                + "--enable-auto-tool-choice and --tool-call-parser to be set\",\"type\":\"BadRequestError\","
                + "\"code\":400}}"));
        RemoteBackendException e = assertThrows(RemoteBackendException.class,
                () -> backend().generate(hello().withTools(List.of(tool("listen")))));
        assertEquals(RemoteBackendException.Kind.REQUEST_REJECTED, e.kind());
        assertTrue(e.getMessage().contains("--tool-call-parser hermes"), e.getMessage());
        assertTrue(e.getMessage().contains("toolCalling=false"), e.getMessage());
    }

    @Test
    void finishReasonErrorIsATypedError() {
        server.enqueue(StubServer.sse(streamOf(StubServer.textChunk("Half"), StubServer.finishChunk("error"),
                "[DONE]")));
        RecordingListener l = new RecordingListener();
        RemoteBackendException e = assertThrows(RemoteBackendException.class,
                () -> backend().generate(hello(), l, Cancellation.none()));
        assertTrue(e.midStream());
        assertEquals(List.of("text:Half", "error"), l.events);
    }

    @Test
    void connectionRefusedIsRetriedThenReported() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        OpenAiCompatibleBackend b = new OpenAiCompatibleBackend(java.net.URI.create("http://127.0.0.1:" + port),
                new BackendOptions(null, null, null, Duration.ofSeconds(2),
                        Map.of("model", "m", "contextWindow", "4096", "retryInitialBackoffMs", "5", "maxRetries", "2")));
        backends.add(b);
        RecordingListener l = new RecordingListener();
        RemoteBackendException e = assertThrows(RemoteBackendException.class,
                () -> b.generate(hello(), l, Cancellation.none()));
        assertEquals(RemoteBackendException.Kind.CONNECTION, e.kind());
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:" + port + "/v1/chat/completions"), e.getMessage());
        assertEquals(List.of("error"), l.events);
    }

    // ----- failures mid-stream, timeouts, cancellation -----

    @Test
    void streamThatEndsEarlyIsATypedErrorAndNotRetried() {
        // The stub ends the response cleanly after two deltas: no finish_reason, no [DONE].
        server.enqueue(StubServer.sse(streamOf(StubServer.textChunk("Your tempo "), StubServer.textChunk("was "))),
                StubServer.sse(streamOf(StubServer.textChunk("second try"), StubServer.finishChunk("stop"))));
        RecordingListener l = new RecordingListener();
        RemoteBackendException e = assertThrows(RemoteBackendException.class,
                () -> backend().generate(hello(), l, Cancellation.none()));
        assertEquals(RemoteBackendException.Kind.STREAM_INTERRUPTED, e.kind());
        assertTrue(e.midStream());
        assertEquals(List.of("text:Your tempo ", "text:was ", "error"), l.events);
        assertEquals(e, l.error);
        assertNull(l.completed);
        assertEquals(1, server.chatRequests().size(), "no retry once the reply has started");
    }

    @Test
    void connectionResetMidStreamIsATypedErrorAndNotRetried() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            List<Integer> connections = new ArrayList<>();
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        try (Socket s = raw.accept()) {
                            synchronized (connections) {
                                connections.add(1);
                            }
                            readRequest(s.getInputStream());
                            OutputStream out = s.getOutputStream();
                            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                            for (String word : List.of("Bar ", "twelve ")) {
                                byte[] event = ("data: " + StubServer.textChunk(word) + "\n\n")
                                        .getBytes(StandardCharsets.UTF_8);
                                out.write((Integer.toHexString(event.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                                out.write(event);
                                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                                out.flush();
                            }
                            Thread.sleep(100);
                            s.setSoLinger(true, 0); // RST instead of an orderly close
                        }
                    }
                } catch (Exception done) {
                    // server socket closed at the end of the test
                }
            }, "raw-server");
            t.setDaemon(true);
            t.start();
            OpenAiCompatibleBackend b = new OpenAiCompatibleBackend(
                    java.net.URI.create("http://127.0.0.1:" + raw.getLocalPort() + "/v1"),
                    new BackendOptions(null, null, null, Duration.ofSeconds(5),
                            Map.of("model", "m", "contextWindow", "4096", "retryInitialBackoffMs", "5")));
            backends.add(b);
            RecordingListener l = new RecordingListener();
            RemoteBackendException e = assertThrows(RemoteBackendException.class,
                    () -> b.generate(hello(), l, Cancellation.none()));
            assertEquals(RemoteBackendException.Kind.STREAM_INTERRUPTED, e.kind(), e.getMessage());
            assertTrue(e.midStream());
            assertEquals(List.of("text:Bar ", "text:twelve ", "error"), l.events);
            synchronized (connections) {
                assertEquals(1, connections.size(), "no retry after the stream started");
            }
        }
    }

    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return;
            }
            head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        in.readNBytes(length);
    }

    @Test
    void serverErrorEventMidStreamIsATypedError() {
        server.enqueue(StubServer.sse(streamOf(StubServer.textChunk("Listening"),
                "{\"object\":\"error\",\"message\":\"CUDA out of memory\",\"code\":500}")));
        RecordingListener l = new RecordingListener();
        RemoteBackendException e = assertThrows(RemoteBackendException.class,
                () -> backend().generate(hello(), l, Cancellation.none()));
        assertEquals(RemoteBackendException.Kind.STREAM_INTERRUPTED, e.kind());
        assertTrue(e.getMessage().contains("CUDA out of memory"), e.getMessage());
        assertEquals(List.of("text:Listening", "error"), l.events);
    }

    @Test
    void noResponseWithinTheTimeoutIsATimeoutAndNotRetried() {
        server.enqueue(StubServer.delayed(3000, StubServer.json(200, "{}")));
        RecordingListener l = new RecordingListener();
        long t0 = System.nanoTime();
        RemoteBackendException e = assertThrows(RemoteBackendException.class,
                () -> backend(Duration.ofMillis(400), null).generate(hello(), l, Cancellation.none()));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(RemoteBackendException.Kind.TIMEOUT, e.kind());
        assertFalse(e.midStream());
        assertTrue(ms >= 350 && ms < 2500, "took " + ms + " ms");
        assertEquals(1, server.chatRequests().size());
        assertEquals(List.of("error"), l.events);
    }

    @Test
    void silenceInTheMiddleOfAStreamIsATimeout() {
        server.enqueue(StubServer.sse(streamOf(StubServer.textChunk("Your "), StubServer.textChunk("never")), 0, 1));
        RecordingListener l = new RecordingListener();
        long t0 = System.nanoTime();
        RemoteBackendException e = assertThrows(RemoteBackendException.class,
                () -> backend(Duration.ofMillis(500), null).generate(hello(), l, Cancellation.none()));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(RemoteBackendException.Kind.TIMEOUT, e.kind(), e.getMessage());
        assertTrue(e.midStream());
        assertTrue(ms < 3000, "took " + ms + " ms");
        assertEquals(List.of("text:Your ", "error"), l.events);
    }

    @Test
    void cancellationClosesTheStreamAndReturnsWhatArrived() {
        server.enqueue(StubServer.sse(streamOf(StubServer.textChunk("First "), StubServer.textChunk("second")), 0,
                1));
        Cancellation cancel = new Cancellation();
        RecordingListener l = new RecordingListener() {
            @Override
            public void onTextDelta(String delta) {
                super.onTextDelta(delta);
                cancel.cancel(); // the host's stop button, pressed while the server is silent
            }
        };
        long t0 = System.nanoTime();
        ChatResponse r = backend(Duration.ofSeconds(30), null).generate(hello(), l, cancel);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(FinishReason.CANCELLED, r.finishReason());
        assertEquals("First", r.text());
        assertTrue(ms < 2000, "cancellation took " + ms + " ms");
        assertEquals(List.of("text:First ", "complete"), l.events);
    }

    @Test
    void cancellationWhileWaitingForHeadersAbortsTheRequest() throws Exception {
        server.enqueue(StubServer.delayed(5000, StubServer.json(200, "{}")));
        Cancellation cancel = new Cancellation();
        Thread canceller = new Thread(() -> {
            StubServer.sleep(200);
            cancel.cancel();
        });
        canceller.start();
        long t0 = System.nanoTime();
        ChatResponse r = backend(Duration.ofSeconds(30), null).generate(hello(), io.zikos.api.StreamingChatListener.NONE,
                cancel);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        canceller.join();
        assertEquals(FinishReason.CANCELLED, r.finishReason());
        assertTrue(ms < 2000, "cancellation took " + ms + " ms");
    }

    // ----- audio -----

    @Test
    void pcmAudioIsSentAsAnInMemoryWavInputAudioPart() throws Exception {
        float[] samples = new float[1600];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
        }
        server.enqueue(StubServer.sse(streamOf(StubServer.textChunk("Jazz."), StubServer.finishChunk("stop"))));
        ChatMessage msg = ChatMessage.user("What genre?", AudioClip.of(AudioSource.ofPcm(samples, 16000)));
        backend("model", "music-flamingo").generate(ChatRequest.of(msg));

        JsonNode content = JSON.readTree(server.chatRequests().get(0).body()).path("messages").path(0).path("content");
        assertEquals("input_audio", content.path(0).path("type").asText());
        assertEquals("wav", content.path(0).path("input_audio").path("format").asText());
        assertEquals("text", content.path(1).path("type").asText());
        assertEquals("What genre?", content.path(1).path("text").asText());

        byte[] wav = Base64.getDecoder().decode(content.path(0).path("input_audio").path("data").asText());
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("RIFF", new String(wav, 0, 4, StandardCharsets.US_ASCII));
        assertEquals("WAVE", new String(wav, 8, 4, StandardCharsets.US_ASCII));
        assertEquals(1, b.getShort(22), "mono");
        assertEquals(16000, b.getInt(24), "sample rate");
        assertEquals(16, b.getShort(34), "bits");
        assertEquals(3200, b.getInt(40), "data bytes");
        assertEquals(44 + 3200, wav.length);
        for (int i = 0; i < samples.length; i += 97) {
            assertEquals(samples[i], b.getShort(44 + 2 * i) / 32767f, 1e-4, "sample " + i);
        }
    }

    @Test
    void audioFilesAreSentAsTheyAreAndAudioUrlStyleIsAvailable(@TempDir Path dir) throws Exception {
        byte[] mp3 = new byte[600];
        mp3[0] = 'I';
        mp3[1] = 'D';
        mp3[2] = '3';
        for (int i = 3; i < mp3.length; i++) {
            mp3[i] = (byte) (i * 31);
        }
        Path file = dir.resolve("take1.mp3");
        Files.write(file, mp3);
        server.enqueue(StubServer.sse(streamOf(StubServer.textChunk("ok"), StubServer.finishChunk("stop"))),
                StubServer.sse(streamOf(StubServer.textChunk("ok"), StubServer.finishChunk("stop"))));
        ChatRequest req = ChatRequest.of(ChatMessage.user("Listen.", AudioClip.of(AudioSource.of(file))));

        backend("model", "music-flamingo").generate(req);
        JsonNode part = JSON.readTree(server.chatRequests().get(0).body()).path("messages").path(0).path("content")
                .path(0);
        assertEquals("mp3", part.path("input_audio").path("format").asText());
        assertTrue(java.util.Arrays.equals(mp3, Base64.getDecoder().decode(part.path("input_audio").path("data")
                .asText())));

        backend("model", "music-flamingo", "audioPart", "audio_url").generate(req);
        JsonNode urlPart = JSON.readTree(server.chatRequests().get(1).body()).path("messages").path(0).path("content")
                .path(0);
        assertEquals("audio_url", urlPart.path("type").asText());
        String url = urlPart.path("audio_url").path("url").asText();
        assertTrue(url.startsWith("data:audio/mpeg;base64,"), url.substring(0, 40));
        assertTrue(java.util.Arrays.equals(mp3, Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1))));
    }

    @Test
    void unreadableAudioFailsBeforeAnythingIsSent(@TempDir Path dir) {
        ChatRequest req = ChatRequest.of(ChatMessage.user("Listen.",
                AudioClip.of(AudioSource.of(dir.resolve("missing.wav")))));
        RecordingListener l = new RecordingListener();
        io.zikos.api.AudioInputException e = assertThrows(io.zikos.api.AudioInputException.class,
                () -> backend().generate(req, l, Cancellation.none()));
        assertEquals(io.zikos.api.AudioInputException.Problem.NOT_FOUND, e.problem());
        assertEquals(List.of("error"), l.events);
        assertTrue(server.chatRequests().isEmpty());
    }

    // ----- model discovery and capabilities -----

    @Test
    void modelNameAndContextComeFromV1ModelsWhenNotSet() throws Exception {
        server.route("/v1/models", StubServer.json(200, """
                {"object":"list","data":[{"id":"nvidia/music-flamingo-2601-hf","object":"model",
                  "max_model_len":26000},{"id":"other","object":"model"}]}"""));
        server.enqueue(StubServer.sse(streamOf(StubServer.textChunk("ok"), StubServer.finishChunk("stop"))));
        OpenAiCompatibleBackend b = backend("model", null, "contextWindow", null);
        BackendCapabilities caps = b.capabilities();
        assertEquals("nvidia/music-flamingo-2601-hf", caps.modelId());
        assertEquals("remote", caps.engine());
        assertEquals(26000, caps.contextWindow());
        assertEquals(2048, caps.maxOutputTokens());
        assertTrue(caps.audioInput());
        assertFalse(caps.toolCalling(), "Music Flamingo was not trained to call tools");
        b.generate(hello());
        assertEquals("nvidia/music-flamingo-2601-hf",
                JSON.readTree(server.chatRequests().get(0).body()).path("model").asText());
        assertEquals(1, server.requests().stream().filter(r -> r.path().equals("/v1/models")).count());
    }

    @Test
    void qwenDefaultsAndSettingsOverrides() {
        OpenAiCompatibleBackend qwen = backend("model", "Qwen/Qwen3-8B", "contextWindow", null);
        BackendCapabilities caps = qwen.capabilities();
        assertTrue(caps.toolCalling());
        assertFalse(caps.audioInput());
        assertTrue(caps.thinking());
        assertEquals(32768, caps.contextWindow(), "the stub has no /v1/models: default");
        assertEquals(8192, caps.maxOutputTokens());

        BackendCapabilities custom = backend("model", "my-model", "contextWindow", "16384", "maxOutputTokens", "1024",
                "audio", "true", "toolCalling", "false").capabilities();
        assertEquals(16384, custom.contextWindow());
        assertEquals(1024, custom.maxOutputTokens());
        assertTrue(custom.audioInput());
        assertFalse(custom.toolCalling());
    }

    @Test
    void noModelAndNoServerIsAModelLoadExceptionThatSaysWhatToDo() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> backend("model", null, "maxRetries", "0"));
        assertTrue(e.getMessage().contains("'model'"), e.getMessage());
    }

    @Test
    void invalidSettingsAreRejectedWithTheKeyNamed() {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> backend("maxRetries", "many"));
        assertTrue(e.getMessage().contains("maxRetries"), e.getMessage());
        ModelLoadException e2 = assertThrows(ModelLoadException.class, () -> backend("audioPart", "mp4"));
        assertTrue(e2.getMessage().contains("input_audio"), e2.getMessage());
    }

    @Test
    void closedBackendRefusesWork() {
        OpenAiCompatibleBackend b = backend();
        b.close();
        assertThrows(IllegalStateException.class, () -> b.generate(hello()));
    }

    // ----- token counting -----

    @Test
    void tokenCountsAreEstimatesByDefault() {
        OpenAiCompatibleBackend b = backend();
        assertEquals(0, b.countTokens(""));
        assertEquals(2, b.countTokens("abcdefg"));
        assertEquals(3, b.countTokens("abcdefgh"));
        float[] twoSeconds = new float[32000];
        int withAudio = b.countTokens(List.of(ChatMessage.user("hi", AudioClip.of(AudioSource.ofPcm(twoSeconds,
                16000)))), List.of());
        int without = b.countTokens(List.of(ChatMessage.user("hi")), List.of());
        assertEquals(50, withAudio - without, "25 tokens per second of audio");
        assertTrue(b.countTokens(List.of(ChatMessage.user("hi")), List.of(tool("listen"))) > without + 20);
        assertTrue(server.requests().isEmpty(), "estimates need no server");
    }

    @Test
    void serverTokenizerIsUsedWhenAskedForAndFallsBackWhenMissing() throws Exception {
        server.route("/tokenize", StubServer.json(200, "{\"count\":42,\"max_model_len\":32768,\"tokens\":[]}"));
        OpenAiCompatibleBackend b = backend("tokenCount", "server");
        assertEquals(42, b.countTokens("hello there"));
        assertEquals(42, b.countTokens(List.of(ChatMessage.user("hi")), List.of()));
        JsonNode body = JSON.readTree(server.requests().get(server.requests().size() - 1).body());
        assertEquals("hi", body.path("messages").path(0).path("content").asText());
        assertTrue(body.path("add_generation_prompt").asBoolean());

        server.route("/tokenize", StubServer.json(404, "{\"detail\":\"Not Found\"}"));
        OpenAiCompatibleBackend other = backend("tokenCount", "server");
        assertEquals(2, other.countTokens("abcdefg"), "falls back to the estimate");
        int before = server.requests().size();
        assertEquals(2, other.countTokens("abcdefg"));
        assertEquals(before, server.requests().size(), "a server without /tokenize is not asked again");
    }

    // ----- request mapping end to end -----

    @Test
    void generationOptionsAndThinkingAreMapped() throws Exception {
        server.enqueue(StubServer.sse(streamOf(StubServer.textChunk("ok"), StubServer.finishChunk("stop"))));
        GenerationOptions o = GenerationOptions.builder().maxNewTokens(256).temperature(0.7).topP(0.8).topK(20)
                .repetitionPenalty(1.05).stopSequences(List.of("\n\nUser:")).seed(7L).thinking(false).build();
        backend().generate(hello().withOptions(o));
        JsonNode body = JSON.readTree(server.chatRequests().get(0).body());
        assertEquals(256, body.path("max_tokens").asInt());
        assertEquals(0.7, body.path("temperature").asDouble());
        assertEquals(0.8, body.path("top_p").asDouble());
        assertEquals(20, body.path("top_k").asInt());
        assertEquals(1.05, body.path("repetition_penalty").asDouble());
        assertEquals("\n\nUser:", body.path("stop").path(0).asText());
        assertEquals(7, body.path("seed").asLong());
        assertFalse(body.path("chat_template_kwargs").path("enable_thinking").asBoolean(true));
        assertNotNull(body.get("chat_template_kwargs"));
    }
}

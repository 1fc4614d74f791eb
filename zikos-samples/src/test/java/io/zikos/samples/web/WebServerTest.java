package io.zikos.samples.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRequest;
import io.zikos.core.coach.PracticeCoach;
import io.zikos.core.store.FileAudioStore;
import io.zikos.core.testing.ScriptedBackend;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web sample over plain HTTP: uploads, reports, the chat stream, and what the server refuses. */
class WebServerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();
    WebServer server;
    FileAudioStore store;

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    WebServer start(PracticeCoach coach, long maxBytes) throws Exception {
        store = new FileAudioStore(dir.resolve("store"), maxBytes);
        server = new WebServer(new WebServer.Config("127.0.0.1", 0, store, maxBytes, coach,
                coach == null ? null : "scripted", null)).start();
        return server;
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path.substring(1))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String type, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path.substring(1)))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends only the head of a POST that announces {@code contentLength} bytes and returns the server's status line.
     * A server that refuses a body by its announced length must answer without waiting for it; sending the body
     * would race with the server closing the connection (the client may then lose the answer).
     */
    String statusLineForAnnouncedBody(String path, String type, long contentLength) throws Exception {
        URI uri = URI.create(server.url());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nContent-Type: " + type
                    + "\r\nContent-Length: " + contentLength + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
        }
    }

    /** Parses an event-stream body into (event, data) pairs. */
    static List<String[]> events(String body) {
        List<String[]> out = new ArrayList<>();
        for (String frame : body.split("\n\n")) {
            String event = null;
            String data = null;
            for (String line : frame.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            if (event != null) {
                out.add(new String[] {event, data});
            }
        }
        return out;
    }

    @Test
    void uploadShowsTheReportAndTheChatStreamsTheCoachsReply() throws Exception {
        // The scripted model first calls a real analysis tool on the recording it was told about, then answers.
        Pattern idInHistory = Pattern.compile("recording_id ([0-9a-f]{32})");
        ScriptedBackend model = ScriptedBackend.of().then(req -> {
            String id = null;
            for (ChatMessage m : req.messages()) {
                Matcher mm = idInHistory.matcher(m.text());
                if (mm.find()) {
                    id = mm.group(1);
                }
            }
            return new ScriptedBackend.Reply("<tool_call>\n{\"name\": \"analyze_tempo\", \"arguments\": {\"recording_id\": \""
                    + id + "\"}}\n</tool_call>", io.zikos.api.FinishReason.STOP);
        }).then("Your A4 in bar 2 was sharp. Practise it slowly against a drone.");
        start(PracticeCoach.builder(model).audioStore(new FileAudioStore(dir.resolve("store"))).build(), 10_000_000);

        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Ask your coach"));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        assertEquals(200, get("/app.js").statusCode());

        HttpResponse<String> up = post("/api/recordings?name=" + "scale%20%3Cb%3E.wav&instrument=piano",
                "audio/wav", TestTake.wav());
        assertEquals(201, up.statusCode(), up.body());
        JsonNode rec = JSON.readTree(up.body());
        String id = rec.get("id").asText();
        assertTrue(FileAudioStore.isValidId(id));
        assertEquals("scale <b>.wav", rec.get("name").asText());

        HttpResponse<String> report = get(rec.get("report_url").asText());
        assertEquals(200, report.statusCode());
        assertTrue(report.body().contains("pitch-chart"));
        assertTrue(report.body().contains("scale &lt;b&gt;.wav"), "name shown, escaped");
        assertFalse(report.body().contains("scale <b>"));
        assertTrue(report.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
        JsonNode json = JSON.readTree(get("/api/recordings/" + id + "/report.json").body());
        assertTrue(json.get("notes").size() >= 7, "notes: " + json.get("notes").size());

        String body = JSON.createObjectNode().put("text", "Was I in tune?")
                .set("recordings", JSON.createArrayNode().add(id)).toString();
        HttpResponse<String> chat = post("/api/chat", "application/json", body.getBytes());
        assertEquals(200, chat.statusCode());
        assertTrue(chat.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<String[]> ev = events(chat.body());
        List<String> names = ev.stream().map(e -> e[0]).toList();
        assertEquals("session", names.get(0));
        assertTrue(names.contains("recording"), names.toString());
        assertTrue(names.indexOf("tool") < names.indexOf("tool_result"), names.toString());
        assertEquals("done", names.get(names.size() - 1));
        StringBuilder streamed = new StringBuilder();
        long deltas = 0;
        for (String[] e : ev) {
            if (e[0].equals("text")) {
                streamed.append(JSON.readTree(e[1]).get("delta").asText());
                deltas++;
            }
            if (e[0].equals("tool_result")) {
                assertFalse(JSON.readTree(e[1]).get("error").asBoolean(), e[1]);
            }
        }
        assertEquals("Your A4 in bar 2 was sharp. Practise it slowly against a drone.", streamed.toString());
        assertTrue(deltas > 5, "the reply arrived in pieces, not at once");
        // the model saw the baseline analysis pinned before the question
        ChatRequest first = model.requests().get(0);
        assertTrue(first.messages().stream().anyMatch(m -> m.result().isPresent()), "baseline not pinned");

        // a follow-up on the same session does not add the recording again
        String session = JSON.readTree(ev.get(0)[1]).get("id").asText();
        model.then("Yes, the rest was fine.");
        String body2 = JSON.createObjectNode().put("text", "And the rest?").put("session", session)
                .set("recordings", JSON.createArrayNode().add(id)).toString();
        List<String> names2 = events(post("/api/chat", "application/json", body2.getBytes()).body()).stream()
                .map(e -> e[0]).toList();
        assertFalse(names2.contains("recording"), names2.toString());
        assertEquals(1, model.requests().get(model.requests().size() - 1).messages().stream()
                .filter(m -> m.result().isPresent() && m.result().get().toolName().equals("analyze_recording"))
                .count(), "one baseline for the recording, reused");
    }

    @Test
    void withoutAModelTheReportWorksAndTheChatSaysSo() throws Exception {
        start(null, 10_000_000);
        JsonNode status = JSON.readTree(get("/api/status").body());
        assertFalse(status.get("model_configured").asBoolean());
        HttpResponse<String> up = post("/api/recordings?name=take.wav&beats_per_bar=3", "audio/wav", TestTake.wav());
        assertEquals(201, up.statusCode(), up.body());
        assertEquals(200, get(JSON.readTree(up.body()).get("report_url").asText()).statusCode());
        // the metre given with the upload reaches the report
        JsonNode report = JSON.readTree(get("/api/recordings/" + JSON.readTree(up.body()).get("id").asText()
                + "/report.json").body());
        assertEquals(3, report.at("/tempo/beats_per_bar").asInt(), report.at("/tempo").toString());
        assertTrue(report.at("/tempo/beats_per_bar_given").asBoolean());
        List<String[]> ev = events(post("/api/chat", "application/json", "{\"text\":\"hi\"}".getBytes()).body());
        assertEquals(1, ev.size());
        assertEquals("notice", ev.get(0)[0]);
        assertTrue(ev.get(0)[1].contains("No model is configured"));
    }

    @Test
    void refusesWhatItShouldNotServeOrKeep() throws Exception {
        start(null, 100_000);
        // no path from a request reaches the file system
        for (String p : new String[] {"/../pom.xml", "/%2e%2e/%2e%2e/etc/passwd", "/index.html", "/app.js/x", "/APP.JS",
                "/io/zikos/samples/web/app.js", "/api/recordings/..%2f..%2fetc/report.html",
                "/api/recordings/ABCDEF/report.html", "/api/recordings/" + "0".repeat(32) + "/report.html"}) {
            int code = get(p).statusCode();
            assertTrue(code == 404 || code == 400, p + " -> " + code);
        }
        // too large: refused by Content-Length before the body is read, nothing kept
        assertEquals("HTTP/1.1 413 Payload Too Large",
                statusLineForAnnouncedBody("/api/recordings?name=big.wav", "audio/wav", 200_000));
        // wrong content type (what a cross-site form could send); the body is within the size limit
        assertEquals(415, post("/api/recordings", "text/plain", Arrays.copyOf(TestTake.wav(), 50_000)).statusCode());
        assertEquals(415, post("/api/chat", "text/plain", "{\"text\":\"x\"}".getBytes()).statusCode());
        // not audio: a clear message, and the file is not kept
        HttpResponse<String> junk = post("/api/recordings?name=notes.wav", "audio/wav", "hello, not audio".getBytes());
        assertEquals(422, junk.statusCode(), junk.body());
        assertFalse(JSON.readTree(junk.body()).get("error").asText().isBlank());
        // a metre that is no number of beats: said, and the file is not kept
        for (String metre : new String[] {"waltz", "13"}) {
            HttpResponse<String> bad = post("/api/recordings?name=w.wav&beats_per_bar=" + metre, "audio/wav",
                    Arrays.copyOf(TestTake.wav(), 50_000));
            assertEquals(422, bad.statusCode(), bad.body());
            assertTrue(JSON.readTree(bad.body()).get("error").asText().contains("beats"), bad.body());
        }
        // an instrument the analysis does not know: said (with the known ones), and the file is not kept
        HttpResponse<String> kazoo = post("/api/recordings?name=k.wav&instrument=kazoo", "audio/wav",
                Arrays.copyOf(TestTake.wav(), 50_000));
        assertEquals(422, kazoo.statusCode(), kazoo.body());
        assertTrue(JSON.readTree(kazoo.body()).get("error").asText().contains("violin"), kazoo.body());
        // empty
        assertEquals(400, post("/api/recordings?name=x.wav", "audio/wav", new byte[0]).statusCode());
        assertEquals(0, store.list().size());
        try (var files = Files.list(store.root())) {
            assertEquals(0, files.count(), "no temp files left behind");
        }
        assertEquals(400, post("/api/chat", "application/json", "not json".getBytes()).statusCode());
        assertEquals(400, post("/api/chat", "application/json", "{\"text\":\"  \"}".getBytes()).statusCode());
    }

    @Test
    void aRecordingIsKeptWhenTheServerCannotAnalyseIt() throws Exception {
        // no analysis tools installed: the server's fault, not the recording's, so the upload is not thrown away
        store = new FileAudioStore(dir.resolve("store"), 1_000_000);
        server = new WebServer(new WebServer.Config("127.0.0.1", 0, store, 1_000_000, null, null,
                new io.zikos.core.tools.ToolRegistry())).start();
        HttpResponse<String> up = post("/api/recordings?name=scale.wav", "audio/wav", TestTake.wav());
        assertEquals(500, up.statusCode(), up.body());
        assertEquals(1, store.list().size(), "the recording is kept");
        assertTrue(JSON.readTree(up.body()).get("error").asText().contains(store.list().get(0).id()), up.body());
    }

    @Test
    void zikosWebIsACliCommand() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        io.zikos.samples.cli.ZikosCli cli = io.zikos.samples.cli.ZikosCli.discover();
        assertEquals(0, cli.run(List.of("help"), new java.io.PrintStream(out), new java.io.PrintStream(err)));
        assertTrue(out.toString().contains("  web "), out.toString());
        assertEquals(2, cli.run(List.of("web", "--port", "x"), new java.io.PrintStream(out),
                new java.io.PrintStream(err)));
        assertTrue(err.toString().contains("--port needs a number"), err.toString());
    }
}

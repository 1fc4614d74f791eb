package io.zikos.samples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal Chrome DevTools Protocol client over the JDK's WebSocket: enough to drive Debian's headless
 * {@code chromium} in a test (navigate, evaluate, set a file input, screenshot) and to collect every console error
 * and uncaught exception of the page and its same-origin frames. Nothing is downloaded; no driver binary is needed.
 */
final class Cdp implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("zikos.chromium", "/usr/bin/chromium"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^\\s]+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final List<String> console = Collections.synchronizedList(new ArrayList<>());

    static boolean available() {
        return Files.isExecutable(CHROMIUM);
    }

    /** Starts headless Chromium with a throwaway profile; {@code extraFlags} e.g. a fake microphone. */
    static Cdp launch(Path workDir, int width, int height, String... extraFlags) throws Exception {
        Path profile = Files.createTempDirectory(workDir, "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--remote-allow-origins=*",
                "--window-size=" + width + "," + height));
        cmd.addAll(List.of(extraFlags));
        cmd.add("about:blank");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String browserWs = null;
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < deadline && (line = err.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                browserWs = m.group(1);
                break;
            }
        }
        if (browserWs == null) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not start its DevTools endpoint");
        }
        // keep draining stderr so chromium never blocks on a full pipe
        Thread drain = new Thread(() -> {
            try {
                while (err.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        URI ws = URI.create(browserWs);
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(HttpRequest.newBuilder(URI.create("http://" + ws.getHost() + ":" + ws.getPort()
                + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body();
        String pageWs = null;
        for (JsonNode t : JSON.readTree(list)) {
            if (t.path("type").asText().equals("page")) {
                pageWs = t.path("webSocketDebuggerUrl").asText();
                break;
            }
        }
        if (pageWs == null) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium has no page target: " + list);
        }
        return new Cdp(p, profile, http, URI.create(pageWs));
    }

    private Cdp(Process process, Path profile, HttpClient http, URI pageWs) throws Exception {
        this.process = process;
        this.profile = profile;
        this.socket = http.newWebSocketBuilder().buildAsync(pageWs, new Listener()).get(30, TimeUnit.SECONDS);
        call("Runtime.enable", null);
        call("Log.enable", null);
        call("Page.enable", null);
    }

    /** Messages arrive in fragments; a text message is complete when {@code last} is set. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String msg = buffer.toString();
                buffer.setLength(0);
                try {
                    dispatch(JSON.readTree(msg));
                } catch (IOException e) {
                    problems.add("unreadable DevTools message: " + e);
                }
            }
            ws.request(1);
            return null;
        }
    }

    private void dispatch(JsonNode msg) {
        if (msg.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
            if (f != null) {
                f.complete(msg);
            }
            return;
        }
        String method = msg.path("method").asText();
        JsonNode params = msg.path("params");
        switch (method) {
            case "Runtime.consoleAPICalled" -> {
                StringBuilder text = new StringBuilder();
                for (JsonNode a : params.path("args")) {
                    text.append(a.has("value") ? a.get("value").asText() : a.path("description").asText()).append(' ');
                }
                String type = params.path("type").asText();
                console.add(type + ": " + text.toString().trim());
                if (type.equals("error") || type.equals("assert")) {
                    problems.add("console." + type + ": " + text.toString().trim());
                }
            }
            case "Runtime.exceptionThrown" -> {
                JsonNode d = params.path("exceptionDetails");
                problems.add("uncaught: " + d.path("exception").path("description").asText(d.path("text").asText()));
            }
            case "Log.entryAdded" -> {
                JsonNode e = params.path("entry");
                if (e.path("level").asText().equals("error")) {
                    problems.add("log (" + e.path("source").asText() + "): " + e.path("text").asText() + " "
                            + e.path("url").asText());
                }
            }
            default -> {
                // other events are not needed
            }
        }
    }

    JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params == null ? JSON.createObjectNode() : params);
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(msg.toString(), true).get(30, TimeUnit.SECONDS);
        JsonNode reply = f.get(60, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    ObjectNode params() {
        return JSON.createObjectNode();
    }

    void navigate(String url) throws Exception {
        call("Page.navigate", params().put("url", url));
        waitFor("document.readyState === 'complete'", Duration.ofSeconds(30));
    }

    /** Evaluates an expression in the page (promises awaited) and returns its value. */
    JsonNode eval(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", params().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("evaluating " + expression + ": " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Polls a boolean expression until it is true. */
    void waitFor(String condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (eval("!!(" + condition + ")").asBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + condition
                + "; page problems: " + problems() + "; console: " + console);
    }

    /** Puts a file into an {@code <input type=file>} (fires its change event, as a user's choice would). */
    void setFile(String selector, Path file) throws Exception {
        int root = call("DOM.getDocument", null).path("root").path("nodeId").asInt();
        int node = call("DOM.querySelector", params().put("nodeId", root).put("selector", selector)).path("nodeId")
                .asInt();
        ObjectNode p = params().put("nodeId", node);
        p.putArray("files").add(file.toAbsolutePath().toString());
        call("DOM.setFileInputFiles", p);
    }

    void screenshot(Path png) throws Exception {
        JsonNode r = call("Page.captureScreenshot", params().put("format", "png"));
        Files.write(png, Base64.getDecoder().decode(r.path("data").asText()));
    }

    /** Console errors, uncaught exceptions and error log entries (failed loads, CSP violations) so far. */
    List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        process.destroy(); // SIGTERM: chromium shuts its helper processes down too
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteProfile();
    }

    /**
     * Deletes the browser profile. Chromium's helper processes can still write into it for a moment after the main
     * process exits, and a file that vanishes mid-walk makes the walk throw, so the walk is retried a few times.
     */
    private void deleteProfile() throws IOException {
        for (int attempt = 1; ; attempt++) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (java.nio.file.NoSuchFileException | java.io.UncheckedIOException e) {
                // a file came or went while walking: walk again
            }
            if (!Files.exists(profile)) {
                return;
            }
            if (attempt == 5) {
                throw new IOException("could not delete the browser profile " + profile);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while deleting the browser profile " + profile, e);
            }
        }
    }
}

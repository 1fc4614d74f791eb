package io.zikos.samples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.RecordingInfo;
import io.zikos.api.ToolException;
import io.zikos.core.coach.PracticeCoach;
import io.zikos.core.store.FileAudioStore;
import io.zikos.core.tools.ToolRegistry;
import io.zikos.dsp.report.html.HtmlReportRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web sample's HTTP server (embedded Jetty 12, core API): the page and its two assets from the classpath, uploads
 * into a {@link FileAudioStore}, the HTML practice report, and the coach chat as server-sent events.
 *
 * <p>Routes: {@code GET /}, {@code GET /app.js}, {@code GET /app.css}, {@code GET /api/status},
 * {@code POST /api/recordings?name=&instrument=&beats_per_bar=} (raw audio body),
 * {@code GET /api/recordings/ID/report.html},
 * {@code GET /api/recordings/ID/report.json}, {@code POST /api/chat} (JSON body, event-stream reply).
 *
 * <p>Nothing from a request becomes a file path: static assets come from a fixed table of classpath resources, and
 * recordings are reached only through the store by ids it issued (checked against its id pattern first). Uploads are
 * capped by {@code Content-Length} before reading and by the store while copying. Write endpoints accept only audio
 * (or JSON for the chat) content types, which a cross-site form cannot send.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REPORT = Pattern.compile("/api/recordings/([^/]{1,64})/report\\.(html|json)");
    private static final int MAX_CHAT_BODY = 64 * 1024;
    private static final String PAGE_CSP = "default-src 'self'; img-src 'self' data:; media-src 'self' blob:; "
            + "frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; "
            + "script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    /** A static asset: the only files the server ever serves besides reports. */
    private record Asset(byte[] body, String contentType) {
    }

    /**
     * What the server needs.
     *
     * @param host           interface to listen on ("127.0.0.1" keeps it local; the browser allows the microphone on
     *                       localhost over plain HTTP)
     * @param port           0 for any free port
     * @param store          where uploads go
     * @param maxUploadBytes largest accepted upload (the store's own cap applies too)
     * @param coach          the coach, or null when no model is configured
     * @param modelName      shown on the page, or null
     * @param tools          where the report's {@code analyze_recording} tool comes from
     */
    public record Config(String host, int port, FileAudioStore store, long maxUploadBytes, PracticeCoach coach,
                         String modelName, ToolRegistry tools) {
        public Config {
            if (store == null) {
                throw new IllegalArgumentException("store is required");
            }
            if (maxUploadBytes <= 0) {
                throw new IllegalArgumentException("maxUploadBytes must be positive");
            }
            host = host == null ? "127.0.0.1" : host;
            tools = tools == null ? ToolRegistry.discover() : tools;
        }
    }

    private final Config config;
    private final Map<String, Asset> assets;
    private final ReportService reports;
    private final ChatService chat;
    private final Server server;
    private final ServerConnector connector;

    public WebServer(Config config) {
        this.config = config;
        this.assets = Map.of(
                "/", asset("index.html", "text/html; charset=utf-8"),
                "/app.js", asset("app.js", "text/javascript; charset=utf-8"),
                "/app.css", asset("app.css", "text/css; charset=utf-8"));
        this.reports = new ReportService(config.store(), config.tools());
        this.chat = new ChatService(config.coach(), config.store());
        QueuedThreadPool pool = new QueuedThreadPool(32, 4);
        pool.setName("zikos-web");
        this.server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        // Chat streams send a heartbeat every 15 s; uploads from slow connections get a minute between packets.
        connector.setIdleTimeout(60_000);
        server.addConnector(connector);
        server.setHandler(new Router());
    }

    /** Starts listening; returns this. */
    public WebServer start() throws Exception {
        server.start();
        LOG.info("Zikos web sample on {}", url());
        return this;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    public String url() {
        String host = config.host().equals("0.0.0.0") ? "localhost" : config.host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops the server; requests in flight are cut off. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("stopping the web server failed", e);
        }
    }

    private static Asset asset(String name, String type) {
        String path = "/io/zikos/samples/web/" + name;
        try (InputStream in = WebServer.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + path);
            }
            return new Asset(in.readAllBytes(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All routes; blocking handlers are fine here: each request runs on a pool thread. */
    private final class Router extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            String method = request.getMethod();
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            response.getHeaders().put("Referrer-Policy", "no-referrer");
            try {
                if (method.equals("GET") || method.equals("HEAD")) {
                    Asset a = assets.get(path);
                    if (a != null) {
                        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
                        if (path.equals("/")) {
                            response.getHeaders().put("Content-Security-Policy", PAGE_CSP);
                        }
                        send(response, callback, 200, a.contentType(), a.body());
                        return true;
                    }
                    if (path.equals("/api/status")) {
                        status(response, callback);
                        return true;
                    }
                    Matcher m = REPORT.matcher(path);
                    if (m.matches()) {
                        report(m.group(1), m.group(2), response, callback);
                        return true;
                    }
                } else if (method.equals("POST")) {
                    if (path.equals("/api/recordings")) {
                        upload(request, response, callback);
                        return true;
                    }
                    if (path.equals("/api/chat")) {
                        chat(request, response, callback);
                        return true;
                    }
                }
                error(response, callback, 404, "not found");
            } catch (Exception e) {
                LOG.warn("request {} {} failed", method, path, e);
                if (!response.isCommitted()) {
                    error(response, callback, 500, "internal error: " + e.getMessage());
                } else {
                    callback.failed(e);
                }
            }
            return true;
        }
    }

    private void status(Response response, Callback callback) {
        ObjectNode s = JSON.createObjectNode();
        s.put("model_configured", chat.configured());
        if (config.modelName() != null) {
            s.put("model", config.modelName());
        }
        s.put("analysis_available", reports.available());
        s.put("max_upload_bytes", config.maxUploadBytes());
        if (!chat.configured()) {
            s.put("notice", ChatService.NO_MODEL);
        }
        json(response, callback, 200, s);
    }

    private void upload(Request request, Response response, Callback callback) throws Exception {
        String type = contentType(request);
        if (!(type.startsWith("audio/") || type.startsWith("video/") || type.equals("application/ogg")
                || type.equals("application/octet-stream"))) {
            discardBody(request, config.maxUploadBytes());
            error(response, callback, 415, "send the recording as the request body with an audio/* content type");
            return;
        }
        long length = request.getLength();
        if (length > config.maxUploadBytes()) {
            error(response, callback, 413, tooLarge());
            return;
        }
        Fields query = Request.extractQueryParameters(request);
        String name = Optional.ofNullable(query.getValue("name")).orElse("recording");
        ReportService.Settings settings;
        try {
            settings = ReportService.Settings.parse(query.getValue("instrument"), query.getValue("beats_per_bar"));
        } catch (ToolException e) {
            discardBody(request, config.maxUploadBytes());
            error(response, callback, 422, e.getMessage());
            return;
        }
        RecordingInfo info;
        try (InputStream body = new CappedInputStream(Content.Source.asInputStream(request), config.maxUploadBytes())) {
            // kept with the recording, so its report is made the same way again after it leaves memory or a restart
            info = config.store().store(body, name, settings.attributes());
        } catch (CappedInputStream.TooLarge e) {
            error(response, callback, 413, tooLarge());
            return;
        } catch (IOException e) {
            // the store's own messages are written for the user ("the recording is empty ...")
            error(response, callback, 400, e.getMessage());
            return;
        }
        ObjectNode report;
        try {
            report = reports.analyse(info);
        } catch (ToolException e) {
            if (e.code() == ToolException.Code.INTERNAL) {
                // our fault, not the recording's: keep it, so its report can be made once the server is fixed
                error(response, callback, 500, e.getMessage() + " (the recording was kept as " + info.id() + ")");
                return;
            }
            // A file we cannot analyse is not kept: the user gets the reason and can try another.
            config.store().delete(info.id());
            error(response, callback, 422, e.getMessage());
            return;
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("id", info.id());
        out.put("name", info.originalName());
        out.put("size_bytes", info.sizeBytes());
        out.put("report_url", "/api/recordings/" + info.id() + "/report.html");
        json(response, callback, 201, out);
    }

    /**
     * Reads and drops the body of a request refused for another reason than its size. Answering and closing the
     * connection while the client is still sending can make the client lose the answer (a TCP reset), so a body
     * within {@code limit} is read first; a larger one is refused unread, and clients should check the limit before
     * sending (the page does, from {@code /api/status}).
     */
    private static void discardBody(Request request, long limit) {
        if (request.getLength() > limit) {
            return;
        }
        try (InputStream in = new CappedInputStream(Content.Source.asInputStream(request), limit)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // over the limit or cut off: the connection is closed after the answer either way
        }
    }

    private String tooLarge() {
        return "the recording is larger than the " + Math.max(1, config.maxUploadBytes() / (1024 * 1024))
                + " MB limit; trim it or compress it (e.g. to MP3) and try again";
    }

    private void report(String id, String format, Response response, Callback callback) throws Exception {
        // The id is checked against the store's pattern before anything else sees it.
        if (!FileAudioStore.isValidId(id)) {
            error(response, callback, 404, "no such recording");
            return;
        }
        Optional<ObjectNode> report;
        try {
            report = reports.report(id);
        } catch (ToolException e) {
            error(response, callback, 422, e.getMessage());
            return;
        }
        if (report.isEmpty()) {
            error(response, callback, 404, "no such recording");
            return;
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (format.equals("json")) {
            json(response, callback, 200, report.get());
        } else {
            response.getHeaders().put("Content-Security-Policy", REPORT_CSP);
            response.getHeaders().put("X-Frame-Options", "SAMEORIGIN");
            send(response, callback, 200, "text/html; charset=utf-8",
                    HtmlReportRenderer.render(report.get()).getBytes(StandardCharsets.UTF_8));
        }
    }

    private void chat(Request request, Response response, Callback callback) throws Exception {
        if (!contentType(request).equals("application/json")) {
            discardBody(request, MAX_CHAT_BODY);
            error(response, callback, 415, "send the message as application/json");
            return;
        }
        JsonNode body;
        try (InputStream in = new CappedInputStream(Content.Source.asInputStream(request), MAX_CHAT_BODY)) {
            body = JSON.readTree(in);
        } catch (CappedInputStream.TooLarge e) {
            error(response, callback, 413, "message too long");
            return;
        } catch (IOException e) {
            error(response, callback, 400, "the body is not valid JSON");
            return;
        }
        String text = body == null ? "" : body.path("text").asText("").strip();
        if (text.isEmpty()) {
            error(response, callback, 400, "the message is empty");
            return;
        }
        if (text.length() > ChatService.MAX_MESSAGE_CHARS) {
            error(response, callback, 413, "the message is longer than " + ChatService.MAX_MESSAGE_CHARS
                    + " characters");
            return;
        }
        List<String> recordings = new ArrayList<>();
        for (JsonNode r : body.path("recordings")) {
            if (r.isTextual() && recordings.size() < 20) {
                recordings.add(r.asText());
            }
        }
        String session = body.path("session").isTextual() ? body.path("session").asText() : null;
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            chat.turn(session, text, recordings, new EventStream(out));
        } catch (IOException e) {
            LOG.debug("chat stream closed early: {}", e.toString());
        }
        callback.succeeded();
    }

    private static String contentType(Request request) {
        String t = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (t == null) {
            return "";
        }
        int semi = t.indexOf(';');
        return (semi < 0 ? t : t.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    private static void json(Response response, Callback callback, int status, JsonNode body) {
        try {
            send(response, callback, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            callback.failed(e);
        }
    }

    private static void error(Response response, Callback callback, int status, String message) {
        json(response, callback, status, JSON.createObjectNode().put("error", message == null ? "error" : message));
    }

    private static void send(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, java.nio.ByteBuffer.wrap(body), callback);
    }

    /** Stops reading past a byte limit, for bodies sent without (or with a lying) Content-Length. */
    static final class CappedInputStream extends java.io.FilterInputStream {
        static final class TooLarge extends IOException {
            private static final long serialVersionUID = 1L;

            TooLarge() {
                super("request body too large");
            }
        }

        private final long max;
        private long read;

        CappedInputStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++read > max) {
                throw new TooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0 && (read += n) > max) {
                throw new TooLarge();
            }
            return n;
        }
    }
}

package io.zikos.backend.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scripted OpenAI-compatible server on a free local port: each request to {@code /v1/chat/completions} takes the
 * next scripted responder; other paths answer from fixed routes or 404. Every request is recorded.
 */
final class StubServer implements AutoCloseable {

    /** Writes one response. */
    @FunctionalInterface
    interface Responder {
        void respond(HttpExchange exchange) throws IOException;
    }

    /** A request as the server saw it. */
    record Recorded(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stub-server");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentLinkedQueue<Responder> chatScript = new ConcurrentLinkedQueue<>();
    private final Map<String, Responder> routes = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    StubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The API base, {@code http://127.0.0.1:PORT/v1}. */
    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    StubServer enqueue(Responder... responders) {
        chatScript.addAll(List.of(responders));
        return this;
    }

    StubServer route(String path, Responder responder) {
        routes.put(path, responder);
        return this;
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    List<Recorded> chatRequests() {
        return requests.stream().filter(r -> r.path().equals("/v1/chat/completions")).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            requests.add(new Recorded(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()),
                    body));
            Responder r = path.equals("/v1/chat/completions") ? chatScript.poll() : routes.get(path);
            if (r == null) {
                r = path.equals("/v1/chat/completions") ? json(500, "{\"error\":{\"message\":\"no scripted reply\"}}")
                        : json(404, "{\"detail\":\"Not Found\"}");
            }
            r.respond(exchange);
        } catch (IOException e) {
            // the client went away (timeouts, cancellation): nothing to do
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ----- responders -----

    static Responder json(int status, String body, String... headerPairs) {
        return exchange -> {
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                exchange.getResponseHeaders().add(headerPairs[i], headerPairs[i + 1]);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        };
    }

    /** Streams each event as {@code data: EVENT\n\n}, flushing after each; {@code [DONE]} only if listed. */
    static Responder sse(List<String> events) {
        return sse(events, 0, -1);
    }

    /**
     * Streams events, pausing {@code pauseMs} between them, and after {@code stallAfter} events (if >= 0) stops
     * writing for a long time without closing.
     */
    static Responder sse(List<String> events, long pauseMs, int stallAfter) {
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            int i = 0;
            for (String e : events) {
                if (i++ == stallAfter) {
                    sleep(10_000);
                    return;
                }
                out.write(("data: " + e + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (pauseMs > 0) {
                    sleep(pauseMs);
                }
            }
        };
    }

    /** Waits before answering (to test timeouts). */
    static Responder delayed(long ms, Responder then) {
        return exchange -> {
            sleep(ms);
            then.respond(exchange);
        };
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ----- chunk builders -----

    static String textChunk(String text) {
        return "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                + quote(text) + "},\"finish_reason\":null}]}";
    }

    static String reasoningChunk(String text) {
        return "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":"
                + quote(text) + "},\"finish_reason\":null}]}";
    }

    static String finishChunk(String reason) {
        return "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\""
                + reason + "\"}]}";
    }

    static String usageChunk(int prompt, int completion) {
        return "{\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt
                + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion) + "}}";
    }

    /** A tool-call delta; null fields are left out. */
    static String toolChunk(int index, String id, String name, String argumentsFragment) {
        StringBuilder call = new StringBuilder("{\"index\":").append(index);
        if (id != null) {
            call.append(",\"id\":").append(quote(id)).append(",\"type\":\"function\"");
        }
        call.append(",\"function\":{");
        boolean comma = false;
        if (name != null) {
            call.append("\"name\":").append(quote(name));
            comma = true;
        }
        if (argumentsFragment != null) {
            call.append(comma ? "," : "").append("\"arguments\":").append(quote(argumentsFragment));
        }
        call.append("}}");
        return "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[" + call
                + "]},\"finish_reason\":null}]}";
    }

    static String quote(String s) {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.textNode(s).toString();
    }
}

package io.zikos.samples.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Server-sent events over a response body: {@code event: NAME\ndata: JSON\n\n}, flushed after each event so the
 * browser sees reply text as it is generated. Once the client has gone away the stream remembers it, and
 * {@link #closed()} tells the turn to stop.
 */
final class EventStream {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OutputStream out;
    private volatile boolean closed;

    EventStream(OutputStream out) {
        this.out = out;
    }

    ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** Sends one event; returns false (and drops the event) when the client is gone. */
    synchronized boolean send(String event, ObjectNode data) {
        if (closed) {
            return false;
        }
        try {
            // JSON never contains a raw newline, so one data line is always enough.
            String frame = "event: " + event + "\ndata: " + JSON.writeValueAsString(data) + "\n\n";
            out.write(frame.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            closed = true;
            return false;
        }
    }

    /**
     * Sends an SSE comment line. A local model can think for a while before its first token; this keeps proxies and
     * the server's idle timeout from closing a stream that is merely quiet.
     */
    synchronized void heartbeat() {
        if (closed) {
            return;
        }
        try {
            out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            closed = true;
        }
    }

    boolean closed() {
        return closed;
    }
}

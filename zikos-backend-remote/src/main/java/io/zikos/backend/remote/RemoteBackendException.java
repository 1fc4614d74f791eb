package io.zikos.backend.remote;

import io.zikos.api.ZikosException;

import java.util.OptionalInt;

/**
 * A remote chat-completions server could not be reached, refused the request, timed out or failed part-way through a
 * streamed reply. The message says what happened and what to check; it never contains the API key.
 *
 * <p>{@link #statusCode()} is the HTTP status when the server answered with an error status, {@link #kind()} the class
 * of failure so a host can react (for example show "server busy" for {@link Kind#UNAVAILABLE}) without parsing the
 * message.
 */
public final class RemoteBackendException extends ZikosException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The server could not be reached (connection refused, DNS, reset before any response). */
        CONNECTION,
        /** The server was overloaded or down (429, 502, 503, 504) and stayed so through every retry. */
        UNAVAILABLE,
        /** The server rejected the API key (401, 403). */
        AUTHENTICATION,
        /** The server rejected the request (other 4xx, for example an unknown model or a prompt that is too long). */
        REQUEST_REJECTED,
        /** The server failed with another status (500 ...). */
        SERVER_ERROR,
        /** No response, or no data in a stream, within the configured timeout. */
        TIMEOUT,
        /** The stream broke or the server reported an error after the reply had started. Never retried. */
        STREAM_INTERRUPTED,
        /** The server's answer was not what an OpenAI-compatible server sends. */
        PROTOCOL
    }

    private final Kind kind;
    private final int statusCode;
    private final boolean midStream;

    public RemoteBackendException(Kind kind, int statusCode, String message) {
        this(kind, statusCode, kind == Kind.STREAM_INTERRUPTED, message, null);
    }

    /**
     * @param kind       what went wrong
     * @param statusCode the HTTP status, or 0 when there was none
     * @param midStream  whether part of the reply had already been received
     * @param message    what happened and what to do; must not contain the API key
     * @param cause      the underlying failure, or {@code null}
     */
    public RemoteBackendException(Kind kind, int statusCode, boolean midStream, String message, Throwable cause) {
        super(message, cause);
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
        this.statusCode = statusCode;
        this.midStream = midStream;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status the server answered with, if the failure was an error status. */
    public OptionalInt statusCode() {
        return statusCode > 0 ? OptionalInt.of(statusCode) : OptionalInt.empty();
    }

    /** Whether the reply had already started streaming when this happened (such failures are never retried). */
    public boolean midStream() {
        return midStream;
    }
}

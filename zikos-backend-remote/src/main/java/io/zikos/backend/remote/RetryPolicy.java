package io.zikos.backend.remote;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a request again: transient statuses (429, 502, 503, 504) and connection failures, with exponential
 * backoff and jitter, or after the server's {@code Retry-After} when it sends one.
 *
 * @param maxRetries     retries after the first attempt
 * @param initialBackoff the base delay before the first retry; doubled for each further one
 * @param maxBackoff     cap on the base delay
 * @param maxRetryAfter  the longest {@code Retry-After} honoured; a server asking for more fails the request at once
 */
record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    /** Statuses that mean "busy or briefly down, try again". */
    static boolean isTransient(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }

    /**
     * The delay before retry number {@code retry} (1-based): base = initial x 2^(retry-1), capped; "equal jitter"
     * picks uniformly in [base/2, base] so that many clients do not retry in lockstep yet none retries at once.
     */
    Duration backoff(int retry) {
        long initial = Math.max(0, initialBackoff.toMillis());
        long base = initial << Math.min(Math.max(retry - 1, 0), 20);
        base = Math.min(base, Math.max(0, maxBackoff.toMillis()));
        if (base <= 1) {
            return Duration.ofMillis(base);
        }
        long half = base / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(base - half + 1));
    }

    /** The server's {@code Retry-After}: delta-seconds or an HTTP date; empty when absent or unreadable. */
    static Optional<Duration> parseRetryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String v = header.strip();
        try {
            // Fractional seconds are not in RFC 9110, but some proxies send them.
            double seconds = Double.parseDouble(v);
            if (seconds >= 0 && Double.isFinite(seconds)) {
                return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
            }
            return Optional.empty();
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }
}

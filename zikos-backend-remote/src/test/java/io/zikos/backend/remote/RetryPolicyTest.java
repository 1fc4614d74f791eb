package io.zikos.backend.remote;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(8),
            Duration.ofSeconds(60));

    @Test
    void backoffGrowsExponentiallyWithJitterAndIsCapped() {
        long[][] bounds = {{250, 500}, {500, 1000}, {1000, 2000}, {2000, 4000}, {4000, 8000}, {4000, 8000}};
        for (int retry = 1; retry <= bounds.length; retry++) {
            long min = Long.MAX_VALUE;
            long max = 0;
            for (int i = 0; i < 300; i++) {
                long ms = policy.backoff(retry).toMillis();
                min = Math.min(min, ms);
                max = Math.max(max, ms);
            }
            long[] b = bounds[retry - 1];
            assertTrue(min >= b[0] && max <= b[1], "retry " + retry + ": " + min + ".." + max);
            assertTrue(max - min > (b[1] - b[0]) / 4, "jitter spreads the delays: " + min + ".." + max);
        }
    }

    @Test
    void transientStatuses() {
        for (int s : new int[] {429, 502, 503, 504}) {
            assertTrue(RetryPolicy.isTransient(s), String.valueOf(s));
        }
        for (int s : new int[] {400, 401, 404, 500, 501}) {
            assertFalse(RetryPolicy.isTransient(s), String.valueOf(s));
        }
    }

    @Test
    void retryAfterSecondsAndHttpDate() {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        assertEquals(Optional.of(Duration.ofSeconds(3)), RetryPolicy.parseRetryAfter("3", now));
        assertEquals(Optional.of(Duration.ofMillis(1500)), RetryPolicy.parseRetryAfter(" 1.5 ", now));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(7).atOffset(ZoneOffset.UTC));
        assertEquals(Optional.of(Duration.ofSeconds(7)), RetryPolicy.parseRetryAfter(date, now));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.minusSeconds(7).atOffset(ZoneOffset.UTC));
        assertEquals(Optional.of(Duration.ZERO), RetryPolicy.parseRetryAfter(past, now));
        assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter("soon", now));
        assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter("-4", now));
        assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter(null, now));
    }
}

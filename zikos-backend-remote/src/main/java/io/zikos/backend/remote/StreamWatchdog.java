package io.zikos.backend.remote;

import io.zikos.api.Cancellation;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a response stream from the outside when the caller cancels or the server goes quiet for longer than the
 * timeout. A blocked read cannot poll, so closing its stream is the only way to wake it; the reader then asks
 * {@link Watch#reason()} why its stream ended.
 */
final class StreamWatchdog implements AutoCloseable {

    /** Why a watched stream was closed. */
    enum Reason { NONE, CANCELLED, TIMEOUT }

    private static final long PERIOD_MS = 20;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "zikos-remote-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** Starts watching; the caller must {@link Watch#close()} it when the stream is done. */
    Watch watch(Closeable stream, Cancellation cancellation, Duration idleTimeout) {
        Watch w = new Watch(stream, cancellation, idleTimeout.toNanos());
        try {
            w.task = timer.scheduleAtFixedRate(w::check, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("this remote backend was closed during the request", e);
        }
        return w;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One watched stream. */
    static final class Watch implements AutoCloseable {
        private final Closeable stream;
        private final Cancellation cancellation;
        private final long idleNanos;
        private volatile long lastActivity = System.nanoTime();
        private volatile Reason reason = Reason.NONE;
        private volatile ScheduledFuture<?> task;

        private Watch(Closeable stream, Cancellation cancellation, long idleNanos) {
            this.stream = stream;
            this.cancellation = cancellation;
            this.idleNanos = idleNanos;
        }

        /** Data arrived: the idle clock starts again. */
        void touch() {
            lastActivity = System.nanoTime();
        }

        Reason reason() {
            return reason;
        }

        private void check() {
            if (reason != Reason.NONE) {
                return;
            }
            if (cancellation.isCancelled()) {
                reason = Reason.CANCELLED;
            } else if (System.nanoTime() - lastActivity > idleNanos) {
                reason = Reason.TIMEOUT;
            } else {
                return;
            }
            try {
                stream.close();
            } catch (IOException | RuntimeException ignored) {
                // the reader sees the stream end either way
            }
        }

        @Override
        public void close() {
            ScheduledFuture<?> t = task;
            if (t != null) {
                t.cancel(false);
            }
        }
    }
}

package io.zikos.api;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A flag a host sets to stop a turn, a generation or a tool early. Cheap to poll; thread-safe.
 */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** A token that is never cancelled. */
    public static Cancellation none() {
        return new Cancellation();
    }

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Throws {@link CancelledException} when cancelled; for loops that have nothing better to do. */
    public void throwIfCancelled() {
        if (isCancelled()) {
            throw new CancelledException();
        }
    }

    /** Thrown by work that stops because its {@link Cancellation} was set. */
    public static final class CancelledException extends ZikosException {
        private static final long serialVersionUID = 1L;

        public CancelledException() {
            super("cancelled by the caller");
        }
    }
}

package io.zikos.api;

import java.util.Objects;

/**
 * What a tool may use while it runs.
 *
 * @param audioStore   where the recordings named in the arguments live
 * @param cancellation set when the turn is cancelled; long tools should poll it
 */
public record ToolContext(AudioStore audioStore, Cancellation cancellation) {
    public ToolContext {
        Objects.requireNonNull(audioStore, "audioStore");
        cancellation = cancellation == null ? Cancellation.none() : cancellation;
    }
}

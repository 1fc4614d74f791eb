package io.zikos.api;

import java.time.Instant;
import java.util.Objects;

/**
 * What an {@link AudioStore} knows about a stored recording.
 *
 * @param id           the recording id
 * @param originalName the file name the user gave (for display only; never used as a path)
 * @param sizeBytes    bytes stored
 * @param storedAt     when it was stored
 */
public record RecordingInfo(String id, String originalName, long sizeBytes, Instant storedAt) {
    public RecordingInfo {
        Objects.requireNonNull(id, "id");
        originalName = originalName == null ? "" : originalName;
        Objects.requireNonNull(storedAt, "storedAt");
    }
}

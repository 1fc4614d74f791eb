package io.zikos.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link AudioStore} knows about a stored recording.
 *
 * @param id           the recording id
 * @param originalName the file name the user gave (for display only; never used as a path)
 * @param sizeBytes    bytes stored
 * @param storedAt     when it was stored
 * @param attributes   what the host asked the store to keep with the recording (such as the instrument the player
 *                     named), never null; see {@link AudioStore#store(java.io.InputStream, String, Map)}
 */
public record RecordingInfo(String id, String originalName, long sizeBytes, Instant storedAt,
                            Map<String, String> attributes) {
    public RecordingInfo {
        Objects.requireNonNull(id, "id");
        originalName = originalName == null ? "" : originalName;
        Objects.requireNonNull(storedAt, "storedAt");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** A recording kept without attributes. */
    public RecordingInfo(String id, String originalName, long sizeBytes, Instant storedAt) {
        this(id, originalName, sizeBytes, storedAt, Map.of());
    }
}

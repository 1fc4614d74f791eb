package io.zikos.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where recordings live, addressed by opaque random ids. Implementations reject ids that are not ids (or would
 * escape their storage) with {@link IllegalArgumentException}, and write atomically so a crash never leaves half a
 * recording behind.
 */
public interface AudioStore {

    /** Stores a recording and returns its new id. */
    RecordingInfo store(InputStream audio, String originalName) throws IOException;

    /**
     * Stores a recording together with a few attributes the host wants back with it later (through
     * {@link #info(String)}), such as the instrument and metre the player named at upload, so that work done again
     * after a restart is done as the player asked. Attributes are small strings, not a database: implementations may
     * refuse large ones with {@link IllegalArgumentException}, before anything is stored.
     *
     * <p>The default, for stores written before attributes existed (so they keep compiling), stores the recording
     * when there are no attributes and otherwise refuses with {@link IllegalArgumentException}, rather than drop
     * what the caller asked to keep.
     *
     * @param attributes keys and values to keep with the recording; may be empty
     */
    default RecordingInfo store(InputStream audio, String originalName, Map<String, String> attributes)
            throws IOException {
        if (attributes != null && !attributes.isEmpty()) {
            throw new IllegalArgumentException("this store (" + getClass().getName() + ") does not keep attributes "
                    + "with a recording; store it without them");
        }
        return store(audio, originalName);
    }

    /** The file holding a recording. */
    Optional<Path> path(String id);

    Optional<RecordingInfo> info(String id);

    List<RecordingInfo> list() throws IOException;

    /** Deletes a recording; returns whether it existed. */
    boolean delete(String id) throws IOException;

    /** A clip referring to a stored recording. */
    default Optional<AudioClip> clip(String id) {
        return path(id).map(p -> new AudioClip(AudioSource.of(p), id));
    }
}

package io.zikos.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A recording attached to a chat message: where its audio is, and (when it lives in an {@link AudioStore}) the
 * recording id that tools use to refer to it.
 *
 * @param source      the audio itself
 * @param recordingId the id in the host's audio store, or {@code null} for a clip that was never stored
 */
public record AudioClip(AudioSource source, String recordingId) {
    public AudioClip {
        Objects.requireNonNull(source, "source");
    }

    public static AudioClip of(AudioSource source) {
        return new AudioClip(source, null);
    }

    public Optional<String> id() {
        return Optional.ofNullable(recordingId);
    }
}

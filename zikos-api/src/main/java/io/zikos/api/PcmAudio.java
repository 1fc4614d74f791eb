package io.zikos.api;

import java.util.Objects;

/**
 * Decoded mono audio.
 *
 * @param samples          float samples in [-1, 1] (not copied: treat as read-only)
 * @param sampleRate       samples per second
 * @param offsetSeconds    where {@code samples[0]} lies in the original file (non-zero after trimming silence),
 *                         so reported times can refer to the original
 * @param originalDuration duration of the original file in seconds
 * @param sourceName       a name for messages
 */
public record PcmAudio(float[] samples, int sampleRate, double offsetSeconds, double originalDuration,
                       String sourceName) {
    public PcmAudio {
        Objects.requireNonNull(samples, "samples");
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be positive");
        }
        sourceName = sourceName == null ? "audio" : sourceName;
    }

    public double durationSeconds() {
        return samples.length / (double) sampleRate;
    }
}

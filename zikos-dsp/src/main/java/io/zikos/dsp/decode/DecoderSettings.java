package io.zikos.dsp.decode;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Limits and scratch space for {@link AudioDecoder}.
 *
 * @param minSeconds shortest audio accepted (default 0.5 s); shorter input fails with
 *                   {@link io.zikos.api.AudioInputException.Problem#TOO_SHORT}
 * @param maxSeconds longest audio accepted (default 1200 s = 20 minutes); longer input fails with
 *                   {@link io.zikos.api.AudioInputException.Problem#TOO_LONG}
 * @param tempDir    where encoded bytes handed in memory, and the decoded samples of long recordings, are written
 *                   while they decode (deleted afterwards, also on failure); default {@code java.io.tmpdir}
 */
public record DecoderSettings(double minSeconds, double maxSeconds, Path tempDir) {

    /** Default minimum duration in seconds. */
    public static final double DEFAULT_MIN_SECONDS = 0.5;
    /** Default maximum duration in seconds (20 minutes). */
    public static final double DEFAULT_MAX_SECONDS = 1200;

    public DecoderSettings {
        if (!(minSeconds >= 0) || Double.isInfinite(minSeconds)) {
            throw new IllegalArgumentException("minSeconds must be a finite number >= 0: " + minSeconds);
        }
        if (!(maxSeconds > 0) || Double.isInfinite(maxSeconds)) {
            throw new IllegalArgumentException("maxSeconds must be a finite number > 0: " + maxSeconds);
        }
        if (maxSeconds < minSeconds) {
            throw new IllegalArgumentException("maxSeconds (" + maxSeconds + ") is below minSeconds (" + minSeconds + ")");
        }
        tempDir = tempDir == null ? Path.of(System.getProperty("java.io.tmpdir")) : tempDir;
    }

    /** 0.5 s minimum, 20 minutes maximum, {@code java.io.tmpdir}. */
    public static DecoderSettings defaults() {
        return new DecoderSettings(DEFAULT_MIN_SECONDS, DEFAULT_MAX_SECONDS, null);
    }

    public static Builder builder() {
        return new Builder();
    }

    public DecoderSettings withMinSeconds(double value) {
        return new DecoderSettings(value, maxSeconds, tempDir);
    }

    public DecoderSettings withMaxSeconds(double value) {
        return new DecoderSettings(minSeconds, value, tempDir);
    }

    public DecoderSettings withTempDir(Path value) {
        return new DecoderSettings(minSeconds, maxSeconds, Objects.requireNonNull(value, "tempDir"));
    }

    /** Builds {@link DecoderSettings}; unset values keep their defaults. */
    public static final class Builder {
        private double minSeconds = DEFAULT_MIN_SECONDS;
        private double maxSeconds = DEFAULT_MAX_SECONDS;
        private Path tempDir;

        private Builder() {
        }

        public Builder minSeconds(double value) {
            this.minSeconds = value;
            return this;
        }

        public Builder maxSeconds(double value) {
            this.maxSeconds = value;
            return this;
        }

        public Builder tempDir(Path value) {
            this.tempDir = value;
            return this;
        }

        public DecoderSettings build() {
            return new DecoderSettings(minSeconds, maxSeconds, tempDir);
        }
    }
}

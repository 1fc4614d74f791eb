package io.zikos.api;

import java.util.Objects;

/**
 * The audio a caller handed in cannot be used. {@link #problem()} says which class of problem it is so a host can
 * react (ask for another upload, trim the file ...) without parsing the message.
 */
public final class AudioInputException extends ZikosException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the audio. */
    public enum Problem {
        /** The file or stream does not exist or cannot be read. */
        NOT_FOUND,
        /** Zero bytes. */
        EMPTY,
        /** Starts like audio but cannot be decoded to the end. */
        CORRUPT,
        /** Not an audio format the decoder understands. */
        NOT_AUDIO,
        /** Shorter than the minimum duration that can be analysed. */
        TOO_SHORT,
        /** Longer than the configured cap. */
        TOO_LONG,
        /** Decodes fine but contains only digital silence. */
        SILENT
    }

    private final Problem problem;
    private final String source;

    public AudioInputException(Problem problem, String source, String message) {
        this(problem, source, message, null);
    }

    public AudioInputException(Problem problem, String source, String message, Throwable cause) {
        super(source == null ? message : source + ": " + message, cause);
        this.problem = Objects.requireNonNull(problem, "problem");
        this.source = source;
    }

    public Problem problem() {
        return problem;
    }

    /** A human-readable name of the input (file name, recording id), or {@code null}. */
    public String source() {
        return source;
    }
}

package io.zikos.api;

import java.util.Objects;

/**
 * A tool could not produce a result. The conversation engine turns it into an error tool result the model can read,
 * so the message should tell the model how to correct its call.
 */
public final class ToolException extends ZikosException {
    private static final long serialVersionUID = 1L;

    /** Broad class of the failure. */
    public enum Code {
        /** The arguments do not match the tool's schema or make no sense. */
        INVALID_ARGUMENTS,
        /** A referenced recording (or other resource) does not exist. */
        NOT_FOUND,
        /** The recording cannot be analysed (see {@link AudioInputException}). */
        BAD_AUDIO,
        /** The turn was cancelled while the tool ran. */
        CANCELLED,
        /** Anything else: a bug or an environment problem. */
        INTERNAL
    }

    private final Code code;

    public ToolException(Code code, String message) {
        this(code, message, null);
    }

    public ToolException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public Code code() {
        return code;
    }
}

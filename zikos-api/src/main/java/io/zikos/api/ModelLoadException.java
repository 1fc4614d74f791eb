package io.zikos.api;

/** A model could not be found, recognised or loaded (missing file, unknown layout, no provider installed ...). */
public final class ModelLoadException extends ZikosException {
    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.zikos.api;

/**
 * Root of every error Zikos throws on purpose. Messages say what went wrong and what the caller can do about it.
 */
public class ZikosException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ZikosException(String message) {
        super(message);
    }

    public ZikosException(String message, Throwable cause) {
        super(message, cause);
    }
}

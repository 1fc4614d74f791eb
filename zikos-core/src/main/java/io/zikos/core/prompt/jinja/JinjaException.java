package io.zikos.core.prompt.jinja;

import io.zikos.api.ZikosException;

/**
 * A chat template could not be parsed or rendered, or it called {@code raise_exception} (then
 * {@link #raisedByTemplate()} is true and the message is the template's own, e.g. "System role not supported").
 */
public final class JinjaException extends ZikosException {
    private static final long serialVersionUID = 1L;

    private final boolean raisedByTemplate;

    public JinjaException(String message) {
        this(message, false);
    }

    public JinjaException(String message, boolean raisedByTemplate) {
        super(message);
        this.raisedByTemplate = raisedByTemplate;
    }

    /** Whether the template itself rejected the input with {@code raise_exception(...)}. */
    public boolean raisedByTemplate() {
        return raisedByTemplate;
    }
}

package io.zikos.api;

/** Why a backend stopped generating. */
public enum FinishReason {
    /** The model ended its turn (end-of-sequence token or a stop sequence). */
    STOP,
    /** The model asked for tools; the reply's message carries the calls. */
    TOOL_CALLS,
    /**
     * The output limit was reached mid-answer: the request's {@code maxNewTokens}, or the model's own output cap
     * (Music Flamingo: 2,048). The text may end mid-sentence; the caller may ask the model to continue.
     */
    LENGTH,
    /** The caller's {@link Cancellation} was set. */
    CANCELLED
}

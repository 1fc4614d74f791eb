package io.zikos.core.audio;

import io.zikos.api.ZikosException;

/**
 * The audio of a request does not fit the model's input context and the caller chose
 * {@link AudioTokenBudget.Policy#REJECT}. {@link #audioTokens()} and {@link #availableTokens()} say by how much.
 */
public final class AudioBudgetExceededException extends ZikosException {
    private static final long serialVersionUID = 1L;

    private final int audioTokens;
    private final int availableTokens;

    public AudioBudgetExceededException(int audioTokens, int availableTokens, int contextTokens, int textTokens) {
        super(String.format(java.util.Locale.ROOT,
                "The audio needs %d tokens (%.1f s at %d tokens/s) but only %d of the model's %d input tokens are left"
                        + " after %d text tokens. Trim the recording to at most %.1f s, shorten the conversation, or"
                        + " choose the TRUNCATE_WITH_WARNING policy.",
                audioTokens, audioTokens / (double) AudioTokenBudget.TOKENS_PER_SECOND,
                AudioTokenBudget.TOKENS_PER_SECOND, Math.max(0, availableTokens), contextTokens, textTokens,
                AudioTokenBudget.secondsForTokens(Math.max(0, availableTokens))));
        this.audioTokens = audioTokens;
        this.availableTokens = availableTokens;
    }

    /** Tokens the audio would take. */
    public int audioTokens() {
        return audioTokens;
    }

    /** Tokens left for audio (may be negative when the text alone overflows). */
    public int availableTokens() {
        return availableTokens;
    }
}

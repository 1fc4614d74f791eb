package io.zikos.core.generate;

import io.zikos.api.FinishReason;
import java.util.Arrays;
import java.util.Objects;

/**
 * What one run of the {@link GenerationLoop} produced.
 *
 * @param tokenIds     generated ids, in order; like transformers' {@code generate}, a final stop token id is
 *                     included (it never appears in {@link #text})
 * @param text         the decoded reply, without the stop token and cut before a stop sequence ({@code ""} when no
 *                     tokenizer was given)
 * @param finishReason {@code STOP} (stop token or sequence), {@code LENGTH} (max new tokens) or {@code CANCELLED}
 * @param promptTokens tokens in the prompt (audio included)
 */
public record GenerationResult(int[] tokenIds, String text, FinishReason finishReason, int promptTokens) {
    public GenerationResult {
        tokenIds = tokenIds.clone();
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(finishReason, "finishReason");
    }

    @Override
    public int[] tokenIds() {
        return tokenIds.clone();
    }

    /** Generated token count (the stop token included). */
    public int generatedTokens() {
        return tokenIds.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GenerationResult r && Arrays.equals(tokenIds, r.tokenIds) && text.equals(r.text)
                && finishReason == r.finishReason && promptTokens == r.promptTokens;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(tokenIds), text, finishReason, promptTokens);
    }

    @Override
    public String toString() {
        return "GenerationResult[tokens=" + Arrays.toString(tokenIds) + ", finish=" + finishReason + "]";
    }
}

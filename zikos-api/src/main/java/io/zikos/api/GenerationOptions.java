package io.zikos.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How to generate. Immutable; build with {@link #builder()} or derive with {@link #toBuilder()}.
 * A {@code temperature} of 0 means greedy decoding. Unset values ({@code null}) let the backend use the model's own
 * generation defaults (for example Music Flamingo decodes greedily, AF3 samples).
 *
 * @param maxNewTokens      upper bound on generated tokens ({@code null}: the backend's default)
 * @param temperature       softmax temperature; 0 = greedy
 * @param topP              nucleus sampling mass, (0, 1]
 * @param topK              keep the k most likely tokens; 0 = no limit
 * @param repetitionPenalty CTRL-style penalty on tokens already present (1 = none)
 * @param stopSequences     text that ends generation (not included in the reply)
 * @param seed              random seed for reproducible sampling
 * @param thinking          Qwen3 thinking mode on/off ({@code null}: the model's default)
 */
public record GenerationOptions(Integer maxNewTokens, Double temperature, Double topP, Integer topK,
                                Double repetitionPenalty, List<String> stopSequences, Long seed, Boolean thinking) {

    public GenerationOptions {
        stopSequences = List.copyOf(stopSequences == null ? List.of() : stopSequences);
        if (maxNewTokens != null && maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be >= 1: " + maxNewTokens);
        }
        if (temperature != null && temperature < 0) {
            throw new IllegalArgumentException("temperature must be >= 0: " + temperature);
        }
        if (topP != null && (topP <= 0 || topP > 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1]: " + topP);
        }
        if (topK != null && topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0: " + topK);
        }
        if (repetitionPenalty != null && repetitionPenalty <= 0) {
            throw new IllegalArgumentException("repetitionPenalty must be > 0: " + repetitionPenalty);
        }
    }

    /** No preferences: the model's defaults. */
    public static GenerationOptions defaults() {
        return builder().build();
    }

    /** Greedy decoding of at most {@code maxNewTokens}. */
    public static GenerationOptions greedy(int maxNewTokens) {
        return builder().maxNewTokens(maxNewTokens).temperature(0.0).build();
    }

    public OptionalLong seedValue() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    public Optional<Boolean> thinkingMode() {
        return Optional.ofNullable(thinking);
    }

    /** Values of {@code this} where set, otherwise those of {@code fallback}. */
    public GenerationOptions orElse(GenerationOptions fallback) {
        Objects.requireNonNull(fallback, "fallback");
        return new GenerationOptions(
                maxNewTokens != null ? maxNewTokens : fallback.maxNewTokens,
                temperature != null ? temperature : fallback.temperature,
                topP != null ? topP : fallback.topP,
                topK != null ? topK : fallback.topK,
                repetitionPenalty != null ? repetitionPenalty : fallback.repetitionPenalty,
                !stopSequences.isEmpty() ? stopSequences : fallback.stopSequences,
                seed != null ? seed : fallback.seed,
                thinking != null ? thinking : fallback.thinking);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().maxNewTokens(maxNewTokens).temperature(temperature).topP(topP).topK(topK)
                .repetitionPenalty(repetitionPenalty).stopSequences(stopSequences).seed(seed).thinking(thinking);
    }

    /** Mutable builder for {@link GenerationOptions}. */
    public static final class Builder {
        private Integer maxNewTokens;
        private Double temperature;
        private Double topP;
        private Integer topK;
        private Double repetitionPenalty;
        private List<String> stopSequences = List.of();
        private Long seed;
        private Boolean thinking;

        public Builder maxNewTokens(Integer v) { this.maxNewTokens = v; return this; }
        public Builder temperature(Double v) { this.temperature = v; return this; }
        public Builder topP(Double v) { this.topP = v; return this; }
        public Builder topK(Integer v) { this.topK = v; return this; }
        public Builder repetitionPenalty(Double v) { this.repetitionPenalty = v; return this; }
        public Builder stopSequences(List<String> v) { this.stopSequences = v; return this; }
        public Builder seed(Long v) { this.seed = v; return this; }
        public Builder thinking(Boolean v) { this.thinking = v; return this; }

        public GenerationOptions build() {
            return new GenerationOptions(maxNewTokens, temperature, topP, topK, repetitionPenalty, stopSequences,
                    seed, thinking);
        }
    }
}

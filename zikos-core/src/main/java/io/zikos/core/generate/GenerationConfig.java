package io.zikos.core.generate;

import io.zikos.api.GenerationOptions;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Fully resolved settings for one run of the {@link GenerationLoop}: every value is set (the api's
 * {@link GenerationOptions} leaves values unset so backends can apply model defaults; this is the result).
 *
 * @param maxNewTokens      generated tokens at most; reaching it ends with {@code FinishReason.LENGTH}
 * @param temperature       0 = greedy (argmax); otherwise softmax temperature for sampling
 * @param topK              keep the k most likely tokens when sampling; 0 = no limit
 * @param topP              nucleus mass when sampling, (0, 1]
 * @param repetitionPenalty CTRL-style penalty (transformers' {@code RepetitionPenaltyLogitsProcessor}) on every
 *                          token of the prompt and the output so far; 1 = none
 * @param seed              sampling seed, {@code null} for a random one
 * @param stopTokenIds      ids that end the turn (end-of-sequence); reported in the result, never in the text
 * @param stopSequences     text that ends generation; not included in the reply text
 * @param ignoreEos         keep generating past stop token ids (for benchmarks and reference checks)
 */
public record GenerationConfig(int maxNewTokens, double temperature, int topK, double topP, double repetitionPenalty,
                               Long seed, Set<Integer> stopTokenIds, List<String> stopSequences, boolean ignoreEos) {

    public GenerationConfig {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be >= 1: " + maxNewTokens);
        }
        if (temperature < 0 || topK < 0 || topP <= 0 || topP > 1 || repetitionPenalty <= 0) {
            throw new IllegalArgumentException("invalid sampling settings: temperature=" + temperature + ", topK="
                    + topK + ", topP=" + topP + ", repetitionPenalty=" + repetitionPenalty);
        }
        stopTokenIds = Set.copyOf(Objects.requireNonNull(stopTokenIds, "stopTokenIds"));
        stopSequences = List.copyOf(Objects.requireNonNull(stopSequences, "stopSequences"));
        if (stopSequences.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("a stop sequence cannot be empty");
        }
    }

    /** Greedy decoding of at most {@code maxNewTokens}, stopping on {@code stopTokenIds}. */
    public static GenerationConfig greedy(int maxNewTokens, Set<Integer> stopTokenIds) {
        return new GenerationConfig(maxNewTokens, 0, 0, 1, 1, null, stopTokenIds, List.of(), false);
    }

    /**
     * Resolves request options against the model's defaults.
     *
     * @param request       what the caller asked for
     * @param modelDefaults the model's generation defaults (from {@code generation_config.json} or the family)
     * @param maxNewTokens  the cap when neither sets one
     * @param stopTokenIds  the model's end-of-sequence ids
     */
    public static GenerationConfig resolve(GenerationOptions request, GenerationOptions modelDefaults,
                                           int maxNewTokens, Set<Integer> stopTokenIds) {
        GenerationOptions o = request.orElse(modelDefaults);
        return new GenerationConfig(
                o.maxNewTokens() != null ? o.maxNewTokens() : maxNewTokens,
                o.temperature() != null ? o.temperature() : 0.0,
                o.topK() != null ? o.topK() : 0,
                o.topP() != null ? o.topP() : 1.0,
                o.repetitionPenalty() != null ? o.repetitionPenalty() : 1.0,
                o.seed(),
                stopTokenIds,
                o.stopSequences(),
                false);
    }

    public boolean greedy() {
        return temperature == 0;
    }

    public GenerationConfig withMaxNewTokens(int n) {
        return new GenerationConfig(n, temperature, topK, topP, repetitionPenalty, seed, stopTokenIds, stopSequences,
                ignoreEos);
    }

    public GenerationConfig withIgnoreEos(boolean ignore) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, repetitionPenalty, seed, stopTokenIds,
                stopSequences, ignore);
    }

    public GenerationConfig withSeed(Long newSeed) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, repetitionPenalty, newSeed, stopTokenIds,
                stopSequences, ignoreEos);
    }
}

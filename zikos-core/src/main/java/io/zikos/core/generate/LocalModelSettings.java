package io.zikos.core.generate;

import io.zikos.api.GenerationOptions;
import java.util.Objects;
import java.util.Set;

/**
 * How a local backend presents and drives its model.
 *
 * @param modelId            the model's name for {@link io.zikos.api.BackendCapabilities}
 * @param engine             the engine name ("onnx", "djl")
 * @param contextWindow      input + output tokens at most
 * @param maxOutputTokens    the model's own cap on one reply (Music Flamingo: 2,048); replies that reach it end with
 *                           {@code FinishReason.LENGTH}
 * @param generationDefaults sampling defaults applied where a request leaves values unset
 * @param stopTokenIds       end-of-turn ids
 * @param toolCalling        whether the model was trained to call tools
 * @param thinking           whether the model has a {@code <think>} mode
 */
public record LocalModelSettings(String modelId, String engine, int contextWindow, int maxOutputTokens,
                                 GenerationOptions generationDefaults, Set<Integer> stopTokenIds, boolean toolCalling,
                                 boolean thinking) {
    public LocalModelSettings {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(generationDefaults, "generationDefaults");
        stopTokenIds = Set.copyOf(stopTokenIds);
        if (contextWindow <= 0 || maxOutputTokens <= 0) {
            throw new IllegalArgumentException("contextWindow and maxOutputTokens must be positive");
        }
    }
}

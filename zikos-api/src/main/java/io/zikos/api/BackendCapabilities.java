package io.zikos.api;

import java.util.Objects;

/**
 * What a loaded model can do.
 *
 * @param modelId         the model's name (hub id or directory name)
 * @param engine          the engine running it ("onnx", "djl", "remote", ...)
 * @param toolCalling     whether the model was trained to call tools
 * @param audioInput      whether messages may carry audio
 * @param thinking        whether the model has a reasoning mode
 * @param contextWindow   maximum input + output tokens
 * @param maxOutputTokens the model's own cap on one reply
 */
public record BackendCapabilities(String modelId, String engine, boolean toolCalling, boolean audioInput,
                                  boolean thinking, int contextWindow, int maxOutputTokens) {
    public BackendCapabilities {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(engine, "engine");
        if (contextWindow <= 0 || maxOutputTokens <= 0) {
            throw new IllegalArgumentException("contextWindow and maxOutputTokens must be positive");
        }
    }
}

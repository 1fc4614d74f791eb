package io.zikos.api;

import java.util.Objects;

/**
 * A finished reply.
 *
 * @param message      the assistant message: visible text and any tool calls
 * @param thinking     the model's reasoning ({@code <think>} content), empty when there was none
 * @param finishReason why generation stopped
 * @param usage        token counts
 */
public record ChatResponse(ChatMessage message, String thinking, FinishReason finishReason, TokenUsage usage) {
    public ChatResponse {
        Objects.requireNonNull(message, "message");
        if (message.role() != ChatRole.ASSISTANT) {
            throw new IllegalArgumentException("a response message must be an assistant message");
        }
        thinking = thinking == null ? "" : thinking;
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(usage, "usage");
    }

    public String text() {
        return message.text();
    }

    public boolean hasToolCalls() {
        return !message.toolCalls().isEmpty();
    }
}

package io.zikos.core.prompt;

import io.zikos.api.ChatMessage;
import io.zikos.api.ToolSpecification;
import java.util.List;

/**
 * Renders a conversation into a model's chat format (Qwen2.5 Hermes tools, Qwen3 with thinking, AF3, Music
 * Flamingo, or a model's own Jinja {@code chat_template}). Implementations are immutable and thread-safe.
 */
public interface PromptFormat {

    /**
     * @param messages            the conversation
     * @param tools               tools the model may call (ignored by formats without tool calling)
     * @param addGenerationPrompt append the opening of the assistant turn
     * @param thinking            Qwen3 thinking mode ({@code null}: the model's default)
     */
    RenderedPrompt render(List<ChatMessage> messages, List<ToolSpecification> tools, boolean addGenerationPrompt,
                          Boolean thinking);
}

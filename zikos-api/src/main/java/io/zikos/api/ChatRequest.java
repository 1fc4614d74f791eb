package io.zikos.api;

import java.util.List;
import java.util.Objects;

/**
 * Everything a backend needs for one reply: the conversation so far, the tools the model may call, and how to
 * generate.
 */
public record ChatRequest(List<ChatMessage> messages, List<ToolSpecification> tools, GenerationOptions options) {
    public ChatRequest {
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
        tools = List.copyOf(tools == null ? List.of() : tools);
        options = options == null ? GenerationOptions.defaults() : options;
    }

    public static ChatRequest of(List<ChatMessage> messages) {
        return new ChatRequest(messages, List.of(), GenerationOptions.defaults());
    }

    public static ChatRequest of(ChatMessage... messages) {
        return of(List.of(messages));
    }

    public ChatRequest withOptions(GenerationOptions newOptions) {
        return new ChatRequest(messages, tools, newOptions);
    }

    public ChatRequest withTools(List<ToolSpecification> newTools) {
        return new ChatRequest(messages, newTools, options);
    }

    public ChatRequest withMessages(List<ChatMessage> newMessages) {
        return new ChatRequest(newMessages, tools, options);
    }
}

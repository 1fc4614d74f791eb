package io.zikos.api;

import java.util.List;

/**
 * A loaded chat model. Thread-safe: one backend serves many sessions concurrently. Native memory is released by
 * {@link #close()}; using a closed backend throws {@link IllegalStateException}.
 */
public interface LlmBackend extends AutoCloseable {

    /**
     * Generates one reply, streaming events to {@code listener} as they happen.
     *
     * @return the complete reply (also passed to {@link StreamingChatListener#onComplete})
     * @throws ZikosException when generation fails (after {@link StreamingChatListener#onError})
     */
    ChatResponse generate(ChatRequest request, StreamingChatListener listener, Cancellation cancellation);

    /** Generates one reply without streaming. */
    default ChatResponse generate(ChatRequest request) {
        return generate(request, StreamingChatListener.NONE, Cancellation.none());
    }

    BackendCapabilities capabilities();

    /** Tokens the rendered prompt for these messages and tools would take, audio included. */
    int countTokens(List<ChatMessage> messages, List<ToolSpecification> tools);

    /** Tokens of plain text. */
    int countTokens(String text);

    @Override
    void close();
}

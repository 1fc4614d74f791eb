package io.zikos.api;

/**
 * One handler for everything a streaming generation emits, in order: text and thinking deltas as tokens arrive,
 * each tool call once it is complete, then exactly one of {@link #onComplete} or {@link #onError}.
 * Every method has a no-op default so a host implements only what it shows.
 * Calls for one generation come from one thread, never concurrently.
 */
public interface StreamingChatListener {

    /** A listener that ignores everything. */
    StreamingChatListener NONE = new StreamingChatListener() { };

    /** Visible reply text, as it is generated. Never splits a Unicode character. */
    default void onTextDelta(String delta) { }

    /** Reasoning text inside {@code <think>...</think>}. */
    default void onThinkingDelta(String delta) { }

    /** A complete, parsed tool call. */
    default void onToolCall(ToolCall call) { }

    /** The generation finished. */
    default void onComplete(ChatResponse response) { }

    /** The generation failed; no {@link #onComplete} follows. */
    default void onError(Throwable error) { }
}

package io.zikos.core.conversation;

import io.zikos.api.StreamingChatListener;
import io.zikos.api.ToolCall;
import io.zikos.api.ToolResult;

/**
 * Everything a turn emits, in order: for each model round its text/thinking deltas and tool calls (from
 * {@link StreamingChatListener}, whose {@code onComplete} fires once per model round), then each tool's result;
 * finally {@link #onTurnComplete} once. All calls come from the thread running the turn.
 */
public interface TurnListener extends StreamingChatListener {

    TurnListener NONE = new TurnListener() { };

    /** A tool is about to run. */
    default void onToolStarted(ToolCall call) { }

    /** A tool finished (or failed: {@link ToolResult#error()}). */
    default void onToolResult(ToolCall call, ToolResult result) { }

    /** The turn is over. */
    default void onTurnComplete(TurnResult result) { }
}

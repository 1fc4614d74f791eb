package io.zikos.core.conversation;

import io.zikos.api.ChatMessage;
import java.util.Objects;

/**
 * A message in a session's history with what the budget needs to know about it.
 *
 * @param message the message
 * @param group   messages sharing a group are kept or dropped together (an assistant tool-call message and its
 *                results)
 * @param pinned  kept whatever the budget (analysis results the coach relies on)
 * @param tokens  the message's token cost, counted once when it was added
 */
public record HistoryEntry(ChatMessage message, long group, boolean pinned, int tokens) {
    public HistoryEntry {
        Objects.requireNonNull(message, "message");
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens cannot be negative");
        }
    }
}

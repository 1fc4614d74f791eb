package io.zikos.core.conversation;

import io.zikos.api.FinishReason;
import io.zikos.api.TokenUsage;
import io.zikos.api.ToolCall;
import io.zikos.api.ToolResult;
import java.util.List;

/**
 * The outcome of one user turn.
 *
 * @param text          the final answer
 * @param thinking      reasoning of the final round, if any
 * @param toolCalls     every tool call made during the turn, in order
 * @param toolResults   their results, in the same order
 * @param finishReason  why the last model round stopped ({@link FinishReason#LENGTH}: cut even after continuing)
 * @param usage         tokens over all rounds
 * @param modelRounds   how many times the model was called
 * @param toolLimitHit  whether a loop guard forced an answer without tools
 */
public record TurnResult(String text, String thinking, List<ToolCall> toolCalls, List<ToolResult> toolResults,
                         FinishReason finishReason, TokenUsage usage, int modelRounds, boolean toolLimitHit) {
    public TurnResult {
        toolCalls = List.copyOf(toolCalls);
        toolResults = List.copyOf(toolResults);
    }
}

package io.zikos.core.conversation;

/**
 * Guards on the tool loop of one turn.
 *
 * @param maxToolRounds        model→tools→model rounds before the model must answer without tools
 * @param maxRepeatedCalls     identical calls (same tool, same arguments) tolerated in one turn before the model
 *                             must answer; a repeat is not run again, the model is told to use the earlier result
 * @param maxMalformedRetries  unparseable tool calls the model may retry in one turn
 * @param maxContinuations     times an answer cut by the output limit is continued before it is returned as cut
 */
public record ToolLoopPolicy(int maxToolRounds, int maxRepeatedCalls, int maxMalformedRetries, int maxContinuations) {
    public ToolLoopPolicy {
        if (maxToolRounds < 0 || maxRepeatedCalls < 0 || maxMalformedRetries < 0 || maxContinuations < 0) {
            throw new IllegalArgumentException("limits cannot be negative");
        }
    }

    public static ToolLoopPolicy defaults() {
        return new ToolLoopPolicy(6, 2, 2, 2);
    }
}

package io.zikos.core.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.zikos.api.ChatMessage;
import io.zikos.api.ToolCall;
import io.zikos.api.ToolResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryBudgetTest {

    private final List<HistoryEntry> entries = new ArrayList<>();
    private long group;

    private void add(ChatMessage m, int tokens, boolean pinned) {
        entries.add(new HistoryEntry(m, group++, pinned, tokens));
    }

    private void addToolGroup(String name, int callTokens, int resultTokens, boolean pinned) {
        long g = group++;
        ToolCall call = new ToolCall("id-" + name, name, null);
        entries.add(new HistoryEntry(ChatMessage.assistant("", List.of(call)), g, pinned, callTokens));
        entries.add(new HistoryEntry(ChatMessage.tool(new ToolResult(call.id(), name,
                JsonNodeFactory.instance.textNode(name + " result"), false)), g, pinned, resultTokens));
    }

    private static List<String> texts(List<ChatMessage> messages) {
        return messages.stream().map(m -> m.toolResult() != null ? m.toolResult().content().asText()
                : !m.toolCalls().isEmpty() ? "call " + m.toolCalls().get(0).name() : m.text()).toList();
    }

    @Test
    void keepsSystemFirstAndNewestMessagesThatFit() {
        add(ChatMessage.system("sys"), 10, false);
        add(ChatMessage.user("u1"), 30, false);
        add(ChatMessage.assistant("a1"), 30, false);
        add(ChatMessage.user("u2"), 30, false);
        add(ChatMessage.assistant("a2"), 30, false);
        add(ChatMessage.user("u3"), 30, false);
        assertEquals(List.of("sys", "a2", "u3"), texts(HistoryBudget.select(entries, 75)));
        assertEquals(List.of("sys", "u2", "a2", "u3"), texts(HistoryBudget.select(entries, 100)));
    }

    @Test
    void keepsOrDropsAToolCallAndItsResultsTogether() {
        add(ChatMessage.system("sys"), 10, false);
        add(ChatMessage.user("u1"), 10, false);
        addToolGroup("tempo", 10, 50, false);
        add(ChatMessage.assistant("a1"), 10, false);
        add(ChatMessage.user("u2"), 10, false);
        // 40 fits a1+u2+sys but not the 60-token group: neither its call nor its result may appear alone.
        assertEquals(List.of("sys", "a1", "u2"), texts(HistoryBudget.select(entries, 40)));
        assertEquals(List.of("sys", "call tempo", "tempo result", "a1", "u2"), texts(HistoryBudget.select(entries, 90)));
    }

    @Test
    void pinnedAnalysisSurvivesEvenWhenOlderThanWhatFits() {
        add(ChatMessage.system("sys"), 10, false);
        addToolGroup("analyze_recording", 10, 100, true);
        add(ChatMessage.user("u1"), 50, false);
        add(ChatMessage.assistant("a1"), 50, false);
        add(ChatMessage.user("u2"), 10, false);
        assertEquals(List.of("sys", "call analyze_recording", "analyze_recording result", "u2"),
                texts(HistoryBudget.select(entries, 150)));
    }

    @Test
    void theCurrentMessageIsSentEvenWhenNothingElseFits() {
        add(ChatMessage.system("sys"), 10, false);
        add(ChatMessage.user("u1"), 10, false);
        add(ChatMessage.user("huge"), 500, false);
        assertEquals(List.of("sys", "huge"), texts(HistoryBudget.select(entries, 100)));
    }

    @Test
    void stopsAtTheFirstGroupThatDoesNotFitSoThereAreNoHoles() {
        add(ChatMessage.user("old small"), 5, false);
        add(ChatMessage.assistant("big"), 100, false);
        add(ChatMessage.user("new"), 10, false);
        assertEquals(List.of("new"), texts(HistoryBudget.select(entries, 50)));
    }
}

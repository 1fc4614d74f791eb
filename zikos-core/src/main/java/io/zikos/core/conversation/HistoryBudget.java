package io.zikos.core.conversation;

import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses which history fits a token budget. The rules, in order:
 * <ol>
 *   <li>the system prompt (a leading system message) is always sent, first;</li>
 *   <li>pinned groups (analysis results) are always sent;</li>
 *   <li>the newest group (the user's current message) is always sent;</li>
 *   <li>then groups are added from the newest backwards while they fit, stopping at the first that does not, so
 *       the conversation the model sees has no holes;</li>
 *   <li>a group — an assistant message with tool calls and all its tool results — is kept or dropped whole, so the
 *       model never sees a result without its call or a call without its results.</li>
 * </ol>
 * Kept messages stay in their original order.
 */
public final class HistoryBudget {

    private HistoryBudget() {
    }

    /**
     * @param entries the whole history, oldest first
     * @param budget  tokens available for the history (context window minus reserved output and tool specs)
     * @return the messages to send
     */
    public static List<ChatMessage> select(List<HistoryEntry> entries, int budget) {
        if (entries.isEmpty()) {
            return List.of();
        }
        Map<Long, List<HistoryEntry>> groups = new LinkedHashMap<>();
        for (HistoryEntry e : entries) {
            groups.computeIfAbsent(e.group(), g -> new ArrayList<>()).add(e);
        }
        List<Long> order = new ArrayList<>(groups.keySet());
        boolean[] keep = new boolean[order.size()];
        int used = 0;

        int first = 0;
        if (entries.get(0).message().role() == ChatRole.SYSTEM) {
            keep[0] = true;
            used += cost(groups.get(order.get(0)));
            first = 1;
        }
        for (int i = first; i < order.size(); i++) {
            if (groups.get(order.get(i)).stream().anyMatch(HistoryEntry::pinned)) {
                keep[i] = true;
                used += cost(groups.get(order.get(i)));
            }
        }
        int newest = order.size() - 1;
        if (!keep[newest]) {
            keep[newest] = true;
            used += cost(groups.get(order.get(newest)));
        }
        for (int i = newest - 1; i >= first; i--) {
            if (keep[i]) {
                continue;
            }
            int c = cost(groups.get(order.get(i)));
            if (used + c > budget) {
                break;
            }
            keep[i] = true;
            used += c;
        }
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            if (keep[i]) {
                groups.get(order.get(i)).forEach(e -> out.add(e.message()));
            }
        }
        return out;
    }

    private static int cost(List<HistoryEntry> group) {
        return group.stream().mapToInt(HistoryEntry::tokens).sum();
    }
}

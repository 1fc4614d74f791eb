package io.zikos.samples.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.AudioStore;
import io.zikos.api.Cancellation;
import io.zikos.api.ToolCall;
import io.zikos.api.ToolResult;
import io.zikos.core.coach.CoachSession;
import io.zikos.core.coach.PracticeCoach;
import io.zikos.core.coach.Recording;
import io.zikos.core.conversation.TurnListener;
import io.zikos.core.conversation.TurnResult;
import io.zikos.core.store.FileAudioStore;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat side of the web sample: one {@link CoachSession} per browser tab, addressed by a random id the page keeps,
 * and each turn streamed as server-sent events. Without a configured model every message gets a clear notice
 * instead, and the report keeps working.
 */
final class ChatService {
    private static final Logger LOG = LoggerFactory.getLogger(ChatService.class);
    private static final Pattern SESSION_ID = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_SESSIONS = 64;
    static final int MAX_MESSAGE_CHARS = 4000;
    private static final long HEARTBEAT_SECONDS = 15;
    private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "zikos-web-heartbeat");
        t.setDaemon(true);
        return t;
    });

    static final String NO_MODEL = "No model is configured, so the coach cannot chat. Restart with "
            + "--model PATH_OR_URL (an exported Qwen directory or an OpenAI-compatible server URL) to talk about your "
            + "recordings. The practice report above works without a model.";

    private final PracticeCoach coach;
    private final AudioStore store;
    private final Map<String, Chat> chats = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Chat> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    /** One tab's conversation; a turn at a time. */
    private static final class Chat {
        final CoachSession session;
        final Set<String> recordings = new HashSet<>();
        final Semaphore turn = new Semaphore(1);

        Chat(CoachSession session) {
            this.session = session;
        }
    }

    /** @param coach the coach, or null when no model is configured */
    ChatService(PracticeCoach coach, AudioStore store) {
        this.coach = coach;
        this.store = store;
    }

    boolean configured() {
        return coach != null;
    }

    /**
     * Runs one turn and streams it. Events: {@code session} (the id to send next time), {@code recording} (a recording
     * joined the conversation), {@code text} / {@code thinking} deltas, {@code tool} / {@code tool_result}, then
     * {@code done}, or {@code notice} / {@code error}.
     */
    void turn(String sessionId, String text, List<String> recordingIds, EventStream events) {
        if (coach == null) {
            events.send("notice", events.object().put("message", NO_MODEL));
            return;
        }
        Chat chat;
        String id = sessionId;
        synchronized (chats) {
            chat = id != null && SESSION_ID.matcher(id).matches() ? chats.get(id) : null;
            if (chat == null) {
                id = newId();
                chat = new Chat(coach.newSession());
                chats.put(id, chat);
            }
        }
        events.send("session", events.object().put("id", id));
        if (!chat.turn.tryAcquire()) {
            events.send("error", events.object().put("message",
                    "The coach is still answering your previous message; wait for it to finish."));
            return;
        }
        ScheduledFuture<?> heartbeat = HEARTBEATS.scheduleAtFixedRate(events::heartbeat, HEARTBEAT_SECONDS,
                HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        try {
            for (String rid : recordingIds) {
                // Only ids the store issued and still holds; anything else is ignored, never turned into a path.
                if (!FileAudioStore.isValidId(rid) || chat.recordings.contains(rid) || store.path(rid).isEmpty()) {
                    continue;
                }
                Recording rec = chat.session.addRecording(rid);
                chat.recordings.add(rid);
                ObjectNode ev = events.object().put("id", rid).put("label", rec.label());
                if (rec.baselineError() != null) {
                    ev.put("warning", rec.baselineError());
                }
                events.send("recording", ev);
            }
            Cancellation cancel = Cancellation.none();
            TurnResult result = chat.session.send(text, new Streamer(events, cancel), cancel);
            events.send("done", events.object().put("text", result.text()).put("rounds", result.modelRounds())
                    .put("tool_calls", result.toolCalls().size()).put("tool_limit_hit", result.toolLimitHit()));
        } catch (Cancellation.CancelledException e) {
            LOG.debug("turn cancelled: the browser went away");
        } catch (RuntimeException e) {
            LOG.warn("chat turn failed", e);
            events.send("error", events.object().put("message", "The coach could not answer: " + e.getMessage()));
        } finally {
            heartbeat.cancel(false);
            chat.turn.release();
        }
    }

    private static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Forwards a turn's events; stops the turn when the browser has gone away. */
    private static final class Streamer implements TurnListener {
        private final EventStream events;
        private final Cancellation cancel;

        Streamer(EventStream events, Cancellation cancel) {
            this.events = events;
            this.cancel = cancel;
        }

        private void send(String event, ObjectNode data) {
            if (!events.send(event, data)) {
                cancel.cancel();
            }
        }

        @Override
        public void onTextDelta(String delta) {
            send("text", events.object().put("delta", delta));
        }

        @Override
        public void onThinkingDelta(String delta) {
            send("thinking", events.object().put("delta", delta));
        }

        @Override
        public void onToolStarted(ToolCall call) {
            send("tool", events.object().put("name", call.name()));
        }

        @Override
        public void onToolResult(ToolCall call, ToolResult result) {
            ObjectNode ev = events.object().put("name", call.name()).put("error", result.error());
            if (result.error()) {
                ev.put("message", result.content().path("message").asText(""));
            }
            send("tool_result", ev);
        }
    }
}

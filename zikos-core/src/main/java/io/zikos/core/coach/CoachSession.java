package io.zikos.core.coach;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.AudioClip;
import io.zikos.api.AudioStore;
import io.zikos.api.AudioTool;
import io.zikos.api.Cancellation;
import io.zikos.api.ChatMessage;
import io.zikos.api.ToolCall;
import io.zikos.api.ToolContext;
import io.zikos.api.ToolException;
import io.zikos.api.ToolResult;
import io.zikos.core.conversation.ConversationEngine;
import io.zikos.core.conversation.Session;
import io.zikos.core.conversation.TurnListener;
import io.zikos.core.conversation.TurnResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One coaching conversation. Recordings are added as they arrive: each gets a label ("take 1", "take 2"), its
 * baseline analysis is computed once and a compact digest of it is pinned into the history (so follow-up turns can refer to it without
 * re-sending or re-analysing), and tools reach it by id. Thread-safe like {@link Session}.
 */
public final class CoachSession {

    private static final Logger LOG = LoggerFactory.getLogger(CoachSession.class);

    private final Session session;
    private final ConversationEngine engine;
    private final AudioStore store;
    private final boolean listenOnly;
    private final List<Recording> recordings = new ArrayList<>();
    private final List<AudioClip> unheard = new ArrayList<>();

    CoachSession(Session session, ConversationEngine engine, AudioStore store, boolean listenOnly) {
        this.session = session;
        this.engine = engine;
        this.store = store;
        this.listenOnly = listenOnly;
    }

    public String id() {
        return session.id();
    }

    /** The recordings added so far, oldest first. */
    public synchronized List<Recording> recordings() {
        return List.copyOf(recordings);
    }

    public Session conversation() {
        return session;
    }

    /**
     * Adds a recording already in the audio store: analyses it once and pins the analysis into the conversation.
     * A recording that cannot be analysed is still added, with the reason, so the coach can say what went wrong.
     *
     * @throws IllegalArgumentException when the id is not in the store
     */
    public synchronized Recording addRecording(String recordingId) {
        AudioClip clip = store.clip(recordingId).orElseThrow(() ->
                new IllegalArgumentException("no recording with id " + recordingId + " in the audio store"));
        String label = "take " + (recordings.size() + 1);
        String name = store.info(recordingId).map(i -> i.originalName()).filter(n -> !n.isBlank()).orElse(label);
        Recording recording;
        if (listenOnly) {
            unheard.add(clip);
            recording = new Recording(recordingId, label, null, null);
        } else {
            recording = analyseAndPin(recordingId, label, name);
        }
        recordings.add(recording);
        return recording;
    }

    private Recording analyseAndPin(String id, String label, String name) {
        ChatMessage arrival = ChatMessage.user("[" + label + " arrived: \"" + name + "\", recording_id " + id + "]");
        Optional<AudioTool> baseline = engine.tools().find(PracticeCoach.BASELINE_TOOL);
        if (baseline.isEmpty()) {
            LOG.info("no {} tool installed; {} is added without a baseline analysis", PracticeCoach.BASELINE_TOOL, id);
            session.pin(List.of(arrival));
            return new Recording(id, label, null, "no analysis tools are installed (add io.zikos:zikos-dsp)");
        }
        ObjectNode args = JsonNodeFactory.instance.objectNode().put("recording_id", id);
        ToolCall call = new ToolCall("baseline_" + id.substring(0, Math.min(8, id.length())) + "_" + recordings.size(),
                PracticeCoach.BASELINE_TOOL, args);
        JsonNode result;
        String error = null;
        boolean failed = false;
        try {
            result = baseline.get().invoke(args, new ToolContext(store, Cancellation.none()));
        } catch (ToolException e) {
            failed = true;
            error = e.getMessage();
            result = JsonNodeFactory.instance.objectNode().put("error", e.code().name().toLowerCase(java.util.Locale.ROOT))
                    .put("message", e.getMessage());
        }
        JsonNode pinned = failed ? result : BaselineDigest.of(result);
        session.pin(List.of(arrival, ChatMessage.assistant("", List.of(call)),
                ChatMessage.tool(new ToolResult(call.id(), call.name(), pinned, failed))));
        return new Recording(id, label, failed ? null : result, error);
    }

    /**
     * Sends the musician's message. In listen-only mode the newest recording added since the last turn goes with
     * it (Music Flamingo's chat format takes one recording per message).
     */
    public TurnResult send(String text, TurnListener listener, Cancellation cancellation) {
        AudioClip attach;
        synchronized (this) {
            attach = listenOnly && !unheard.isEmpty() ? unheard.get(unheard.size() - 1) : null;
        }
        ChatMessage message = attach == null ? ChatMessage.user(text) : ChatMessage.user(text, attach);
        TurnResult result = session.send(message, listener, cancellation);
        if (attach != null) {
            synchronized (this) {
                // Only once the turn succeeded: a failed turn keeps the recording for the next try.
                unheard.clear();
            }
        }
        return result;
    }

    public TurnResult send(String text) {
        return send(text, TurnListener.NONE, Cancellation.none());
    }
}

package io.zikos.core.coach;

import io.zikos.api.AudioStore;
import io.zikos.api.GenerationOptions;
import io.zikos.api.LlmBackend;
import io.zikos.core.conversation.ConversationEngine;
import io.zikos.core.conversation.ToolLoopPolicy;
import io.zikos.core.tools.ToolRegistry;
import java.util.Objects;

/**
 * The hybrid coach: a chat model (Qwen) runs the conversation and calls the analysis tools — its precise ears —
 * and, when a listening model is configured, Music Flamingo through the {@link ListenTool}. With a chat model that
 * hears audio but calls no tools (Music Flamingo itself), it runs in listen-only mode: recordings go straight to the
 * model. Thread-safe; create one per backend pair and a {@link CoachSession} per conversation.
 *
 * <pre>{@code
 * PracticeCoach coach = PracticeCoach.builder(Backends.create("/models/qwen2.5-7b"))
 *         .listenModel(Backends.create("/models/music-flamingo"))
 *         .audioStore(new FileAudioStore(Path.of("recordings")))
 *         .build();
 * CoachSession session = coach.newSession();
 * session.addRecording(store.store(in, "take1.webm").id());
 * session.send("Was I in tune?", listener, Cancellation.none());
 * }</pre>
 */
public final class PracticeCoach {

    /** The analysis tool run once on every recording that arrives; its result is pinned in the history. */
    public static final String BASELINE_TOOL = "analyze_recording";

    private final ConversationEngine engine;
    private final AudioStore audioStore;
    private final boolean listenOnly;

    private PracticeCoach(Builder b) {
        this.audioStore = Objects.requireNonNull(b.audioStore, "audioStore");
        LlmBackend chat = Objects.requireNonNull(b.chatModel, "chatModel");
        this.listenOnly = !chat.capabilities().toolCalling() && chat.capabilities().audioInput();
        ToolRegistry tools = b.tools != null ? b.tools : ToolRegistry.discover();
        if (b.listenModel != null && !listenOnly) {
            tools.register(new ListenTool(b.listenModel));
        }
        String prompt = b.systemPrompt != null ? b.systemPrompt
                : listenOnly ? CoachPrompts.LISTEN_ONLY : CoachPrompts.COACH;
        this.engine = ConversationEngine.builder(chat)
                .tools(listenOnly ? new ToolRegistry() : tools)
                .audioStore(audioStore)
                .systemPrompt(prompt)
                .policy(b.policy)
                .options(b.options)
                .build();
    }

    public static Builder builder(LlmBackend chatModel) {
        return new Builder(chatModel);
    }

    public CoachSession newSession() {
        return new CoachSession(engine.newSession(), engine, audioStore, listenOnly);
    }

    /** Whether the chat model hears recordings directly instead of through tools. */
    public boolean listenOnly() {
        return listenOnly;
    }

    public ToolRegistry tools() {
        return engine.tools();
    }

    /** Builder for {@link PracticeCoach}. */
    public static final class Builder {
        private final LlmBackend chatModel;
        private LlmBackend listenModel;
        private ToolRegistry tools;
        private AudioStore audioStore;
        private String systemPrompt;
        private ToolLoopPolicy policy;
        private GenerationOptions options;

        private Builder(LlmBackend chatModel) {
            this.chatModel = chatModel;
        }

        /** Music Flamingo (or another audio model) behind the {@code listen} tool. */
        public Builder listenModel(LlmBackend v) { this.listenModel = v; return this; }
        /** Tools to offer; default: every {@link io.zikos.api.AudioTool} on the classpath. */
        public Builder tools(ToolRegistry v) { this.tools = v; return this; }
        public Builder audioStore(AudioStore v) { this.audioStore = v; return this; }
        public Builder systemPrompt(String v) { this.systemPrompt = v; return this; }
        public Builder policy(ToolLoopPolicy v) { this.policy = v; return this; }
        public Builder options(GenerationOptions v) { this.options = v; return this; }

        public PracticeCoach build() {
            return new PracticeCoach(this);
        }
    }
}

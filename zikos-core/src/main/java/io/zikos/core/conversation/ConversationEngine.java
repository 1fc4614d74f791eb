package io.zikos.core.conversation;

import io.zikos.api.AudioStore;
import io.zikos.api.GenerationOptions;
import io.zikos.api.LlmBackend;
import io.zikos.core.tools.ToolRegistry;
import java.util.Objects;
import java.util.UUID;

/**
 * Runs conversations on one backend: creates {@link Session}s that keep history within the model's context and run
 * the tool loop. Thread-safe; many sessions may talk concurrently to the same backend.
 *
 * <pre>{@code
 * ConversationEngine engine = ConversationEngine.builder(backend)
 *         .tools(ToolRegistry.discover())
 *         .audioStore(new FileAudioStore(Path.of("recordings")))
 *         .systemPrompt("You are a patient music teacher.")
 *         .build();
 * Session session = engine.newSession();
 * TurnResult reply = session.send("How steady was my tempo?");
 * }</pre>
 */
public final class ConversationEngine {

    private final LlmBackend backend;
    private final ToolRegistry tools;
    private final AudioStore audioStore;
    private final String systemPrompt;
    private final ToolLoopPolicy policy;
    private final GenerationOptions options;

    private ConversationEngine(Builder b) {
        this.backend = Objects.requireNonNull(b.backend, "backend");
        this.tools = b.tools == null ? new ToolRegistry() : b.tools;
        this.audioStore = b.audioStore;
        this.systemPrompt = b.systemPrompt;
        this.policy = b.policy == null ? ToolLoopPolicy.defaults() : b.policy;
        this.options = b.options == null ? GenerationOptions.defaults() : b.options;
    }

    public static Builder builder(LlmBackend backend) {
        return new Builder(backend);
    }

    /** A new session with an empty history (plus the system prompt). */
    public Session newSession() {
        return new Session(UUID.randomUUID().toString(), this);
    }

    public LlmBackend backend() {
        return backend;
    }

    public ToolRegistry tools() {
        return tools;
    }

    /** The store tools read recordings from; {@code null} when the host configured none. */
    public AudioStore audioStore() {
        return audioStore;
    }

    String systemPrompt() {
        return systemPrompt;
    }

    ToolLoopPolicy policy() {
        return policy;
    }

    GenerationOptions options() {
        return options;
    }

    /** Builder for {@link ConversationEngine}. */
    public static final class Builder {
        private final LlmBackend backend;
        private ToolRegistry tools;
        private AudioStore audioStore;
        private String systemPrompt;
        private ToolLoopPolicy policy;
        private GenerationOptions options;

        private Builder(LlmBackend backend) {
            this.backend = backend;
        }

        public Builder tools(ToolRegistry v) { this.tools = v; return this; }
        public Builder audioStore(AudioStore v) { this.audioStore = v; return this; }
        /** The system prompt; {@code null} lets the model's template use its default. */
        public Builder systemPrompt(String v) { this.systemPrompt = v; return this; }
        public Builder policy(ToolLoopPolicy v) { this.policy = v; return this; }
        /** Generation options for every model round. */
        public Builder options(GenerationOptions v) { this.options = v; return this; }

        public ConversationEngine build() {
            return new ConversationEngine(this);
        }
    }
}

package io.zikos.core.generate;

import io.zikos.api.Cancellation;
import io.zikos.api.ChatRequest;
import io.zikos.api.ChatResponse;
import io.zikos.api.LlmBackend;
import io.zikos.api.StreamingChatListener;
import io.zikos.api.ZikosException;
import io.zikos.core.prompt.PromptFormat;
import io.zikos.core.text.Tokenizer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every locally run model backend shares, whatever the model: it owns the engine's model and the tokenizer
 * (both closed with the backend), renders with the family's prompt format, reports completion or failure to the
 * listener exactly once, and refuses work once closed. Subclasses only turn a request into a response.
 *
 * @param <M> the kind of model the backend runs
 */
public abstract class LocalBackend<M extends CausalLm> implements LlmBackend {

    protected final M model;
    protected final Tokenizer tokenizer;
    protected final PromptFormat format;
    protected final LocalModelSettings settings;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Takes ownership of {@code model} and {@code tokenizer}: both are closed with the backend. */
    protected LocalBackend(M model, Tokenizer tokenizer, PromptFormat format, LocalModelSettings settings) {
        this.model = Objects.requireNonNull(model, "model");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.format = Objects.requireNonNull(format, "format");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public final ChatResponse generate(ChatRequest request, StreamingChatListener listener,
                                       Cancellation cancellation) {
        ensureOpen();
        ChatResponse response;
        try {
            response = respond(request, listener, cancellation);
        } catch (RuntimeException e) {
            listener.onError(e);
            throw e instanceof ZikosException z ? z : new ZikosException("generation failed: " + e.getMessage(), e);
        }
        // Outside the try: a listener that throws from onComplete gets its own exception back, not an onError as
        // well, so it is told exactly once.
        listener.onComplete(response);
        return response;
    }

    /**
     * Generates the reply to {@code request}, streaming deltas to the listener as they come;
     * {@link #generate} reports the result (or the failure) to the listener.
     */
    protected abstract ChatResponse respond(ChatRequest request, StreamingChatListener listener,
                                            Cancellation cancellation);

    /** The request's generation options over the model's defaults, its output cap and its stop tokens. */
    protected GenerationConfig generationConfig(ChatRequest request) {
        return GenerationConfig.resolve(request.options(), settings.generationDefaults(), settings.maxOutputTokens(),
                settings.stopTokenIds());
    }

    @Override
    public int countTokens(String text) {
        ensureOpen();
        return tokenizer.encode(text).length;
    }

    /** The loaded model, for tools that work on ids. */
    public M model() {
        return model;
    }

    protected final void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the backend was closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                model.close();
            } finally {
                tokenizer.close();
            }
        }
    }
}

package io.zikos.core.generate;

import io.zikos.api.AudioClip;
import io.zikos.api.BackendCapabilities;
import io.zikos.api.Cancellation;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRequest;
import io.zikos.api.ChatResponse;
import io.zikos.api.MelFeatures;
import io.zikos.api.Preprocessor;
import io.zikos.api.StreamingChatListener;
import io.zikos.api.TokenUsage;
import io.zikos.api.ToolSpecification;
import io.zikos.core.audio.AudioBudgetExceededException;
import io.zikos.core.audio.AudioTokenBudget;
import io.zikos.core.prompt.PromptFormat;
import io.zikos.core.prompt.RenderedPrompt;
import io.zikos.core.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Audio Flamingo 3 / Music Flamingo running locally on any engine: recordings become log-mel features (the
 * {@code music-flamingo-features} preprocessor of zikos-dsp), the engine's encoder turns them into embeddings that
 * {@link AudioPrefill} scatters into the {@code <sound>} positions, and the shared {@link GenerationLoop} decodes.
 * Text-only turns work too. The input budget (24,000 tokens for Music Flamingo) is enforced with
 * {@link AudioTokenBudget} (an {@link AudioBudgetExceededException} saying how much audio fits); the model's output
 * cap (2,048) ends a reply with {@code FinishReason.LENGTH} so a conversation engine can ask it to continue. No tool
 * calling, no thinking. Thread-safe.
 */
public class LocalAudioLanguageBackend extends LocalBackend<AudioLanguageModel> {

    /**
     * Audio-specific settings.
     *
     * @param audioTokenId    the {@code <sound>} placeholder id
     * @param maxWindows      30 s windows per recording at most (AF3: 20, MF 2601: 40)
     * @param inputTokenLimit prompt tokens at most, audio included (Music Flamingo: 24,000)
     */
    public record AudioSettings(int audioTokenId, int maxWindows, int inputTokenLimit) {
    }

    private final AudioSettings audio;
    private final Supplier<Preprocessor<MelFeatures>> preprocessor;
    private volatile Preprocessor<MelFeatures> features;

    /**
     * Takes ownership of {@code model} and {@code tokenizer}. The feature preprocessor is looked up on the class path
     * at the first recording, so text-only use needs no zikos-dsp.
     */
    public LocalAudioLanguageBackend(AudioLanguageModel model, Tokenizer tokenizer, PromptFormat format,
                                     LocalModelSettings settings, AudioSettings audio) {
        this(model, tokenizer, format, settings, audio, () -> AudioPrefill.featurePreprocessor(audio.maxWindows()));
    }

    /** As above with an explicit feature preprocessor (tests, hosts with their own front end). */
    public LocalAudioLanguageBackend(AudioLanguageModel model, Tokenizer tokenizer, PromptFormat format,
                                     LocalModelSettings settings, AudioSettings audio,
                                     Supplier<Preprocessor<MelFeatures>> preprocessor) {
        super(model, tokenizer, format, settings);
        this.audio = Objects.requireNonNull(audio, "audio");
        this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor");
    }

    @Override
    protected ChatResponse respond(ChatRequest request, StreamingChatListener listener, Cancellation cancellation) {
        RenderedPrompt prompt = format.render(request.messages(), List.of(), true, null);
        List<MelFeatures> clips = new ArrayList<>();
        for (AudioClip clip : prompt.audio()) {
            cancellation.throwIfCancelled();
            clips.add(featurePreprocessor().process(clip.source()));
        }
        int[] ids = tokenizer.encode(prompt.text());
        int inputTokens = ids.length - clips.size() + clips.stream().mapToInt(MelFeatures::audioTokenCount).sum();
        checkBudget(ids.length - clips.size(), clips);
        GenerationConfig config = generationConfig(request);
        int cap = Math.min(settings.maxOutputTokens(), settings.contextWindow() - inputTokens);
        config = config.withMaxNewTokens(Math.max(1, Math.min(config.maxNewTokens(), cap)));
        GenerationResult result;
        try (DecoderState state = model.newState()) {
            AudioPrefill.Prefilled pre = AudioPrefill.prefill(state, model, ids, audio.audioTokenId(), clips);
            result = GenerationLoop.continueFrom(state, pre.inputIds(), pre.logits(), config, tokenizer,
                    new TokenStreamListener() {
                        @Override
                        public void onText(String delta) {
                            listener.onTextDelta(delta);
                        }
                    }, cancellation);
        }
        return new ChatResponse(ChatMessage.assistant(result.text().strip()), "", result.finishReason(),
                new TokenUsage(result.promptTokens(), result.generatedTokens()));
    }

    /**
     * Text and audio share the input budget; a prompt that does not fit is rejected with
     * {@link AudioBudgetExceededException} (saying how many seconds of audio fit) rather than silently cut, since
     * cutting would change what the model hears.
     */
    private void checkBudget(int textTokens, List<MelFeatures> clips) {
        List<Long> samples = new ArrayList<>();
        for (MelFeatures f : clips) {
            long frames = 0;
            for (int v : f.validFrames()) {
                frames += v;
            }
            samples.add(frames * AudioTokenBudget.HOP); // exactly the clip's token cost (ceil(samples/160) frames)
        }
        new AudioTokenBudget(audio.inputTokenLimit(), AudioTokenBudget.Policy.REJECT).allocateAll(samples,
                textTokens);
    }

    private Preprocessor<MelFeatures> featurePreprocessor() {
        Preprocessor<MelFeatures> p = features;
        if (p == null) {
            synchronized (this) {
                if (features == null) {
                    features = preprocessor.get();
                }
                p = features;
            }
        }
        return p;
    }

    @Override
    public BackendCapabilities capabilities() {
        return new BackendCapabilities(settings.modelId(), settings.engine(), false, true, false,
                settings.contextWindow(), settings.maxOutputTokens());
    }

    /**
     * Text tokens plus each recording's audio tokens (computed from its duration via the feature preprocessor).
     */
    @Override
    public int countTokens(List<ChatMessage> messages, List<ToolSpecification> tools) {
        ensureOpen();
        RenderedPrompt prompt = format.render(messages, List.of(), true, null);
        int total = tokenizer.encode(prompt.text()).length;
        for (AudioClip clip : prompt.audio()) {
            total += featurePreprocessor().process(clip.source()).audioTokenCount() - 1;
        }
        return total;
    }
}

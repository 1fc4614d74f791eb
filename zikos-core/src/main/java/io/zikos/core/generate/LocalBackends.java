package io.zikos.core.generate;

import io.zikos.api.GenerationOptions;
import io.zikos.api.LlmBackend;
import io.zikos.api.ModelFamily;
import io.zikos.api.ModelLoadException;
import io.zikos.api.ModelSpec;
import io.zikos.core.prompt.AudioFlamingoPromptFormat;
import io.zikos.core.prompt.PromptFormat;
import io.zikos.core.prompt.PromptFormats;
import io.zikos.core.text.HfTokenizer;
import io.zikos.core.text.Tokenizer;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Assembles the engine-independent backends around an engine's loaded model, so every engine (ONNX Runtime, DJL)
 * builds Qwen and Music Flamingo backends the same way: tokenizer from {@code tokenizer.json}, the family's prompt
 * format, stop ids and generation defaults from the model's configs, and the family's limits.
 */
public final class LocalBackends {

    /** Music Flamingo's card: 24,000 input tokens. */
    public static final int MUSIC_FLAMINGO_INPUT_TOKENS = 24_000;
    /** Music Flamingo's card: 2,048 output tokens. */
    public static final int MUSIC_FLAMINGO_OUTPUT_TOKENS = 2_048;
    /** {@code <sound>} in the AF3 / Music Flamingo vocabulary. */
    public static final int DEFAULT_AUDIO_TOKEN_ID = 151_669;

    private LocalBackends() {
    }

    /**
     * A Qwen2.5 / Qwen3 chat backend.
     *
     * @param model  the engine's model (owned by the backend from here on)
     * @param root   the directory with {@code config.json} and {@code tokenizer.json}
     * @param engine the engine's name
     */
    public static LlmBackend chat(CausalLm model, Path root, ModelSpec spec, String engine) {
        try {
            ModelConfig config = ModelConfig.read(root);
            ModelFamily family = spec.modelFamily().orElse(ModelFamily.QWEN2);
            Tokenizer tokenizer = HfTokenizer.load(root);
            // The model's own chat template is the authority where it has one; the family's format otherwise.
            PromptFormat format = PromptFormats.forModel(root, family);
            int context = config.maxPositionEmbeddings();
            LocalModelSettings settings = new LocalModelSettings(spec.reference(), engine, context,
                    Math.min(context, family == ModelFamily.QWEN3 ? 32_768 : 8_192),
                    config.generationDefaults(), stopIds(config, tokenizer), true, family == ModelFamily.QWEN3);
            return new LocalChatBackend(model, tokenizer, format, settings);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** An Audio Flamingo 3 / Music Flamingo backend; see {@link #chat} for the parameters. */
    public static LlmBackend audio(AudioLanguageModel model, Path root, ModelSpec spec, String engine) {
        try {
            ModelConfig config = ModelConfig.read(root);
            boolean mf2601 = spec.modelFamily().orElse(ModelFamily.AUDIO_FLAMINGO_3) == ModelFamily.MUSIC_FLAMINGO
                    || "musicflamingo".equals(config.modelType());
            Tokenizer tokenizer = HfTokenizer.load(root);
            PromptFormat format = PromptFormats.forModel(root, mf2601 ? ModelFamily.MUSIC_FLAMINGO
                    : ModelFamily.AUDIO_FLAMINGO_3);
            int audioId = config.audioTokenId() >= 0 ? config.audioTokenId()
                    : tokenizer.tokenId(AudioFlamingoPromptFormat.SOUND).orElse(DEFAULT_AUDIO_TOKEN_ID);
            int context = Math.max(config.maxPositionEmbeddings(), MUSIC_FLAMINGO_INPUT_TOKENS
                    + MUSIC_FLAMINGO_OUTPUT_TOKENS);
            // Music Flamingo decodes greedily; AF3's own generation config samples (its values win when present).
            GenerationOptions defaults = config.generationDefaults().orElse(GenerationOptions.builder()
                    .temperature(0.0).build());
            LocalModelSettings settings = new LocalModelSettings(spec.reference(), engine, context,
                    MUSIC_FLAMINGO_OUTPUT_TOKENS, defaults, stopIds(config, tokenizer), false, false);
            var audio = new LocalAudioLanguageBackend.AudioSettings(audioId, mf2601 ? 40 : 20,
                    MUSIC_FLAMINGO_INPUT_TOKENS);
            return new LocalAudioLanguageBackend(model, tokenizer, format, settings, audio);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The config's end-of-sequence ids plus the chat end markers when the vocabulary has them. */
    static Set<Integer> stopIds(ModelConfig config, Tokenizer tokenizer) {
        Set<Integer> ids = new LinkedHashSet<>(config.eosTokenIds());
        tokenizer.tokenId("<|im_end|>").ifPresent(ids::add);
        tokenizer.tokenId("<|endoftext|>").ifPresent(ids::add);
        if (ids.isEmpty()) {
            throw new ModelLoadException("no end-of-sequence id in config.json / generation_config.json and no"
                    + " <|im_end|> token: the model directory is incomplete");
        }
        return ids;
    }
}

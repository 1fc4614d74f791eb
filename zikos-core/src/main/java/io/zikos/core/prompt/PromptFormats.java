package io.zikos.core.prompt;

import io.zikos.api.ModelFamily;
import java.nio.file.Path;
import java.util.Objects;

/** Chooses the prompt format for a model. */
public final class PromptFormats {

    private PromptFormats() {
    }

    /**
     * The model directory's own chat template when it has one (see
     * {@link ChatTemplatePromptFormat#fromModelDir}), otherwise the built-in format of its family.
     *
     * @param modelDir the model directory, or {@code null} for the built-in format
     * @throws io.zikos.api.ModelLoadException when the directory's template exists but cannot be used
     */
    public static PromptFormat forModel(Path modelDir, ModelFamily family) {
        Objects.requireNonNull(family, "family");
        if (modelDir != null) {
            var fromDir = ChatTemplatePromptFormat.fromModelDir(modelDir, family);
            if (fromDir.isPresent()) {
                return fromDir.get();
            }
        }
        return builtin(family);
    }

    /** The hand-written format of a family. */
    public static PromptFormat builtin(ModelFamily family) {
        return switch (Objects.requireNonNull(family, "family")) {
            case QWEN2 -> new QwenPromptFormat();
            case QWEN3 -> new Qwen3PromptFormat();
            case AUDIO_FLAMINGO_3 -> new AudioFlamingoPromptFormat();
            case MUSIC_FLAMINGO -> new MusicFlamingoPromptFormat();
        };
    }
}

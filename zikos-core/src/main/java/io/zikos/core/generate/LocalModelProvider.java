package io.zikos.core.generate;

import io.zikos.api.BackendOptions;
import io.zikos.api.LlmBackend;
import io.zikos.api.LlmBackendProvider;
import io.zikos.api.ModelFamily;
import io.zikos.api.ModelLoadException;
import io.zikos.api.ModelSpec;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * An {@link LlmBackendProvider} for models run in-process: the engine module supplies only its
 * {@link CausalLmProvider} (how to find and load its exports), and this class assembles the engine-neutral backend
 * around the loaded model — {@link LocalBackends#chat} for Qwen2.5 / Qwen3, {@link LocalBackends#audio} for Audio
 * Flamingo 3 / Music Flamingo. An engine registers one small subclass per kind, each with a no-argument constructor
 * for {@link java.util.ServiceLoader}.
 */
public abstract class LocalModelProvider implements LlmBackendProvider {

    /** What the provider builds. */
    public enum Kind {
        /** A text chat model (Qwen2.5, Qwen3). */
        CHAT(Set.of(ModelFamily.QWEN2, ModelFamily.QWEN3)),
        /** An audio-language model (Audio Flamingo 3, Music Flamingo). */
        AUDIO_LANGUAGE(Set.of(ModelFamily.AUDIO_FLAMINGO_3, ModelFamily.MUSIC_FLAMINGO));

        private final Set<ModelFamily> families;

        Kind(Set<ModelFamily> families) {
            this.families = families;
        }
    }

    private final String name;
    private final Kind kind;
    private final CausalLmProvider models;
    private final int rank;

    /**
     * @param name   the provider's name, e.g. {@code "onnx-qwen"}
     * @param kind   which backends it builds
     * @param models the engine's loader
     * @param rank   the tie-break between engines (see {@link LlmBackendProvider#rank()})
     */
    protected LocalModelProvider(String name, Kind kind, CausalLmProvider models, int rank) {
        this.name = name;
        this.kind = kind;
        this.models = models;
        this.rank = rank;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String engine() {
        return models.engine();
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public Set<ModelFamily> families() {
        return kind.families;
    }

    @Override
    public boolean supports(ModelSpec spec) {
        return LlmBackendProvider.super.supports(spec) && models.canLoad(spec.directory());
    }

    /** How to produce what this provider's engine loads (its {@link CausalLmProvider#exportHint()}). */
    public String exportHint() {
        return models.exportHint();
    }

    @Override
    public LlmBackend create(ModelSpec spec, BackendOptions options) {
        Path dir = spec.localDirectory().orElseThrow(() -> new ModelLoadException("the " + engine()
                + " engine runs exported models from a local directory; " + spec.reference() + " is not one: "
                + models.exportHint()));
        // Refuse the wrong kind from the files, before a whole decoder is loaded (possibly onto a GPU) only to be
        // closed; the checks after loading remain for engines that cannot tell without loading.
        Optional<Boolean> audioLayout = models.isAudioModel(dir);
        if (kind == Kind.CHAT && audioLayout.orElse(false)) {
            throw audioExportForChat(dir);
        }
        if (kind == Kind.AUDIO_LANGUAGE && !audioLayout.orElse(true)) {
            throw noAudioEncoder(dir);
        }
        // Before loading, so that a failure here has nothing loaded to leak.
        Path root = models.configDirectory(dir);
        CausalLm model = models.load(dir, options);
        if (kind == Kind.CHAT) {
            if (model instanceof AudioLanguageModel) {
                model.close();
                throw audioExportForChat(dir);
            }
            return LocalBackends.chat(model, root, spec, engine());
        }
        if (!(model instanceof AudioLanguageModel audio)) {
            model.close();
            throw noAudioEncoder(dir);
        }
        return LocalBackends.audio(audio, root, spec, engine());
    }

    private static ModelLoadException audioExportForChat(Path dir) {
        return new ModelLoadException(dir + " holds an audio-language export; load it as Music Flamingo / AF3");
    }

    private ModelLoadException noAudioEncoder(Path dir) {
        return new ModelLoadException(dir + " has no audio encoder: an audio-language export needs the audio "
                + "encoder, the token embedding and the decoder; " + models.exportHint());
    }
}

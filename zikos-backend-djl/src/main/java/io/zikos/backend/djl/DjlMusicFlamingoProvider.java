package io.zikos.backend.djl;

import io.zikos.api.BackendOptions;
import io.zikos.api.LlmBackend;
import io.zikos.api.LlmBackendProvider;
import io.zikos.api.ModelFamily;
import io.zikos.api.ModelLoadException;
import io.zikos.api.ModelSpec;
import io.zikos.core.generate.AudioLanguageModel;
import io.zikos.core.generate.CausalLm;
import io.zikos.core.generate.LocalBackends;
import java.nio.file.Path;
import java.util.Set;

/**
 * Audio Flamingo 3 / Music Flamingo exported to TorchScript (audio encoder + projector, token embedding, decoder on
 * {@code inputs_embeds}), on DJL's PyTorch engine (engine {@code "djl"}). Audio preprocessing, the audio-token
 * expansion and scatter, the input budget and the output cap are the engine-neutral code in core; audio input needs
 * the zikos-dsp feature extractor on the class path. Rank -1, as {@link DjlQwenProvider}.
 */
public final class DjlMusicFlamingoProvider implements LlmBackendProvider {

    @Override
    public String name() {
        return "djl-music-flamingo";
    }

    @Override
    public String engine() {
        return DjlCausalLmProvider.ENGINE;
    }

    @Override
    public int rank() {
        return -1;
    }

    @Override
    public Set<ModelFamily> families() {
        return Set.of(ModelFamily.AUDIO_FLAMINGO_3, ModelFamily.MUSIC_FLAMINGO);
    }

    @Override
    public boolean supports(ModelSpec spec) {
        return LlmBackendProvider.super.supports(spec) && DjlModels.looksLoadable(spec.directory());
    }

    @Override
    public LlmBackend create(ModelSpec spec, BackendOptions options) {
        Path dir = spec.localDirectory().orElseThrow(() -> new ModelLoadException(
                "the DJL backend runs local TorchScript exports; " + spec.reference() + " is not a directory"));
        Path root = DjlModels.configDirectory(dir);
        CausalLm model = DjlModels.load(dir, options);
        if (!(model instanceof AudioLanguageModel audio)) {
            model.close();
            throw new ModelLoadException(dir + " has no " + DjlModelFiles.AUDIO_ENCODER + ": an audio-language "
                    + "export needs the audio encoder, the token embedding and the decoder; "
                    + DjlModelFiles.EXPORT_HINT);
        }
        return LocalBackends.audio(audio, root, spec, engine());
    }
}

package io.zikos.backend.onnx;

import io.zikos.api.BackendOptions;
import io.zikos.api.LlmBackend;
import io.zikos.api.LlmBackendProvider;
import io.zikos.api.ModelFamily;
import io.zikos.api.ModelLoadException;
import io.zikos.api.ModelSpec;
import io.zikos.core.generate.LocalBackends;
import java.nio.file.Path;
import java.util.Set;

/**
 * Audio Flamingo 3 / Music Flamingo exported by {@code tools/export/export_model.py} (audio encoder + token embedding
 * + decoder), on ONNX Runtime. Audio features come from zikos-dsp's {@code music-flamingo-features} preprocessor.
 */
public final class OnnxMusicFlamingoProvider implements LlmBackendProvider {

    @Override
    public String name() {
        return "onnx-music-flamingo";
    }

    @Override
    public String engine() {
        return OnnxCausalLmProvider.ENGINE;
    }

    @Override
    public Set<ModelFamily> families() {
        return Set.of(ModelFamily.AUDIO_FLAMINGO_3, ModelFamily.MUSIC_FLAMINGO);
    }

    @Override
    public boolean supports(ModelSpec spec) {
        return LlmBackendProvider.super.supports(spec) && OnnxModelFiles.looksLoadable(spec.directory());
    }

    @Override
    public LlmBackend create(ModelSpec spec, BackendOptions options) {
        Path dir = spec.localDirectory().orElseThrow(() -> new ModelLoadException(
                "the ONNX backend runs local model directories; " + spec.reference() + " is not one"));
        OnnxModelFiles files = OnnxModelFiles.locate(dir);
        if (!files.isAudioModel()) {
            throw new ModelLoadException(dir + " has no audio encoder (" + OnnxModelFiles.AUDIO_ENCODER_NAMES
                    + "): export the Music Flamingo checkpoint with tools/export/export_model.py --format onnx");
        }
        return LocalBackends.audio(OnnxAudioLanguageModel.load(files, options), files.root(), spec, engine());
    }
}

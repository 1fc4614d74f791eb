package io.zikos.backend.onnx;

import io.zikos.api.BackendOptions;
import io.zikos.core.generate.CausalLm;
import io.zikos.core.generate.CausalLmProvider;
import java.nio.file.Path;
import java.util.Optional;

/** Loads exported decoders (and audio-language models) on ONNX Runtime for engine-neutral tools. */
public final class OnnxCausalLmProvider implements CausalLmProvider {

    /** The engine name this module registers under. */
    public static final String ENGINE = "onnx";

    @Override
    public String engine() {
        return ENGINE;
    }

    @Override
    public boolean canLoad(Path modelDirectory) {
        return OnnxModelFiles.looksLoadable(modelDirectory);
    }

    @Override
    public CausalLm load(Path modelDirectory, BackendOptions options) {
        return OnnxModels.load(modelDirectory, options);
    }

    @Override
    public Path configDirectory(Path modelDirectory) {
        return OnnxModelFiles.locate(modelDirectory).root();
    }

    /** From the file names: nothing is loaded. */
    @Override
    public Optional<Boolean> isAudioModel(Path modelDirectory) {
        return Optional.of(OnnxModelFiles.locate(modelDirectory).isAudioModel());
    }

    @Override
    public String exportHint() {
        return OnnxModelFiles.EXPORT_HINT;
    }
}

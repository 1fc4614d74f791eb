package io.zikos.backend.onnx;

import io.zikos.api.BackendOptions;
import io.zikos.core.generate.CausalLm;
import java.nio.file.Path;

/** Entry points for loading exported models on ONNX Runtime. */
public final class OnnxModels {

    private OnnxModels() {
    }

    /** Loads a directory: an {@link OnnxAudioLanguageModel} for the audio layout, else an {@link OnnxDecoder}. */
    public static CausalLm load(Path dir, BackendOptions options) {
        OnnxModelFiles files = OnnxModelFiles.locate(dir);
        return files.isAudioModel() ? OnnxAudioLanguageModel.load(files, options) : loadDecoder(files, options);
    }

    /** Loads a text decoder. */
    public static OnnxDecoder loadDecoder(Path dir, BackendOptions options) {
        return loadDecoder(OnnxModelFiles.locate(dir), options);
    }

    static OnnxDecoder loadDecoder(OnnxModelFiles files, BackendOptions options) {
        Path file = files.decoder(options);
        return new OnnxDecoder(OnnxSessions.open(file, options), file, files.kvHeads(), files.headDim(), null);
    }
}

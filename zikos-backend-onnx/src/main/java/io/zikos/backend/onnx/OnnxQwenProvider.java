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

/** Qwen2.5 / Qwen3 instruct models exported to ONNX, on ONNX Runtime (CUDA when it loads, else CPU). */
public final class OnnxQwenProvider implements LlmBackendProvider {

    @Override
    public String name() {
        return "onnx-qwen";
    }

    @Override
    public String engine() {
        return OnnxCausalLmProvider.ENGINE;
    }

    @Override
    public Set<ModelFamily> families() {
        return Set.of(ModelFamily.QWEN2, ModelFamily.QWEN3);
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
        return LocalBackends.chat(OnnxModels.loadDecoder(files, options), files.root(), spec, engine());
    }
}

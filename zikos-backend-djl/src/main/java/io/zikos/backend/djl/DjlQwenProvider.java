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
 * Qwen2.5 / Qwen3 instruct models exported to TorchScript, on DJL's PyTorch engine (engine {@code "djl"}). The chat
 * backend itself (prompt format, tokenizer, generation loop, tool calls, thinking) is the engine-neutral one from core;
 * this provider only supplies the DJL model.
 *
 * <p>Rank -1: when both engines are installed and the host names none, ONNX Runtime (the usual server choice) wins;
 * {@code BackendOptions.engine("djl")} or {@code -Dzikos.engine=djl} selects this one.
 */
public final class DjlQwenProvider implements LlmBackendProvider {

    @Override
    public String name() {
        return "djl-qwen";
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
        return Set.of(ModelFamily.QWEN2, ModelFamily.QWEN3);
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
        if (model instanceof AudioLanguageModel) {
            model.close();
            throw new ModelLoadException(dir + " holds an audio-language export; load it as Music Flamingo / AF3");
        }
        return LocalBackends.chat(model, root, spec, engine());
    }
}

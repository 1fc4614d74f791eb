package io.zikos.backend.djl;

import io.zikos.api.BackendOptions;
import io.zikos.core.generate.CausalLm;
import io.zikos.core.generate.CausalLmProvider;
import java.nio.file.Path;
import java.util.Optional;

/** Loads TorchScript exports on DJL's PyTorch engine for engine-neutral tools ({@code zikos generate --engine djl}). */
public final class DjlCausalLmProvider implements CausalLmProvider {

    /** The engine name this module registers under. */
    public static final String ENGINE = "djl";

    @Override
    public String engine() {
        return ENGINE;
    }

    @Override
    public boolean canLoad(Path modelDirectory) {
        return DjlModels.looksLoadable(modelDirectory);
    }

    @Override
    public CausalLm load(Path modelDirectory, BackendOptions options) {
        return DjlModels.load(modelDirectory, options);
    }

    @Override
    public Path configDirectory(Path modelDirectory) {
        return DjlModels.configDirectory(modelDirectory);
    }

    /** From the file names and the small {@code zikos_export.json}: no module is loaded. */
    @Override
    public Optional<Boolean> isAudioModel(Path modelDirectory) {
        return Optional.of(DjlModelFiles.locate(modelDirectory).isAudioModel());
    }

    @Override
    public String exportHint() {
        return DjlModelFiles.EXPORT_HINT;
    }
}

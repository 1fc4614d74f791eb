package io.zikos.core.generate;

import io.zikos.api.BackendOptions;
import io.zikos.api.ModelLoadException;
import java.nio.file.Path;

/**
 * Engine-neutral service-provider interface for loading a raw {@link CausalLm} from a model directory, discovered with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.zikos.core.generate.CausalLmProvider}). Used by tools
 * that work on token ids (the {@code zikos generate} command, benchmarks, reference checks) and by an engine's own
 * {@link io.zikos.api.LlmBackendProvider}s. Construction must be cheap.
 */
public interface CausalLmProvider {

    /** The engine, as in {@link io.zikos.api.LlmBackendProvider#engine()}: "onnx", "djl". */
    String engine();

    /** Whether the directory holds files this engine can load (cheap: looks at file names only). */
    boolean canLoad(Path modelDirectory);

    /**
     * Loads the model. For an audio-language model directory the result is an {@link AudioLanguageModel}.
     *
     * @throws ModelLoadException naming the missing or malformed file and how to produce it
     */
    CausalLm load(Path modelDirectory, BackendOptions options);

    /**
     * The directory with {@code config.json} and the tokenizer for a model directory this engine loads (the export
     * may sit in a subdirectory of it). The default: the model directory itself.
     */
    default Path configDirectory(Path modelDirectory) {
        return modelDirectory;
    }

    /** How to produce what this engine loads, for error messages (e.g. the export command). */
    String exportHint();
}

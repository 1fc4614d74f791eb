package io.zikos.core.generate;

import io.zikos.api.BackendOptions;
import io.zikos.api.ModelLoadException;
import java.nio.file.Path;
import java.util.Optional;

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

    /**
     * Whether the directory holds an audio-language export (audio encoder, token embedding and decoder) rather than a
     * text decoder, told cheaply from its files so that a {@link LocalModelProvider} refuses the wrong kind before
     * {@link #load} puts a whole decoder in memory (possibly on a GPU). Empty when the engine cannot tell without
     * loading; the default, so that an engine written before this method still works: the model is then loaded and
     * its kind checked afterwards.
     *
     * @throws ModelLoadException when the directory holds nothing this engine can load, as {@link #load} would
     */
    default Optional<Boolean> isAudioModel(Path modelDirectory) {
        return Optional.empty();
    }

    /**
     * How to produce what this engine loads, for error messages (e.g. the export command). The default points at the
     * project's export tool in general, so that an engine written before this method still compiles; an engine
     * should override it with its own command (the ONNX and DJL engines add their {@code --format}).
     */
    default String exportHint() {
        return "export it with: python tools/export/export_model.py --from HF_DIR --to OUT_DIR --format FORMAT "
                + "(the formats are listed in tools/export/README.md)";
    }
}

package io.zikos.api;

/**
 * Service-provider interface for model backends, discovered with {@link java.util.ServiceLoader}
 * (list implementations in {@code META-INF/services/io.zikos.api.LlmBackendProvider}).
 * Constructing a provider must be cheap: load nothing until {@link #create}.
 */
public interface LlmBackendProvider {

    /** A short unique name, e.g. "onnx-qwen". */
    String name();

    /** The engine this provider runs on: "onnx", "djl", "remote" ... (matched against the engine preference). */
    String engine();

    /** Breaks ties between providers that all support a spec: higher wins. */
    default int rank() {
        return 0;
    }

    /** The model families this provider can run (used in "nothing fits" errors). */
    java.util.Set<ModelFamily> families();

    /** Whether this provider can run the model. The default: a local directory of a supported family. */
    default boolean supports(ModelSpec spec) {
        return spec.localDirectory().isPresent() && spec.modelFamily().map(families()::contains).orElse(false);
    }

    /**
     * Loads the model.
     *
     * @throws ModelLoadException with a message saying which file is missing or wrong and how to produce it
     */
    LlmBackend create(ModelSpec spec, BackendOptions options);
}

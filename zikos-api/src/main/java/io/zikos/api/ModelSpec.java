package io.zikos.api;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A model as the factory resolved it: what the user asked for, where it is, and which family it belongs to.
 *
 * @param reference what the user passed ("Qwen/Qwen2.5-7B-Instruct", "/models/mf", "http://gpu:8000/v1")
 * @param directory the local model directory, or {@code null}
 * @param endpoint  a remote server, or {@code null}
 * @param modelType {@code model_type} from the directory's {@code config.json}, or {@code null}
 * @param family    the recognised family, or {@code null} when unknown
 */
public record ModelSpec(String reference, Path directory, URI endpoint, String modelType, ModelFamily family) {
    public ModelSpec {
        Objects.requireNonNull(reference, "reference");
    }

    public Optional<Path> localDirectory() {
        return Optional.ofNullable(directory);
    }

    public Optional<URI> remoteEndpoint() {
        return Optional.ofNullable(endpoint);
    }

    public Optional<ModelFamily> modelFamily() {
        return Optional.ofNullable(family);
    }
}

package io.zikos.core;

import io.zikos.api.BackendOptions;
import io.zikos.api.LlmBackend;
import io.zikos.api.LlmBackendProvider;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Creates backends from whatever providers are on the classpath. Swapping engines is a classpath (or
 * {@code zikos.engine} property) change: host code stays {@code Backends.create(model)}.
 *
 * <pre>{@code
 * try (LlmBackend qwen = Backends.create("/models/qwen2.5-7b-onnx")) { ... }
 * }</pre>
 */
public final class Backends {

    private Backends() {
    }

    /** Creates a backend with default options (engine from {@code zikos.engine} if set). */
    public static LlmBackend create(String model) {
        return create(model, BackendOptions.defaults());
    }

    public static LlmBackend create(String model, BackendOptions options) {
        return factory().create(model, options);
    }

    /** A factory over the providers found by {@link ServiceLoader} now (discovery is repeated on each call). */
    public static BackendFactory factory() {
        return new BackendFactory(installedProviders());
    }

    /** Providers on the classpath. Constructing them is cheap by contract; nothing is loaded yet. */
    public static List<LlmBackendProvider> installedProviders() {
        return ServiceLoader.load(LlmBackendProvider.class).stream().map(ServiceLoader.Provider::get).toList();
    }
}

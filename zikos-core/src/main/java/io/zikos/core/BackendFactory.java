package io.zikos.core;

import io.zikos.api.BackendOptions;
import io.zikos.api.LlmBackend;
import io.zikos.api.LlmBackendProvider;
import io.zikos.api.ModelLoadException;
import io.zikos.api.ModelSpec;
import io.zikos.core.generate.LocalModelProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the {@link LlmBackendProvider} for a model and creates the backend: by the model's family (from its id or
 * its directory's {@code config.json}), by engine preference, then by rank. {@link Backends} is the usual entry
 * point; construct one directly to choose the providers yourself (tests, hosts with their own class loading).
 */
public final class BackendFactory {

    private static final Logger LOG = LoggerFactory.getLogger(BackendFactory.class);

    private final List<LlmBackendProvider> providers;

    public BackendFactory(List<LlmBackendProvider> providers) {
        this.providers = List.copyOf(Objects.requireNonNull(providers, "providers"));
    }

    public List<LlmBackendProvider> providers() {
        return providers;
    }

    /** Resolves {@code model} and creates its backend. */
    public LlmBackend create(String model, BackendOptions options) {
        return create(ModelSpecResolver.resolve(model), options);
    }

    public LlmBackend create(ModelSpec spec, BackendOptions options) {
        BackendOptions opts = options == null ? BackendOptions.defaults() : options;
        LlmBackendProvider provider = choose(spec, opts);
        LOG.info("loading {} with provider {} (engine {}, device {})", loggable(spec), provider.name(),
                provider.engine(), opts.device());
        return provider.create(spec, opts);
    }

    /** The provider that {@link #create} would use. */
    public LlmBackendProvider choose(ModelSpec spec, BackendOptions options) {
        List<LlmBackendProvider> fitting = providers.stream().filter(p -> p.supports(spec)).toList();
        var engine = options.preferredEngine().map(e -> e.toLowerCase(Locale.ROOT));
        List<LlmBackendProvider> candidates = engine
                .map(e -> fitting.stream().filter(p -> p.engine().equalsIgnoreCase(e)).toList())
                .orElse(fitting);
        if (candidates.isEmpty()) {
            throw new ModelLoadException(nothingFits(spec, engine.orElse(null), fitting));
        }
        return candidates.stream().max(Comparator.comparingInt(LlmBackendProvider::rank)).orElseThrow();
    }

    /** The model reference without URL credentials or query strings, which may carry keys. */
    static String loggable(ModelSpec spec) {
        return spec.remoteEndpoint()
                .map(u -> u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
                        + (u.getPath() == null ? "" : u.getPath()))
                .orElse(spec.reference());
    }

    private String nothingFits(ModelSpec spec, String engine, List<LlmBackendProvider> fitting) {
        StringBuilder msg = new StringBuilder("no installed backend can run '").append(loggable(spec)).append("'");
        spec.modelFamily().ifPresentOrElse(
                f -> msg.append(" (family ").append(f).append(")"),
                () -> msg.append(" (unrecognised model type")
                        .append(spec.modelType() == null ? "" : " '" + spec.modelType() + "'")
                        .append("; supported: qwen2, qwen3, audioflamingo3, musicflamingo)"));
        if (engine != null && !fitting.isEmpty()) {
            msg.append(" on engine '").append(engine).append("'; it could run on: ")
                    .append(fitting.stream().map(LlmBackendProvider::engine).distinct()
                            .collect(Collectors.joining(", ")));
        }
        msg.append(".\nInstalled providers: ");
        msg.append(providers.isEmpty() ? "none" : providers.stream()
                .map(p -> p.name() + " [engine " + p.engine() + ", " + p.families() + "]")
                .collect(Collectors.joining("; ")));
        msg.append(".\n");
        if (spec.localDirectory().isEmpty() && spec.remoteEndpoint().isEmpty()) {
            msg.append("'").append(loggable(spec)).append("' is neither a local directory nor a URL: Zikos never "
                    + "downloads weights. Export the checkpoint with tools/export/export_model.py and pass the "
                    + "directory, or pass the URL of an OpenAI-compatible server.");
        } else if (spec.remoteEndpoint().isPresent()) {
            msg.append("Add io.zikos:zikos-backend-remote to the classpath to talk to servers.");
        } else {
            // Only in-process engines count: the remote provider lists every family, yet it never runs a local
            // directory, so counting it would send a user with only zikos-backend-remote off to re-export.
            List<LocalModelProvider> serving = providers.stream()
                    .filter(LocalModelProvider.class::isInstance).map(LocalModelProvider.class::cast)
                    .filter(p -> engine == null || p.engine().equalsIgnoreCase(engine))
                    .filter(p -> spec.modelFamily().map(f -> p.families().contains(f)).orElse(false))
                    .toList();
            if (serving.isEmpty()) {
                msg.append("Add io.zikos:zikos-backend-onnx or io.zikos:zikos-backend-djl to the classpath"
                        + (engine == null ? "" : ", or drop the engine preference (zikos.engine)") + ".");
            } else {
                // The family is served, so what is missing are the files: say what the directory holds instead,
                // and how each serving engine's export is made (its own hint, so a new engine needs no edit here).
                msg.append(engine == null ? "No installed engine finds" : "The " + engine + " engine finds")
                        .append(" model files it can load in ")
                        .append(spec.localDirectory().get()).append(" (it holds: ")
                        .append(listing(spec.localDirectory().get())).append("). ")
                        .append(serving.stream().map(p -> "For the " + p.engine() + " engine, " + p.exportHint())
                                .distinct().collect(Collectors.joining(". ")))
                        .append(". Then pass the directory it writes.");
            }
        }
        return msg.toString();
    }

    /** The first few names in a directory, for an error message. */
    private static String listing(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(f -> f.getFileName() + (Files.isDirectory(f) ? "/" : "")).sorted()
                    .toList();
            if (names.isEmpty()) {
                return "nothing";
            }
            return names.size() <= 12 ? String.join(", ", names)
                    : String.join(", ", names.subList(0, 12)) + ", ... " + (names.size() - 12) + " more";
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}

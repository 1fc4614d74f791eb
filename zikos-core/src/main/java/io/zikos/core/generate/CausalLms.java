package io.zikos.core.generate;

import io.zikos.api.BackendOptions;
import io.zikos.api.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds a {@link CausalLmProvider} on the class path and loads a model directory with it. */
public final class CausalLms {

    private CausalLms() {
    }

    /** Every provider on the class path of this class's loader. */
    public static List<CausalLmProvider> providers() {
        List<CausalLmProvider> list = new ArrayList<>();
        ServiceLoader.load(CausalLmProvider.class, CausalLms.class.getClassLoader()).forEach(list::add);
        return list;
    }

    /**
     * Loads {@code modelDirectory} with the engine named in {@code options} (or the {@code zikos.engine} property),
     * else the first provider that can load it.
     */
    public static CausalLm load(Path modelDirectory, BackendOptions options) {
        if (!Files.isDirectory(modelDirectory)) {
            throw new ModelLoadException("model directory not found: " + modelDirectory
                    + " (export one with tools/export/export_model.py)");
        }
        List<CausalLmProvider> all = providers();
        String engine = options.preferredEngine().orElse(null);
        List<String> engines = new ArrayList<>();
        for (CausalLmProvider p : all) {
            engines.add(p.engine());
            if (engine != null && !p.engine().equalsIgnoreCase(engine)) {
                continue;
            }
            if (engine != null || p.canLoad(modelDirectory)) {
                return p.load(modelDirectory, options);
            }
        }
        if (engine != null) {
            throw new ModelLoadException("no '" + engine + "' engine on the class path (found: " + engines
                    + "); add zikos-backend-" + engine + " as a dependency");
        }
        throw new ModelLoadException(all.isEmpty()
                ? "no engine on the class path: add zikos-backend-onnx or zikos-backend-djl as a dependency"
                : "no engine " + engines + " recognises the files in " + modelDirectory
                        + " (export the model with tools/export/export_model.py)");
    }
}

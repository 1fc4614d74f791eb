package io.zikos.backend.djl;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import io.zikos.api.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TorchScript file loaded on a device, callable from many threads at once.
 *
 * <p>Why not a {@code Predictor}: a predictor adds a translator and batching layer we do not need, and the KV cache
 * must stay as native tensors between calls. TorchScript's {@code Module::get_method(...)(inputs)} is safe to call
 * concurrently for inference (the module is in eval mode and DJL runs it under {@code c10::InferenceMode}), so the
 * module is shared and each caller passes inputs created in its own {@link ai.djl.ndarray.NDManager}; the outputs land
 * in the manager of the first input, so nothing a call produces outlives the caller's manager.
 */
final class TorchScriptModule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TorchScriptModule.class);

    private final Path file;
    private final Model model;
    private final PtSymbolBlock block;
    private final ai.djl.Device device;
    private final boolean graphOptimizer;
    private final int intraOpThreads;

    /** The intra-op thread count last applied on this thread (libtorch's OpenMP setting is per thread). */
    private static final ThreadLocal<Integer> APPLIED_THREADS = ThreadLocal.withInitial(() -> 0);

    private TorchScriptModule(Path file, Model model, PtSymbolBlock block, ai.djl.Device device,
                              boolean graphOptimizer, int intraOpThreads) {
        this.file = file;
        this.model = model;
        this.block = block;
        this.device = device;
        this.graphOptimizer = graphOptimizer;
        this.intraOpThreads = intraOpThreads;
    }

    /**
     * Loads a TorchScript file onto a device ({@code map_location} = that device, so weights go straight there).
     *
     * @param graphOptimizer whether TorchScript's profiling graph executor may specialise the graph; off by default
     *                       for decoders, whose sequence length changes on every call and would keep invalidating
     *                       the specialised graph
     * @param intraOpThreads threads for one operator (libtorch's intra-op pool), 0 for libtorch's default (the
     *                       physical cores)
     * @throws ModelLoadException when the file is missing or is not a TorchScript archive
     */
    static TorchScriptModule load(Path file, ai.djl.Device device, boolean graphOptimizer, int intraOpThreads) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("TorchScript file not found: " + file
                    + ". " + DjlModelFiles.EXPORT_HINT);
        }
        DjlRuntime.engine();
        Model model = Model.newInstance(file.getFileName().toString(), device, DjlRuntime.ENGINE_NAME);
        try {
            model.load(file.getParent(), file.getFileName().toString(), Map.of("mapLocation", "true"));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ModelLoadException("Cannot load TorchScript file " + file + " with DJL's PyTorch engine: "
                    + e.getMessage() + ". Is it a torch.jit.save archive from tools/export/export_model.py "
                    + "--format torchscript (and not truncated)?", e);
        }
        if (!(model.getBlock() instanceof PtSymbolBlock block)) {
            model.close();
            throw new ModelLoadException("DJL did not load " + file + " as a TorchScript module");
        }
        LOG.debug("Loaded {} on {}", file, device);
        return new TorchScriptModule(file, model, block, device, graphOptimizer, intraOpThreads);
    }

    /**
     * Runs {@code forward}. The outputs, flattened from tuples, belong to the manager of {@code inputs.get(0)}.
     *
     * @throws IllegalStateException when the module rejects the inputs (wrong count, shape or dtype)
     */
    NDList forward(NDList inputs) {
        // Thread-local switches: set them on whichever thread runs this call.
        JniUtils.setGraphExecutorOptimize(graphOptimizer);
        if (intraOpThreads > 0 && APPLIED_THREADS.get() != intraOpThreads) {
            JniUtils.setNumThreads(intraOpThreads);
            APPLIED_THREADS.set(intraOpThreads);
        }
        try {
            return IValueUtils.forward(block, inputs, false);
        } catch (RuntimeException e) {
            throw new IllegalStateException("TorchScript " + file.getFileName() + " failed: " + e.getMessage(), e);
        }
    }

    ai.djl.Device device() {
        return device;
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        model.close();
    }
}

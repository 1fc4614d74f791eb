package io.zikos.backend.djl;

import io.zikos.api.BackendOptions;
import io.zikos.api.ModelLoadException;
import io.zikos.core.generate.CausalLm;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry points for loading TorchScript exports on DJL's PyTorch engine.
 *
 * <p>Settings read from {@link BackendOptions#settings()}: {@code intraOpThreads} (threads per operator; default:
 * libtorch's, the physical cores) and {@code graphOptimizer} ({@code true}/{@code false}, default false:
 * TorchScript's profiling executor re-specialises on every new sequence length, which a decoder hits on every step).
 */
public final class DjlModels {

    private static final Logger LOG = LoggerFactory.getLogger(DjlModels.class);

    private DjlModels() {
    }

    /** Whether {@code dir} looks like a TorchScript export (file names only). */
    public static boolean looksLoadable(Path dir) {
        return DjlModelFiles.looksLoadable(dir);
    }

    /**
     * Loads a directory: an {@link io.zikos.core.generate.AudioLanguageModel} for the audio layout, else a text
     * decoder. The device follows {@link BackendOptions#device()} (AUTO: CUDA when the natives see a GPU).
     *
     * @throws ModelLoadException naming the missing or malformed file
     */
    public static CausalLm load(Path dir, BackendOptions options) {
        DjlModelFiles files = DjlModelFiles.locate(dir);
        ai.djl.Device device = DjlRuntime.resolveDevice(options.device());
        boolean optimize = options.setting("graphOptimizer").map(Boolean::parseBoolean).orElse(false);
        int threads = intraOpThreads(options);
        try {
            return load(files, device, optimize, threads);
        } catch (ModelLoadException e) {
            if (options.device() != io.zikos.api.Device.AUTO || !device.isGpu()) {
                throw e;
            }
            // AUTO promises CUDA when it works and the CPU otherwise: a GPU that cannot take the model is not fatal.
            LOG.warn("Loading on {} failed ({}); falling back to the CPU", device, e.getMessage());
            return load(files, ai.djl.Device.cpu(), optimize, threads);
        }
    }

    private static CausalLm load(DjlModelFiles files, ai.djl.Device device, boolean optimize, int threads) {
        if (files.dims().half() && !device.isGpu()) {
            LOG.warn("{} is a float16 export running on the CPU: expect it to be slow; export fp32 for CPU",
                    files.tsDir());
        }
        LOG.info("Loading TorchScript model {} ({} layers, hidden {}, vocab {}) on {}", files.tsDir(),
                files.dims().numLayers(), files.dims().hiddenSize(), files.dims().vocabSize(), device);
        if (!files.isAudioModel()) {
            TorchScriptModule decoder = TorchScriptModule.load(files.decoder(), device, optimize, threads);
            return new DjlDecoder(decoder, null, files.dims());
        }
        TorchScriptModule encoder = null;
        TorchScriptModule embed = null;
        TorchScriptModule decoder = null;
        try {
            encoder = TorchScriptModule.load(files.file(DjlModelFiles.AUDIO_ENCODER), device, optimize, threads);
            embed = TorchScriptModule.load(files.file(DjlModelFiles.EMBED), device, optimize, threads);
            decoder = TorchScriptModule.load(files.decoder(), device, optimize, threads);
            return new DjlAudioLanguageModel(new DjlDecoder(decoder, embed, files.dims()), encoder,
                    files.dims().windowIndex());
        } catch (RuntimeException e) {
            for (TorchScriptModule m : new TorchScriptModule[] {encoder, embed, decoder}) {
                if (m != null) {
                    m.close();
                }
            }
            throw e;
        }
    }

    private static int intraOpThreads(BackendOptions options) {
        String value = options.setting("intraOpThreads").orElse(null);
        if (value == null) {
            return 0;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < 1) {
                throw new NumberFormatException("must be positive");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ModelLoadException("setting intraOpThreads=" + value + " is not a positive integer");
        }
    }

    /** The directory that holds {@code config.json} and the tokenizer for a model directory. */
    public static Path configDirectory(Path dir) {
        return DjlModelFiles.locate(dir).root();
    }
}

package io.zikos.backend.djl;

import ai.djl.engine.Engine;
import io.zikos.api.Device;
import io.zikos.api.ModelLoadException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DJL's PyTorch engine, set up to run fully offline with a stable native cache, and the device choice.
 *
 * <p>DJL reads its settings (offline mode, cache directories, default engine) the first time the engine class loads;
 * {@link #engine()} therefore fills in sane defaults before touching any DJL engine class, and never overrides what
 * the host already set through environment variables or system properties:
 * <ul>
 *   <li>{@code ai.djl.offline=true}: never try to download libtorch (the CPU natives come from Maven Central's
 *       {@code pytorch-native-cpu} jar on the classpath; CUDA builds use the host's libtorch named by
 *       {@code PYTORCH_LIBRARY_PATH}, for which the matching {@code PYTORCH_FLAVOR} is set);</li>
 *   <li>{@code ai.djl.default_engine=PyTorch};</li>
 *   <li>{@code DJL_CACHE_DIR} and {@code ENGINE_CACHE_DIR} under {@code ~/.cache/zikos} (or the {@code zikos.cache.dir}
 *       system property): libtorch unpacks to about 430 MB there once, instead of into {@code ~/.djl.ai} or a build
 *       directory that a clean would wipe.</li>
 * </ul>
 */
public final class DjlRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(DjlRuntime.class);

    /** DJL's name for the PyTorch engine. */
    public static final String ENGINE_NAME = "PyTorch";

    private static volatile Engine engine;

    private DjlRuntime() {
    }

    /**
     * Sets DJL's offline mode, default engine and cache directories unless the host already chose them. Idempotent;
     * has an effect only before DJL's engine first loads.
     */
    public static synchronized void configureDefaults() {
        Path base = Paths.get(System.getProperty("zikos.cache.dir",
                Paths.get(System.getProperty("user.home"), ".cache", "zikos").toString()));
        if (System.getenv("DJL_OFFLINE") == null) {
            setIfAbsent("ai.djl.offline", "true");
        }
        setIfAbsent("ai.djl.default_engine", ENGINE_NAME);
        setEnvOrPropertyIfAbsent("DJL_CACHE_DIR", base.resolve("djl").toString());
        setEnvOrPropertyIfAbsent("ENGINE_CACHE_DIR", base.resolve("djl-engine").toString());
        String libtorch = envOrProperty("PYTORCH_LIBRARY_PATH");
        if (libtorch != null && envOrProperty("PYTORCH_FLAVOR") == null) {
            // A libtorch of the host's own (the CUDA route, see -Dzikos.cuda): pytorch-jni 2.7.1-0.36.0 carries JNI
            // glue for the "cpu" and "cu128" flavours only, while DJL would otherwise guess "cu<version>-precxx11".
            boolean cuda = java.util.Arrays.stream(libtorch.split(java.io.File.pathSeparator))
                    .anyMatch(d -> java.nio.file.Files.exists(Paths.get(d, "libtorch_cuda.so")));
            System.setProperty("PYTORCH_FLAVOR", cuda ? "cu128" : "cpu");
            LOG.info("Using libtorch from PYTORCH_LIBRARY_PATH={} (flavour {})", libtorch, cuda ? "cu128" : "cpu");
        }
    }

    private static String envOrProperty(String key) {
        String env = System.getenv(key);
        if (env != null && !env.isEmpty()) {
            return env;
        }
        String prop = System.getProperty(key);
        return prop == null || prop.isEmpty() ? null : prop;
    }

    /**
     * The PyTorch engine, loaded on first use (this unpacks libtorch into the cache the first time on a machine).
     *
     * @throws ModelLoadException when the natives cannot be found or loaded, saying which artifacts to add
     */
    public static Engine engine() {
        Engine e = engine;
        if (e != null) {
            return e;
        }
        synchronized (DjlRuntime.class) {
            if (engine == null) {
                configureDefaults();
                try {
                    engine = Engine.getEngine(ENGINE_NAME);
                } catch (RuntimeException | LinkageError ex) {
                    throw new ModelLoadException("DJL's PyTorch engine could not start: " + ex.getMessage()
                            + ". Put ai.djl.pytorch:pytorch-engine, ai.djl.pytorch:pytorch-jni and a native flavour "
                            + "on the classpath (pytorch-native-cpu 2.7.1, classifier linux-x86_64), or, for CUDA "
                            + "(-Dzikos.cuda builds), point PYTORCH_LIBRARY_PATH at a CUDA 12.8 libtorch 2.7.1; with "
                            + "ai.djl.offline=true nothing is downloaded. Native cache: "
                            + envOrProperty("ENGINE_CACHE_DIR"), ex);
                }
                LOG.info("DJL {} engine {} loaded (offline={}, engine cache {})", ENGINE_NAME, engine.getVersion(),
                        ai.djl.util.Utils.isOfflineMode(), ai.djl.util.Utils.getEngineCacheDir());
            }
            return engine;
        }
    }

    /**
     * Maps the requested device to a DJL device and logs the choice: AUTO takes the first GPU when the loaded
     * natives can see one and the CPU otherwise; CUDA fails when there is none.
     *
     * @throws ModelLoadException when CUDA was required but is not available
     */
    public static ai.djl.Device resolveDevice(Device requested) {
        Engine e = engine();
        int gpus = e.getGpuCount();
        Device wanted = requested == null ? Device.AUTO : requested;
        ai.djl.Device chosen;
        switch (wanted) {
            case CPU -> chosen = ai.djl.Device.cpu();
            case CUDA -> {
                if (gpus == 0) {
                    throw new ModelLoadException("Device CUDA was requested but DJL's PyTorch engine sees no GPU. "
                            + "Build with -Dzikos.cuda and set PYTORCH_LIBRARY_PATH to a CUDA 12.8 libtorch 2.7.1 on "
                            + "a machine with an NVIDIA driver, or ask for Device.AUTO / CPU.");
                }
                chosen = ai.djl.Device.gpu();
            }
            default -> chosen = gpus > 0 ? ai.djl.Device.gpu() : ai.djl.Device.cpu();
        }
        if (wanted == Device.AUTO && gpus == 0) {
            LOG.info("DJL device: CPU (no CUDA device visible to the PyTorch natives on the classpath)");
        } else {
            LOG.info("DJL device: {} (requested {}, {} GPU(s) visible)", chosen, wanted, gpus);
        }
        return chosen;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** DJL reads these names from the environment first and system properties second. */
    private static void setEnvOrPropertyIfAbsent(String key, String value) {
        String env = System.getenv(key);
        if ((env == null || env.isEmpty()) && System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}

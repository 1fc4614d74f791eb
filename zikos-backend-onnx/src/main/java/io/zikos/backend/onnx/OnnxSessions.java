package io.zikos.backend.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.zikos.api.BackendOptions;
import io.zikos.api.Device;
import io.zikos.api.ModelLoadException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates ONNX Runtime sessions with the execution provider the options ask for: CUDA for {@link Device#CUDA}
 * (or fail), CUDA-then-CPU for {@link Device#AUTO} (the fallback is logged), CPU for {@link Device#CPU}.
 * Settings: {@code intraOpThreads}, {@code interOpThreads} (ONNX Runtime's defaults when absent), {@code cudaDevice}.
 */
final class OnnxSessions {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxSessions.class);

    private OnnxSessions() {
    }

    /** Native stack for the thread that creates ONNX Runtime's environment (see {@link #environment()}). */
    static final long ENVIRONMENT_STACK_BYTES = 64L * 1024 * 1024;

    private static volatile OrtEnvironment environment;

    /**
     * ONNX Runtime's process-wide environment. Creating it recurses several thousand native frames deep (measured:
     * ~5,800 inside {@code OrtEnvironment.createHandle}), more than a JVM thread's default 1 MB stack holds once the
     * caller's own frames are counted: the JVM died with SIGSEGV and no error report when the first model was loaded
     * from the CLI's main thread. So it is created once on a thread with a large stack, whatever thread asks first.
     */
    static OrtEnvironment environment() {
        OrtEnvironment env = environment;
        if (env != null) {
            return env;
        }
        synchronized (OnnxSessions.class) {
            if (environment == null) {
                java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
                Thread init = new Thread(null, () -> {
                    try {
                        environment = OrtEnvironment.getEnvironment();
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                }, "zikos-ort-environment", ENVIRONMENT_STACK_BYTES);
                init.start();
                boolean interrupted = false;
                while (true) {
                    try {
                        init.join();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                if (failure.get() != null) {
                    throw new ModelLoadException("ONNX Runtime could not start: " + failure.get(), failure.get());
                }
            }
            return environment;
        }
    }

    /** A session and whether it runs on CUDA. */
    record Opened(OrtSession session, boolean cuda) {
    }

    static Opened open(Path file, BackendOptions options) {
        Device device = options.device();
        if (device != Device.CPU) {
            try (OrtSession.SessionOptions so = baseOptions(options)) {
                int gpu = Integer.parseInt(options.setting("cudaDevice").orElse("0"));
                so.addCUDA(gpu);
                OrtSession session = environment().createSession(file.toString(), so);
                LOG.info("ONNX Runtime: {} on CUDA device {}", file.getFileName(), gpu);
                return new Opened(session, true);
            } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                if (device == Device.CUDA) {
                    throw new ModelLoadException("CUDA was requested but ONNX Runtime could not use it for " + file
                            + ": " + e.getMessage() + " (build with -Pcuda to get onnxruntime_gpu, and install CUDA 12"
                            + " + cuDNN 9; or use Device.CPU)", e);
                }
                LOG.info("ONNX Runtime: CUDA unavailable ({}); running {} on CPU", firstLine(e.getMessage()),
                        file.getFileName());
            }
        }
        try (OrtSession.SessionOptions so = baseOptions(options)) {
            return new Opened(environment().createSession(file.toString(), so), false);
        } catch (OrtException e) {
            throw new ModelLoadException("ONNX Runtime could not load " + file + ": " + e.getMessage()
                    + " (the file may be truncated or not an ONNX model; re-export it with"
                    + " tools/export/export_model.py --format onnx)", e);
        }
    }

    private static OrtSession.SessionOptions baseOptions(BackendOptions options) throws OrtException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        var intra = options.setting("intraOpThreads");
        if (intra.isPresent()) {
            so.setIntraOpNumThreads(Integer.parseInt(intra.get()));
        }
        var inter = options.setting("interOpThreads");
        if (inter.isPresent()) {
            so.setInterOpNumThreads(Integer.parseInt(inter.get()));
        }
        return so;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

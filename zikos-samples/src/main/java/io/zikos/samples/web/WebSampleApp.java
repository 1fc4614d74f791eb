package io.zikos.samples.web;

import io.zikos.api.BackendOptions;
import io.zikos.api.ZikosException;
import io.zikos.api.LlmBackend;
import io.zikos.core.Backends;
import io.zikos.core.coach.PracticeCoach;
import io.zikos.core.store.FileAudioStore;
import io.zikos.samples.cli.ModelArgs;
import io.zikos.samples.cli.ZikosCli;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The web sample host app: record in the browser or upload a file, see the visual practice report, and chat with the
 * coach with streamed replies. Run {@code zikos web} (or this class' {@code main}) and open the printed URL.
 *
 * <pre>
 * zikos web [--port 8080] [--host 127.0.0.1] [--store DIR] [--max-upload-mb 50]
 *           [--model PATH_OR_URL] [--listen-model PATH_OR_URL] [--engine onnx|djl|remote]
 *           [--remote-model NAME] [--api-key-env VAR]
 * </pre>
 *
 * <p>Without {@code --model} the report works and the chat says that no model is configured.
 */
public final class WebSampleApp {

    /** The {@code zikos web} usage text. */
    public static final String USAGE = """
            usage: zikos web [options]

              --port N                port to listen on (default 8080; 0 picks a free one)
              --host ADDR             interface to listen on (default 127.0.0.1: only this computer; browsers
                                      allow the microphone on localhost, elsewhere only over HTTPS)
              --store DIR             where uploaded recordings are kept (default ~/.zikos/web-recordings)
              --max-upload-mb N       largest accepted recording (default 50)
              --model DIR|URL         chat model for the coach: an exported Qwen directory or an OpenAI-compatible
                                      http(s)://host:port/v1 URL (optional: without it the report still works)
            """ + ModelArgs.USAGE;

    private WebSampleApp() {
    }

    public static void main(String[] args) {
        // Same behaviour as `zikos web ...`: clear one-line errors, usage on bad options.
        int code = new ZikosCli(List.of(new io.zikos.samples.cli.WebCommand()))
                .run(prepend("web", args), System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    private static List<String> prepend(String first, String[] rest) {
        List<String> all = new java.util.ArrayList<>(List.of(rest));
        all.add(0, first);
        return all;
    }

    /** Parses the options, starts the server and blocks until it stops. */
    public static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        int port = 8080;
        String host = "127.0.0.1";
        Path storeDir = Path.of(System.getProperty("user.home"), ".zikos", "web-recordings");
        long maxMb = 50;
        ModelArgs models = new ModelArgs();
        for (int i = 0; i < args.size(); i++) {
            int taken = models.accept(args, i);
            if (taken >= 0) {
                i = taken;
                continue;
            }
            String a = args.get(i);
            switch (a) {
                case "--port" -> port = parseInt(a, ZikosCli.requireValue(args, i++), 0, 65535);
                case "--host" -> host = ZikosCli.requireValue(args, i++);
                case "--store" -> storeDir = Path.of(ZikosCli.requireValue(args, i++));
                case "--max-upload-mb" -> maxMb = parseInt(a, ZikosCli.requireValue(args, i++), 1, 2048);
                default -> throw new ZikosCli.UsageException("unknown option " + a);
            }
        }
        String model = models.model();
        String listenModel = models.listenModel();
        BackendOptions options = models.options();
        long maxBytes = maxMb * 1024 * 1024;
        FileAudioStore store = new FileAudioStore(storeDir, maxBytes);
        LlmBackend chatModel = null;
        LlmBackend listen = null;
        try {
            PracticeCoach coach = null;
            String modelName = null;
            if (model != null) {
                out.println("Loading " + model + " ...");
                chatModel = Backends.create(model, options);
                listen = listenModel == null ? null : Backends.create(listenModel, options);
                coach = PracticeCoach.builder(chatModel).listenModel(listen).audioStore(store).build();
                modelName = chatModel.capabilities().modelId() + (listen == null ? ""
                        : " + " + listen.capabilities().modelId());
            }
            WebServer server = new WebServer(new WebServer.Config(host, port, store, maxBytes, coach, modelName, null));
            try {
                server.start();
            } catch (java.io.IOException e) {
                server.close();
                throw new ZikosException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                        + "); is another server using it? Choose another with --port N (0 picks a free one)", e);
            }
            try (server) {
                out.println("Zikos web sample: open " + server.url() + "  (recordings in " + store.root() + ")");
                if (coach == null) {
                    out.println("No --model given: the practice report works; the chat will say no model is "
                            + "configured.");
                }
                out.println("Press Ctrl-C to stop.");
                out.flush();
                server.join();
            }
        } finally {
            if (listen != null) {
                listen.close();
            }
            if (chatModel != null) {
                chatModel.close();
            }
        }
        return 0;
    }

    private static int parseInt(String option, String value, int min, int max) {
        try {
            int v = Integer.parseInt(value);
            if (v < min || v > max) {
                throw new ZikosCli.UsageException(option + " must be between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ZikosCli.UsageException(option + " needs a number, not '" + value + "'");
        }
    }
}

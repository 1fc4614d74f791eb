package io.zikos.samples.cli;

import io.zikos.api.BackendOptions;
import io.zikos.api.Cancellation;
import io.zikos.api.GenerationOptions;
import io.zikos.api.LlmBackend;
import io.zikos.api.RecordingInfo;
import io.zikos.api.ToolCall;
import io.zikos.api.ToolResult;
import io.zikos.core.Backends;
import io.zikos.core.coach.CoachSession;
import io.zikos.core.coach.PracticeCoach;
import io.zikos.core.coach.Recording;
import io.zikos.core.conversation.TurnListener;
import io.zikos.core.conversation.TurnResult;
import io.zikos.core.store.FileAudioStore;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code zikos chat}: talk to the coach in the terminal; {@code /record FILE} attaches a recording.
 */
public final class ChatCommand implements CliCommand {

    private final InputStream in;

    public ChatCommand() {
        this(System.in);
    }

    ChatCommand(InputStream in) {
        this.in = in;
    }

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public String summary() {
        return "chat with the practice coach (a local model directory or an OpenAI-compatible URL)";
    }

    @Override
    public String usage() {
        return """
                usage: zikos chat --model DIR|URL [options]

                  --model DIR|URL       chat model: an exported Qwen2.5/Qwen3 directory (tools/export/export_model.py),
                                        a Music Flamingo directory (listen-only mode), or http(s)://host:port/v1
                  --listen-model DIR|URL  Music Flamingo behind the coach's `listen` tool (optional)
                  --engine onnx|djl|remote  engine preference (default: any installed; or -Dzikos.engine)
                  --remote-model NAME   model name to request from a remote server (default: the server's first)
                  --api-key-env VAR     read the remote server's API key from this environment variable
                  --store DIR           where recordings are kept (default ~/.zikos/recordings)
                  --max-new-tokens N    cap on each reply

                In the chat:  /record FILE   attach a recording (analysed once, then discussed by id)
                              /recordings    list attached recordings
                              /quit          leave""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        String model = null;
        String listenModel = null;
        BackendOptions options = BackendOptions.defaults();
        Path storeDir = Path.of(System.getProperty("user.home"), ".zikos", "recordings");
        GenerationOptions gen = GenerationOptions.defaults();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--model" -> model = ZikosCli.requireValue(args, i++);
                case "--listen-model" -> listenModel = ZikosCli.requireValue(args, i++);
                case "--engine" -> options = options.withEngine(ZikosCli.requireValue(args, i++));
                case "--remote-model" -> options = options.withSetting("model", ZikosCli.requireValue(args, i++));
                case "--api-key-env" -> {
                    String var = ZikosCli.requireValue(args, i++);
                    String key = System.getenv(var);
                    if (key == null) {
                        throw new ZikosCli.UsageException("environment variable " + var + " is not set");
                    }
                    options = options.withApiKey(key);
                }
                case "--store" -> storeDir = Path.of(ZikosCli.requireValue(args, i++));
                case "--max-new-tokens" -> gen = gen.toBuilder()
                        .maxNewTokens(Integer.parseInt(ZikosCli.requireValue(args, i++))).build();
                default -> throw new ZikosCli.UsageException("unknown option " + a);
            }
        }
        if (model == null) {
            throw new ZikosCli.UsageException("--model is required (Zikos ships no weights: export a model with "
                    + "tools/export/export_model.py or point at a server URL)");
        }
        FileAudioStore store = new FileAudioStore(storeDir);
        try (LlmBackend chat = Backends.create(model, options);
             LlmBackend listener = listenModel == null ? null : Backends.create(listenModel, options)) {
            PracticeCoach coach = PracticeCoach.builder(chat).listenModel(listener).audioStore(store).options(gen)
                    .build();
            out.println("Zikos coach on " + chat.capabilities().modelId() + " (" + chat.capabilities().engine() + ")"
                    + (coach.listenOnly() ? ", listen-only" : "") + (listener == null ? "" : ", listening with "
                    + listener.capabilities().modelId()) + ". /record FILE to attach a recording, /quit to leave.");
            return loop(coach.newSession(), store, out, err);
        }
    }

    private int loop(CoachSession session, FileAudioStore store, PrintStream out, PrintStream err) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        out.print("> ");
        out.flush();
        while ((line = reader.readLine()) != null) {
            line = line.strip();
            if (line.equals("/quit") || line.equals("/exit")) {
                break;
            } else if (line.startsWith("/record ")) {
                attach(session, store, Path.of(line.substring("/record ".length()).strip()), out, err);
            } else if (line.equals("/recordings")) {
                session.recordings().forEach(r -> out.println("  " + r.label() + "  " + r.id()));
            } else if (!line.isEmpty()) {
                TurnResult result = session.send(line, new PrintingListener(out, err), Cancellation.none());
                out.println();
                if (result.toolLimitHit()) {
                    err.println("(the coach hit its tool-call limit for this question)");
                }
            }
            out.print("> ");
            out.flush();
        }
        out.println();
        return 0;
    }

    private static void attach(CoachSession session, FileAudioStore store, Path file, PrintStream out,
                               PrintStream err) throws Exception {
        if (!Files.isRegularFile(file)) {
            err.println("no such file: " + file);
            return;
        }
        RecordingInfo info;
        try (InputStream audio = Files.newInputStream(file)) {
            info = store.store(audio, file.getFileName().toString());
        }
        Recording rec = session.addRecording(info.id());
        out.println("attached " + file.getFileName() + " as " + rec.label() + " (" + rec.id() + ")"
                + (rec.baselineError() == null ? "" : " — not analysed: " + rec.baselineError()));
    }

    /** Prints the reply as it streams; tool activity goes to stderr so stdout stays the conversation. */
    private static final class PrintingListener implements TurnListener {
        private final PrintStream out;
        private final PrintStream err;

        PrintingListener(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public void onTextDelta(String delta) {
            out.print(delta);
            out.flush();
        }

        @Override
        public void onToolStarted(ToolCall call) {
            err.println("[" + call.name() + " " + call.arguments() + "]");
        }

        @Override
        public void onToolResult(ToolCall call, ToolResult result) {
            if (result.error()) {
                err.println("[" + call.name() + " failed: " + result.content().path("message").asText() + "]");
            }
        }
    }
}

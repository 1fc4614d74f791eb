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

                  --model DIR|URL         chat model: an exported Qwen2.5/Qwen3 directory (tools/export/export_model.py),
                                          a Music Flamingo directory (listen-only mode), or http(s)://host:port/v1
                """ + ModelArgs.USAGE + """

                  --store DIR             where recordings are kept (default ~/.zikos/recordings)
                  --max-new-tokens N      cap on each reply

                In the chat:  /record FILE   attach a recording (analysed once, then discussed by id)
                              /recordings    list attached recordings
                              /quit          leave""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        ModelArgs models = new ModelArgs();
        Path storeDir = Path.of(System.getProperty("user.home"), ".zikos", "recordings");
        GenerationOptions gen = GenerationOptions.defaults();
        for (int i = 0; i < args.size(); i++) {
            int taken = models.accept(args, i);
            if (taken >= 0) {
                i = taken;
                continue;
            }
            String a = args.get(i);
            switch (a) {
                case "--store" -> storeDir = Path.of(ZikosCli.requireValue(args, i++));
                case "--max-new-tokens" -> gen = gen.toBuilder()
                        .maxNewTokens(Integer.parseInt(ZikosCli.requireValue(args, i++))).build();
                default -> throw new ZikosCli.UsageException("unknown option " + a);
            }
        }
        if (models.model() == null) {
            throw new ZikosCli.UsageException("--model is required (Zikos ships no weights: export a model with "
                    + "tools/export/export_model.py or point at a server URL)");
        }
        String listenModel = models.listenModel();
        BackendOptions options = models.options();
        FileAudioStore store = new FileAudioStore(storeDir);
        try (LlmBackend chat = Backends.create(models.model(), options);
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

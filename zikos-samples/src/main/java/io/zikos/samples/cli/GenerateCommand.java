package io.zikos.samples.cli;

import io.zikos.api.AudioClip;
import io.zikos.api.AudioSource;
import io.zikos.api.BackendOptions;
import io.zikos.api.Cancellation;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRequest;
import io.zikos.api.ChatResponse;
import io.zikos.api.Device;
import io.zikos.api.GenerationOptions;
import io.zikos.api.LlmBackend;
import io.zikos.api.MelFeatures;
import io.zikos.api.StreamingChatListener;
import io.zikos.core.Backends;
import io.zikos.core.generate.AudioLanguageModel;
import io.zikos.core.generate.AudioPrefill;
import io.zikos.core.generate.CausalLm;
import io.zikos.core.generate.CausalLms;
import io.zikos.core.generate.DecoderState;
import io.zikos.core.generate.GenerationConfig;
import io.zikos.core.generate.GenerationLoop;
import io.zikos.core.generate.GenerationResult;
import io.zikos.core.generate.ModelConfig;
import io.zikos.core.generate.TokenStreamListener;
import io.zikos.samples.cli.ZikosCli.UsageException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code zikos generate}: runs any exported model from the command line, on whichever engine is installed. With
 * {@code --input-ids} it works on raw token ids (for checking an export against transformers' reference ids); with
 * {@code --prompt} it chats through the normal backend and prints the reply as it streams.
 */
public final class GenerateCommand implements CliCommand {

    @Override
    public String name() {
        return "generate";
    }

    @Override
    public String summary() {
        return "run an exported model on token ids or a prompt (checks exports against transformers)";
    }

    @Override
    public String usage() {
        return """
                usage: zikos generate --model DIR (--input-ids 1,2,3 | --prompt TEXT) [options]
                  --model DIR            exported model directory (tools/export/export_model.py)
                  --engine onnx|djl      engine to use (default: whichever is installed and recognises DIR)
                  --input-ids IDS        comma-separated prompt ids; prints the generated ids as one line
                  --prompt TEXT          a user message; prints the streamed reply
                  --audio FILE           a recording: with --input-ids the audio token id appearing once in IDS is
                                         expanded to the recording's audio tokens as the processor does
                  --max-new-tokens N     generated tokens at most (default 32)
                  --greedy               argmax decoding (default for --input-ids)
                  --temperature T --top-k K --top-p P --repetition-penalty R --seed S   sampling
                  --no-eos               keep generating past end-of-sequence ids (with --input-ids)
                  --print-ids            print the generated ids (what --input-ids always prints)
                  --device auto|cpu|cuda where to run (default auto: CUDA when it loads, else CPU)
                  --threads N            intra-op threads""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(args);
        BackendOptions options = new BackendOptions(a.engine, a.device, null, null, java.util.Map.of());
        if (a.threads != null) {
            options = options.withSetting("intraOpThreads", a.threads);
        }
        if (a.inputIds != null) {
            return runIds(a, options, out);
        }
        return runPrompt(a, options, out);
    }

    private static int runIds(Args a, BackendOptions options, PrintStream out) {
        Path dir = Path.of(a.model);
        ModelConfig config = ModelConfig.find(dir);
        Set<Integer> stops = config.eosTokenIds();
        GenerationConfig gen = new GenerationConfig(a.maxNewTokens, a.greedy ? 0 : a.temperature, a.topK, a.topP,
                a.repetitionPenalty, a.seed, stops, List.of(), a.noEos);
        try (CausalLm lm = CausalLms.load(dir, options); DecoderState state = lm.newState()) {
            GenerationResult result;
            if (a.audio != null) {
                if (!(lm instanceof AudioLanguageModel audioLm)) {
                    throw new UsageException("--audio needs an audio-language model; " + dir + " is text-only");
                }
                int audioId = config.audioTokenId() >= 0 ? config.audioTokenId() : 151669;
                int maxWindows = config.modelType().equals("musicflamingo") ? 40 : 20;
                MelFeatures features = AudioPrefill.featurePreprocessor(maxWindows).process(AudioSource.of(
                        Path.of(a.audio)));
                AudioPrefill.Prefilled pre = AudioPrefill.prefill(state, audioLm, a.inputIds, audioId,
                        List.of(features));
                result = GenerationLoop.continueFrom(state, pre.inputIds(), pre.logits(), gen, null,
                        TokenStreamListener.NONE, Cancellation.none());
            } else {
                result = GenerationLoop.generate(state, a.inputIds, gen, null, TokenStreamListener.NONE,
                        Cancellation.none());
            }
            out.println(Arrays.stream(result.tokenIds()).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        }
        return 0;
    }

    private static int runPrompt(Args a, BackendOptions options, PrintStream out) {
        GenerationOptions.Builder gen = GenerationOptions.builder().maxNewTokens(a.maxNewTokens);
        if (a.greedy) {
            gen.temperature(0.0);
        } else if (a.samplingSet) {
            gen.temperature(a.temperature).topK(a.topK).topP(a.topP).repetitionPenalty(a.repetitionPenalty)
                    .seed(a.seed);
        }
        ChatMessage message = a.audio == null ? ChatMessage.user(a.prompt)
                : ChatMessage.user(a.prompt, AudioClip.of(AudioSource.of(Path.of(a.audio))));
        try (LlmBackend backend = Backends.create(a.model, options)) {
            ChatResponse r = backend.generate(ChatRequest.of(message).withOptions(gen.build()),
                    new StreamingChatListener() {
                        @Override
                        public void onTextDelta(String delta) {
                            out.print(delta);
                            out.flush();
                        }
                    }, Cancellation.none());
            out.println();
            if (!r.thinking().isEmpty()) {
                out.println("[thinking] " + r.thinking());
            }
            r.message().toolCalls().forEach(c -> out.println("[tool call] " + c.name() + " " + c.arguments()));
            out.println("[" + r.finishReason() + ", " + r.usage().inputTokens() + " input + "
                    + r.usage().outputTokens() + " output tokens]");
        }
        return 0;
    }

    /** Parsed arguments. */
    private static final class Args {
        String model;
        String engine;
        int[] inputIds;
        String prompt;
        String audio;
        int maxNewTokens = 32;
        boolean greedy;
        boolean samplingSet;
        double temperature = 1.0;
        int topK;
        double topP = 1.0;
        double repetitionPenalty = 1.0;
        Long seed;
        boolean noEos;
        Device device = Device.AUTO;
        String threads;

        static Args parse(List<String> args) {
            Args a = new Args();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--model" -> a.model = ZikosCli.requireValue(args, i++);
                    case "--engine" -> a.engine = ZikosCli.requireValue(args, i++);
                    case "--input-ids" -> a.inputIds = ids(ZikosCli.requireValue(args, i++));
                    case "--prompt" -> a.prompt = ZikosCli.requireValue(args, i++);
                    case "--audio" -> a.audio = ZikosCli.requireValue(args, i++);
                    case "--max-new-tokens" -> a.maxNewTokens = positive(arg, ZikosCli.requireValue(args, i++));
                    case "--greedy" -> a.greedy = true;
                    case "--temperature" -> {
                        a.temperature = number(arg, ZikosCli.requireValue(args, i++));
                        a.samplingSet = true;
                    }
                    case "--top-k" -> {
                        a.topK = (int) number(arg, ZikosCli.requireValue(args, i++));
                        a.samplingSet = true;
                    }
                    case "--top-p" -> {
                        a.topP = number(arg, ZikosCli.requireValue(args, i++));
                        a.samplingSet = true;
                    }
                    case "--repetition-penalty" -> {
                        a.repetitionPenalty = number(arg, ZikosCli.requireValue(args, i++));
                        a.samplingSet = true;
                    }
                    case "--seed" -> a.seed = (long) number(arg, ZikosCli.requireValue(args, i++));
                    case "--no-eos" -> a.noEos = true;
                    case "--print-ids" -> { }
                    case "--device" -> a.device = device(ZikosCli.requireValue(args, i++));
                    case "--threads" -> a.threads = Integer.toString(positive(arg, ZikosCli.requireValue(args, i++)));
                    default -> throw new UsageException("unknown option " + arg);
                }
            }
            if (a.model == null) {
                throw new UsageException("--model is required");
            }
            if ((a.inputIds == null) == (a.prompt == null)) {
                throw new UsageException("give exactly one of --input-ids and --prompt");
            }
            if (a.audio != null && !Files.isRegularFile(Path.of(a.audio))) {
                throw new UsageException("--audio file not found: " + a.audio);
            }
            if (a.inputIds != null && !a.greedy && !a.samplingSet) {
                a.greedy = true;
            }
            return a;
        }

        private static int[] ids(String s) {
            try {
                int[] ids = Arrays.stream(s.split(",")).map(String::trim).filter(t -> !t.isEmpty())
                        .mapToInt(Integer::parseInt).toArray();
                if (ids.length == 0) {
                    throw new UsageException("--input-ids is empty");
                }
                return ids;
            } catch (NumberFormatException e) {
                throw new UsageException("--input-ids must be comma-separated integers: " + s);
            }
        }

        private static double number(String option, String v) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new UsageException(option + " needs a number, got " + v);
            }
        }

        private static int positive(String option, String v) {
            double d = number(option, v);
            if (d < 1 || d != Math.rint(d)) {
                throw new UsageException(option + " needs a positive integer, got " + v);
            }
            return (int) d;
        }

        private static Device device(String v) {
            try {
                return Device.valueOf(v.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--device must be auto, cpu or cuda, got " + v);
            }
        }
    }
}

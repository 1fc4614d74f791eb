package io.zikos.samples.cli;

import io.zikos.api.BackendOptions;
import java.util.List;

/**
 * The model options that {@code zikos chat} and {@code zikos web} share, parsed one way: the chat model, the model
 * behind the coach's {@code listen} tool, the engine preference, and how to reach a remote server.
 */
public final class ModelArgs {

    /** Usage lines for the {@code --listen-model}, {@code --engine} and remote options (after a command's --model). */
    public static final String USAGE = String.join("\n",
            "  --listen-model DIR|URL  Music Flamingo behind the coach's `listen` tool (optional)",
            "  --engine onnx|djl|remote  engine preference (default: any installed; or -Dzikos.engine)",
            "  --remote-model NAME     model name to request from a remote server (default: the server's first)",
            "  --api-key-env VAR       read the remote server's API key from this environment variable");

    private String model;
    private String listenModel;
    private BackendOptions options = BackendOptions.defaults();

    /**
     * Takes {@code args[i]} (and its value) when it is one of these options.
     *
     * @return the index of the last argument taken, or -1 when {@code args[i]} is not a model option
     * @throws ZikosCli.UsageException when the option's value is missing or names an unset environment variable
     */
    public int accept(List<String> args, int i) {
        switch (args.get(i)) {
            case "--model" -> model = ZikosCli.requireValue(args, i);
            case "--listen-model" -> listenModel = ZikosCli.requireValue(args, i);
            case "--engine" -> options = options.withEngine(ZikosCli.requireValue(args, i));
            case "--remote-model" -> options = options.withSetting("model", ZikosCli.requireValue(args, i));
            case "--api-key-env" -> {
                String var = ZikosCli.requireValue(args, i);
                String key = System.getenv(var);
                if (key == null) {
                    throw new ZikosCli.UsageException("environment variable " + var + " is not set");
                }
                options = options.withApiKey(key);
            }
            default -> {
                return -1;
            }
        }
        return i + 1;
    }

    /** The chat model ({@code --model}), or null. */
    public String model() {
        return model;
    }

    /** The listening model ({@code --listen-model}), or null; it needs a chat model to call it. */
    public String listenModel() {
        if (listenModel != null && model == null) {
            throw new ZikosCli.UsageException("--listen-model needs --model (the chat model that calls it)");
        }
        return listenModel;
    }

    /** Engine preference and remote settings for both models. */
    public BackendOptions options() {
        return options;
    }
}

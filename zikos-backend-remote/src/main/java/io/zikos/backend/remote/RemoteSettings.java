package io.zikos.backend.remote;

import io.zikos.api.BackendOptions;
import io.zikos.api.ModelLoadException;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The settings of one remote backend, parsed once from {@link BackendOptions#settings()} (keys are documented on
 * {@link OpenAiCompatibleBackend}).
 */
record RemoteSettings(
        URI baseUri,
        String model,
        AudioPartStyle audioPart,
        Boolean audio,
        Boolean toolCalling,
        Boolean thinking,
        Integer contextWindow,
        Integer maxOutputTokens,
        int maxRetries,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration maxRetryAfter,
        boolean stream,
        boolean includeUsage,
        TokenCountMode tokenCount,
        String chatPath,
        Duration timeout) {

    /** How audio parts are put on the wire. */
    enum AudioPartStyle {
        /** {@code {"type":"input_audio","input_audio":{"data":base64,"format":"wav"}}} (OpenAI, vLLM). */
        INPUT_AUDIO,
        /** {@code {"type":"audio_url","audio_url":{"url":"data:audio/wav;base64,..."}}} (vLLM's own extension). */
        AUDIO_URL
    }

    /** How {@code countTokens} counts. */
    enum TokenCountMode {
        /** chars / 3.5 for text, 25 tokens per second of audio. */
        ESTIMATE,
        /** The server's {@code /tokenize} (vLLM) for text, the estimate for audio; the estimate when it fails. */
        SERVER
    }

    static RemoteSettings from(URI endpoint, BackendOptions options) {
        return new RemoteSettings(
                baseUri(endpoint),
                options.setting("model").filter(s -> !s.isBlank()).map(String::strip).orElse(null),
                enumSetting(options, "audioPart", AudioPartStyle.class, AudioPartStyle.INPUT_AUDIO),
                boolSetting(options, "audio").orElse(null),
                boolSetting(options, "toolCalling").orElse(null),
                boolSetting(options, "thinking").orElse(null),
                intSetting(options, "contextWindow", 1).orElse(null),
                intSetting(options, "maxOutputTokens", 1).orElse(null),
                intSetting(options, "maxRetries", 0).orElse(3),
                Duration.ofMillis(intSetting(options, "retryInitialBackoffMs", 0).orElse(500)),
                Duration.ofMillis(intSetting(options, "retryMaxBackoffMs", 0).orElse(8_000)),
                Duration.ofSeconds(intSetting(options, "maxRetryAfterSeconds", 0).orElse(60)),
                boolSetting(options, "stream").orElse(true),
                boolSetting(options, "includeUsage").orElse(true),
                enumSetting(options, "tokenCount", TokenCountMode.class, TokenCountMode.ESTIMATE),
                options.setting("chatPath").map(String::strip).filter(s -> !s.isEmpty())
                        .map(s -> s.startsWith("/") ? s : "/" + s).orElse(null),
                options.timeout());
    }

    /**
     * The API base every path hangs off ({@code .../v1}): a reference ending in {@code /chat/completions} is cut back to
     * its base, and a bare server address ({@code http://gpu:8000}) gets {@code /v1}. Any other path is kept as given,
     * for servers mounted elsewhere ({@code http://gateway/qwen/v1}).
     */
    static URI baseUri(URI endpoint) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ModelLoadException("a remote model needs an http:// or https:// URL, got " + display(endpoint));
        }
        if (endpoint.getHost() == null) {
            throw new ModelLoadException("the remote model URL has no host: " + display(endpoint));
        }
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith("/chat/completions")) {
            path = path.substring(0, path.length() - "/chat/completions".length());
        }
        if (path.isEmpty()) {
            path = "/v1";
        }
        try {
            return withPath(endpoint, path);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("the remote model URL is not valid: " + display(endpoint), e);
        }
    }

    /** Where chat-completions requests go: {@code base/chat/completions}, or the {@code chatPath} setting. */
    URI chatUri() {
        return chatPath == null ? resolve("chat/completions") : withPath(baseUri, chatPath);
    }

    /** {@code base + "/" + relative}, keeping any query of the base (some gateways take a version there). */
    URI resolve(String relative) {
        return withPath(baseUri, baseUri.getRawPath() + "/" + relative);
    }

    /** The server root (the base without a trailing {@code /v1}): vLLM serves {@code /tokenize} there. */
    URI serverRoot(String relative) {
        String path = baseUri.getRawPath();
        if (path.endsWith("/v1")) {
            path = path.substring(0, path.length() - 3);
        }
        return withPath(baseUri, path + "/" + relative);
    }

    private static URI withPath(URI base, String path) {
        String query = base.getRawQuery();
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path + (query == null ? "" : "?" + query));
    }

    /** The endpoint for messages and logs: no user info, no query (either may carry a secret). */
    static String display(URI uri) {
        if (uri.getHost() == null) {
            return "<invalid URL>";
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    String displayBase() {
        return display(baseUri);
    }

    private static Optional<Boolean> boolSetting(BackendOptions options, String key) {
        return options.setting(key).map(String::strip).filter(s -> !s.isEmpty()).map(v -> {
            switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> {
                    return true;
                }
                case "false", "no", "off", "0" -> {
                    return false;
                }
                default -> throw new ModelLoadException(
                        "remote backend setting '" + key + "' must be true or false, got '" + v + "'");
            }
        });
    }

    private static Optional<Integer> intSetting(BackendOptions options, String key, int min) {
        return options.setting(key).map(String::strip).filter(s -> !s.isEmpty()).map(v -> {
            try {
                int value = Integer.parseInt(v.replace("_", ""));
                if (value < min) {
                    throw new ModelLoadException(
                            "remote backend setting '" + key + "' must be at least " + min + ", got " + value);
                }
                return value;
            } catch (NumberFormatException e) {
                throw new ModelLoadException(
                        "remote backend setting '" + key + "' must be a whole number, got '" + v + "'");
            }
        });
    }

    private static <E extends Enum<E>> E enumSetting(BackendOptions options, String key, Class<E> type, E fallback) {
        return options.setting(key).map(String::strip).filter(s -> !s.isEmpty()).map(v -> {
            String wanted = v.replace("_", "").toLowerCase(Locale.ROOT);
            for (E e : type.getEnumConstants()) {
                if (e.name().replace("_", "").toLowerCase(Locale.ROOT).equals(wanted)) {
                    return e;
                }
            }
            throw new ModelLoadException("remote backend setting '" + key + "' must be one of "
                    + java.util.Arrays.stream(type.getEnumConstants())
                    .map(e -> e.name().toLowerCase(Locale.ROOT)).toList() + ", got '" + v + "'");
        }).orElse(fallback);
    }
}

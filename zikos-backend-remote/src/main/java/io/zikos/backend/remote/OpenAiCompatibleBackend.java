package io.zikos.backend.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.BackendCapabilities;
import io.zikos.api.BackendOptions;
import io.zikos.api.Cancellation;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRequest;
import io.zikos.api.ChatResponse;
import io.zikos.api.LlmBackend;
import io.zikos.api.ModelFamily;
import io.zikos.api.ModelLoadException;
import io.zikos.api.ModelSpec;
import io.zikos.api.StreamingChatListener;
import io.zikos.api.ToolSpecification;
import io.zikos.api.ZikosException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@link LlmBackend} that talks to an OpenAI-compatible {@code /v1/chat/completions} server: vLLM, TensorRT-LLM's
 * {@code trtllm-serve}, DJL Serving (LMI), SGLang, llama.cpp's server ... serving Qwen or an audio model such as Music
 * Flamingo. Replies are streamed (server-sent events) by default.
 *
 * <h2>Endpoint</h2>
 * The URL may be the API base ({@code http://gpu:8000/v1}), the server ({@code http://gpu:8000}, {@code /v1} is added)
 * or the full chat URL ({@code .../v1/chat/completions}, cut back to its base). Any other path is kept, for servers
 * behind a gateway. User info and query of the URL never appear in logs or messages.
 *
 * <h2>Model name</h2>
 * The setting {@code model} names the model sent in every request. Without it the constructor asks the server's
 * {@code GET /v1/models} once and takes the first id (vLLM serves exactly one model per server); a server that
 * cannot answer fails the construction with a {@link ModelLoadException}.
 *
 * <h2>Settings ({@link BackendOptions#settings()})</h2>
 * <table>
 *   <caption>remote backend settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code model}</td><td>first id of {@code /v1/models}</td><td>model name sent to the server</td></tr>
 *   <tr><td>{@code audioPart}</td><td>{@code input_audio}</td><td>{@code input_audio}: OpenAI's
 *       {@code {"type":"input_audio","input_audio":{"data":base64,"format":"wav"}}} (vLLM accepts it too);
 *       {@code audio_url}: vLLM's {@code {"type":"audio_url","audio_url":{"url":"data:audio/wav;base64,..."}}}</td></tr>
 *   <tr><td>{@code audio}</td><td>true when the model name contains "flamingo", "audio" or "omni", or the family
 *       hears audio</td><td>whether the model accepts audio ({@link BackendCapabilities#audioInput()})</td></tr>
 *   <tr><td>{@code toolCalling}</td><td>true, except for Music Flamingo / AF3 (which were not trained to call
 *       tools)</td><td>{@link BackendCapabilities#toolCalling()}</td></tr>
 *   <tr><td>{@code thinking}</td><td>true for Qwen3 (family or name)</td><td>{@link BackendCapabilities#thinking()}</td></tr>
 *   <tr><td>{@code contextWindow}</td><td>{@code max_model_len} from {@code /v1/models} when the server reports it
 *       (vLLM), else 24,000 for Flamingo models and 32,768 otherwise</td><td>input + output tokens</td></tr>
 *   <tr><td>{@code maxOutputTokens}</td><td>2,048 for Flamingo models, else min(8,192, context)</td><td>cap of one
 *       reply</td></tr>
 *   <tr><td>{@code maxRetries}</td><td>3</td><td>retries after the first attempt on transient failures</td></tr>
 *   <tr><td>{@code retryInitialBackoffMs} / {@code retryMaxBackoffMs}</td><td>500 / 8000</td><td>exponential
 *       backoff with jitter between retries</td></tr>
 *   <tr><td>{@code maxRetryAfterSeconds}</td><td>60</td><td>the longest {@code Retry-After} honoured; a server asking
 *       for longer fails the request at once</td></tr>
 *   <tr><td>{@code stream}</td><td>true</td><td>false: one JSON response per request (for servers without
 *       streaming); the listener still gets the text, in one delta</td></tr>
 *   <tr><td>{@code includeUsage}</td><td>true</td><td>send {@code stream_options.include_usage} (turn off for servers
 *       that reject the field); without server usage, token counts are estimated</td></tr>
 *   <tr><td>{@code chatPath}</td><td>none</td><td>a server path that takes chat-completions requests instead of
 *       {@code <base>/chat/completions}, for servers mounted elsewhere (for example SageMaker-style
 *       {@code /invocations})</td></tr>
 *   <tr><td>{@code tokenCount}</td><td>{@code estimate}</td><td>{@code server}: count text with vLLM's
 *       {@code POST /tokenize} (exact; audio still estimated), falling back to the estimate for good when the server
 *       does not offer it</td></tr>
 * </table>
 *
 * <h2>Mapping</h2>
 * Messages map to OpenAI roles; assistant tool calls carry {@code function.arguments} as a JSON string, tool results
 * are {@code tool} messages with {@code tool_call_id}. Audio parts: files and uploads are sent as they are (WAV and
 * MP3 are what OpenAI itself accepts; vLLM decodes any format librosa reads), PCM is encoded as a 16-bit mono WAV in
 * memory. {@link io.zikos.api.GenerationOptions}: {@code max_tokens}, {@code temperature}, {@code top_p},
 * {@code top_k} and {@code repetition_penalty} (vLLM extensions, sent only when set; top-k 0 is sent as -1),
 * {@code stop}, {@code seed}, and thinking as {@code chat_template_kwargs.enable_thinking}.
 *
 * <h2>Failures</h2>
 * The request timeout ({@link BackendOptions#timeout()}) bounds the wait for the response headers and every silence
 * in a stream; it does not bound a long reply that keeps streaming. Connecting gives up after at most 10 s.
 * Connection failures and 429/502/503/504 are retried with exponential backoff and jitter (honouring
 * {@code Retry-After}); a request that timed out is not retried (the server may still be working on it). Nothing is retried once the response has started: a stream that breaks or
 * reports an error gives a {@link RemoteBackendException} with {@link RemoteBackendException#midStream()} true,
 * through {@link StreamingChatListener#onError} and thrown. Cancellation closes the stream and returns what arrived
 * with {@link io.zikos.api.FinishReason#CANCELLED}.
 *
 * <h2>API key</h2>
 * {@link BackendOptions#apiKey()}, else the environment variable {@code ZIKOS_API_KEY}; sent as
 * {@code Authorization: Bearer}. It never appears in a log line, an exception message or {@link #toString()}.
 *
 * <h2>Token counts</h2>
 * {@link #countTokens} ESTIMATES by default (3.5 characters per token, 25 tokens per second of audio, a few per
 * message): the tokenizer lives on the server. Usage reported by the server is exact and used in each
 * {@link ChatResponse} when present.
 *
 * <p>Thread-safe: one instance serves concurrent generations.
 */
public final class OpenAiCompatibleBackend implements LlmBackend {

    /** The engine name of this backend. */
    public static final String ENGINE = "remote";
    /** Environment variable read when {@link BackendOptions#apiKey()} is not set. */
    public static final String API_KEY_ENV = "ZIKOS_API_KEY";

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiCompatibleBackend.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 8192;
    private static final long POLL_MS = 25;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** For side requests (model list, tokenizer) that must not hold anything up for long. */
    private static final Duration SIDE_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final RemoteSettings settings;
    private final String apiKey;
    private final HttpClient http;
    private final RequestMapper mapper;
    private final RetryPolicy retry;
    private final StreamWatchdog watchdog = new StreamWatchdog();
    private final String model;
    private final BackendCapabilities capabilities;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean serverTokenizeFailed = new AtomicBoolean();

    /**
     * Connects to a server.
     *
     * @param endpoint the server or API base URL
     * @param options  API key, timeout and settings (see the class documentation)
     * @throws ModelLoadException when a setting is invalid, or no model is set and the server cannot list its models
     */
    public OpenAiCompatibleBackend(URI endpoint, BackendOptions options) {
        this(endpoint, null, options);
    }

    /** Connects to the server of a resolved spec; its family (if known) refines the capability defaults. */
    public OpenAiCompatibleBackend(ModelSpec spec, BackendOptions options) {
        this(spec.remoteEndpoint().orElseThrow(() -> new ModelLoadException(
                "'" + spec.reference() + "' is not a server URL; the remote backend needs http(s)://host:port/v1")),
                spec.family(), options);
    }

    private OpenAiCompatibleBackend(URI endpoint, ModelFamily family, BackendOptions options) {
        Objects.requireNonNull(endpoint, "endpoint");
        BackendOptions opts = options == null ? BackendOptions.defaults() : options;
        this.settings = RemoteSettings.from(endpoint, opts);
        String key = opts.apiKey() != null && !opts.apiKey().isBlank() ? opts.apiKey() : System.getenv(API_KEY_ENV);
        this.apiKey = key == null || key.isBlank() ? null : key.strip();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // plain-HTTP servers gain nothing from an h2c upgrade attempt
                // A TCP connect that takes longer than this means the host is down; don't wait the full timeout.
                .connectTimeout(shorter(settings.timeout(), CONNECT_TIMEOUT))
                // A redirect would carry the Authorization header to wherever it points: refuse them.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.mapper = new RequestMapper(JSON, settings.audioPart());
        this.retry = new RetryPolicy(settings.maxRetries(), settings.initialBackoff(), settings.maxBackoff(),
                settings.maxRetryAfter());
        try {
            ModelInfo info = modelInfo();
            this.model = info.id();
            this.capabilities = capabilities(info, family);
        } catch (RuntimeException e) {
            watchdog.close();
            throw e;
        }
        LOG.info("remote backend for {} at {} (context {}, max output {}, audio {}, tools {})", model,
                settings.displayBase(), capabilities.contextWindow(), capabilities.maxOutputTokens(),
                capabilities.audioInput(), capabilities.toolCalling());
    }

    /** What the server says about its model; unknown fields are null. */
    private record ModelInfo(String id, Integer maxModelLen) {
    }

    private ModelInfo modelInfo() {
        if (settings.model() != null) {
            if (settings.contextWindow() != null) {
                return new ModelInfo(settings.model(), null);
            }
            // Best effort, one attempt: vLLM reports max_model_len, which beats any default.
            try {
                JsonNode models = getJson(settings.resolve("models"), false, SIDE_REQUEST_TIMEOUT);
                for (JsonNode m : models.path("data")) {
                    if (settings.model().equals(m.path("id").asText())) {
                        return new ModelInfo(settings.model(), positiveOrNull(m.path("max_model_len")));
                    }
                }
            } catch (ZikosException e) {
                LOG.debug("{} did not list its models ({}); using default capabilities", settings.displayBase(),
                        e.getMessage());
            }
            return new ModelInfo(settings.model(), null);
        }
        JsonNode models;
        try {
            models = getJson(settings.resolve("models"), true, settings.timeout());
        } catch (ZikosException e) {
            throw new ModelLoadException("cannot ask " + settings.displayBase() + "/models which model the server "
                    + "runs (" + e.getMessage() + "); check that the server is up and the URL is right, or set the "
                    + "backend setting 'model' to the served model name", e);
        }
        JsonNode first = models.path("data").path(0);
        if (!first.path("id").isTextual() || first.path("id").asText().isBlank()) {
            throw new ModelLoadException(settings.displayBase() + "/models lists no model; set the backend setting "
                    + "'model' to the served model name");
        }
        if (models.path("data").size() > 1) {
            LOG.info("{} serves {} models; using the first, {} (set 'model' to choose)", settings.displayBase(),
                    models.path("data").size(), first.path("id").asText());
        }
        return new ModelInfo(first.path("id").asText(), positiveOrNull(first.path("max_model_len")));
    }

    private static Integer positiveOrNull(JsonNode n) {
        return n.isIntegralNumber() && n.asLong() > 0 && n.asLong() <= Integer.MAX_VALUE ? n.asInt() : null;
    }

    private BackendCapabilities capabilities(ModelInfo info, ModelFamily family) {
        String name = info.id().toLowerCase(Locale.ROOT);
        boolean flamingo = name.contains("flamingo")
                || family == ModelFamily.MUSIC_FLAMINGO || family == ModelFamily.AUDIO_FLAMINGO_3;
        boolean hears = flamingo || name.contains("audio") || name.contains("omni")
                || (family != null && family.hearsAudio());
        int context = settings.contextWindow() != null ? settings.contextWindow()
                : info.maxModelLen() != null ? info.maxModelLen()
                : flamingo ? 24_000 : 32_768;
        int maxOut = settings.maxOutputTokens() != null ? settings.maxOutputTokens()
                : Math.min(flamingo ? 2_048 : 8_192, context);
        return new BackendCapabilities(info.id(), ENGINE,
                settings.toolCalling() != null ? settings.toolCalling() : !flamingo,
                settings.audio() != null ? settings.audio() : hears,
                settings.thinking() != null ? settings.thinking() : family == ModelFamily.QWEN3 || name.contains("qwen3"),
                context, maxOut);
    }

    @Override
    public ChatResponse generate(ChatRequest request, StreamingChatListener listener, Cancellation cancellation) {
        Objects.requireNonNull(request, "request");
        StreamingChatListener out = listener == null ? StreamingChatListener.NONE : listener;
        Cancellation cancel = cancellation == null ? Cancellation.none() : cancellation;
        ensureOpen();
        ReplyAssembler reply = new ReplyAssembler(JSON, out);
        int inputEstimate = TokenEstimator.prompt(request.messages(), request.tools(), mapper);
        try {
            if (cancel.isCancelled()) {
                return reply.cancelled(inputEstimate, TokenEstimator::text);
            }
            byte[] body = JSON.writeValueAsBytes(
                    mapper.chatBody(model, request, settings.stream(), settings.includeUsage()));
            URI uri = settings.chatUri();
            HttpRequest httpRequest = requestBuilder(uri)
                    .header("Content-Type", "application/json")
                    .header("Accept", settings.stream() ? "text/event-stream" : "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            LOG.debug("POST {} (model {}, {} messages, {} tools, {} bytes)", RemoteSettings.display(uri), model,
                    request.messages().size(), request.tools().size(), body.length);
            HttpResponse<InputStream> response = send(httpRequest, cancel, true);
            if (response == null) {
                return reply.cancelled(inputEstimate, TokenEstimator::text);
            }
            boolean cancelled;
            try (InputStream in = response.body()) {
                String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
                cancelled = type.contains("text/event-stream")
                        ? readStream(in, reply, cancel)
                        : readWhole(in, reply, cancel);
            } catch (IOException closeFailed) {
                cancelled = cancel.isCancelled(); // closing a stream the watchdog already closed
            }
            if (cancelled) {
                LOG.debug("generation cancelled by the caller");
                return reply.cancelled(inputEstimate, TokenEstimator::text);
            }
            return reply.complete(inputEstimate, TokenEstimator::text);
        } catch (ZikosException e) {
            ZikosException safe = redacted(e);
            out.onError(safe);
            throw safe;
        } catch (JsonProcessingException e) {
            RemoteBackendException err = new RemoteBackendException(RemoteBackendException.Kind.PROTOCOL, 0, false,
                    "could not encode the request as JSON: " + e.getOriginalMessage(), e);
            out.onError(err);
            throw err;
        }
    }

    /**
     * Reads server-sent events until {@code [DONE]} or the end of the stream.
     *
     * @return whether the caller cancelled
     */
    private boolean readStream(InputStream in, ReplyAssembler reply, Cancellation cancel) {
        boolean done = false;
        int events = 0;
        try (StreamWatchdog.Watch watch = watchdog.watch(in, cancel, settings.timeout())) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            StringBuilder data = new StringBuilder();
            try {
                String line;
                while (!done && (line = lines.readLine()) != null) {
                    watch.touch();
                    if (cancel.isCancelled()) {
                        return true;
                    }
                    if (line.isEmpty()) {
                        done = dispatch(data, reply);
                        events++;
                    } else if (line.startsWith("data:")) {
                        String d = line.substring(5);
                        if (!data.isEmpty()) {
                            data.append('\n');
                        }
                        data.append(d.startsWith(" ") ? d.substring(1) : d);
                    }
                    // ":" comments (keep-alives), "event:", "id:" and "retry:" fields carry nothing we need
                }
                if (!done && watch.reason() == StreamWatchdog.Reason.NONE) {
                    done = dispatch(data, reply); // a last event without its blank line
                }
            } catch (IOException e) {
                if (watch.reason() == StreamWatchdog.Reason.NONE) {
                    if (cancel.isCancelled()) {
                        return true;
                    }
                    throw new RemoteBackendException(RemoteBackendException.Kind.STREAM_INTERRUPTED, 0, true,
                            "the connection to " + settings.displayBase() + " broke in the middle of the reply ("
                                    + describe(e) + "); the partial reply was discarded, ask again", e);
                }
            }
            switch (watch.reason()) {
                case CANCELLED -> {
                    return true;
                }
                case TIMEOUT -> throw new RemoteBackendException(RemoteBackendException.Kind.TIMEOUT, 0, true,
                        "the server at " + settings.displayBase() + " sent nothing for " + seconds(settings.timeout())
                                + " in the middle of the reply; it may be overloaded. Raise the timeout "
                                + "(BackendOptions.timeout) or ask again", null);
                default -> {
                }
            }
        }
        if (cancel.isCancelled()) {
            return true;
        }
        if (!done && !reply.finished()) {
            throw new RemoteBackendException(RemoteBackendException.Kind.STREAM_INTERRUPTED, 0, true,
                    "the stream from " + settings.displayBase() + " ended before the reply was finished (no "
                            + "finish_reason, no [DONE] after " + events + " events); the server may have crashed "
                            + "or restarted, ask again", null);
        }
        return false;
    }

    /** Handles one SSE event's data; returns whether it was the {@code [DONE]} sentinel. */
    private boolean dispatch(StringBuilder data, ReplyAssembler reply) {
        if (data.isEmpty()) {
            return false;
        }
        String payload = data.toString().strip();
        data.setLength(0);
        if (payload.equals("[DONE]")) {
            return true;
        }
        JsonNode chunk;
        try {
            chunk = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new RemoteBackendException(RemoteBackendException.Kind.PROTOCOL, 0, true,
                    "the server sent a stream event that is not JSON: " + Redaction.excerpt(payload), e);
        }
        reply.onChunk(chunk);
        return false;
    }

    /** Reads a non-streamed response. Returns whether the caller cancelled. */
    private boolean readWhole(InputStream in, ReplyAssembler reply, Cancellation cancel) {
        byte[] bytes;
        try (StreamWatchdog.Watch watch = watchdog.watch(in, cancel, settings.timeout())) {
            try {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                if (watch.reason() == StreamWatchdog.Reason.CANCELLED || cancel.isCancelled()) {
                    return true;
                }
                if (watch.reason() == StreamWatchdog.Reason.TIMEOUT) {
                    throw new RemoteBackendException(RemoteBackendException.Kind.TIMEOUT, 0, true,
                            "the response from " + settings.displayBase() + " stalled for "
                                    + seconds(settings.timeout()) + "; raise the timeout or ask again", e);
                }
                throw new RemoteBackendException(RemoteBackendException.Kind.STREAM_INTERRUPTED, 0, true,
                        "the connection to " + settings.displayBase() + " broke while reading the reply ("
                                + describe(e) + "); ask again", e);
            }
        }
        if (cancel.isCancelled()) {
            return true;
        }
        try {
            reply.onFullResponse(JSON.readTree(bytes));
        } catch (IOException e) {
            throw new RemoteBackendException(RemoteBackendException.Kind.PROTOCOL, 0, false,
                    "the server's reply is not JSON: "
                            + Redaction.excerpt(new String(bytes, StandardCharsets.UTF_8)), e);
        }
        return false;
    }

    /**
     * Sends a request, retrying transient failures before any response body has been read.
     *
     * @param retries whether to retry at all
     * @return the response with a 2xx status, or {@code null} when the caller cancelled
     */
    private HttpResponse<InputStream> send(HttpRequest request, Cancellation cancel, boolean retries) {
        int maxRetries = retries ? retry.maxRetries() : 0;
        String where = RemoteSettings.display(request.uri());
        for (int attempt = 1; ; attempt++) {
            CompletableFuture<HttpResponse<InputStream>> future =
                    http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
            HttpResponse<InputStream> response;
            try {
                response = await(future, cancel);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
                    throw new RemoteBackendException(RemoteBackendException.Kind.TIMEOUT, 0, false,
                            "no response from " + where + " within "
                                    + seconds(request.timeout().orElse(settings.timeout()))
                                    + "; the server may be overloaded or the prompt very long. Raise the timeout "
                                    + "(BackendOptions.timeout) or try again", cause);
                }
                boolean connect = cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
                        || cause instanceof IOException;
                if (connect && attempt <= maxRetries) {
                    Duration delay = retry.backoff(attempt);
                    LOG.info("cannot reach {} ({}); retry {}/{} in {} ms", where, describe(cause), attempt,
                            maxRetries, delay.toMillis());
                    if (!sleep(delay, cancel)) {
                        return null;
                    }
                    continue;
                }
                throw new RemoteBackendException(RemoteBackendException.Kind.CONNECTION, 0, false,
                        "cannot reach " + where + " (" + describe(cause) + ")" + (attempt > 1 ? " after " + attempt
                                + " attempts" : "") + "; check that the server is running and the URL is right", cause);
            }
            if (response == null) {
                return null;
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                return response;
            }
            if (status / 100 == 3) {
                String location = response.headers().firstValue("Location").orElse("?");
                errorBody(response); // releases the connection
                throw new RemoteBackendException(RemoteBackendException.Kind.REQUEST_REJECTED, status, false,
                        where + " redirects (HTTP " + status + ") to " + displayLocation(request.uri(), location)
                                + "; pass that URL instead (redirects are not followed, so the API key stays put)",
                        null);
            }
            String serverSays = errorBody(response);
            if (RetryPolicy.isTransient(status) && attempt <= maxRetries) {
                Optional<Duration> retryAfter = RetryPolicy.parseRetryAfter(
                        response.headers().firstValue("Retry-After").orElse(null), Instant.now());
                if (retryAfter.isPresent() && retryAfter.get().compareTo(retry.maxRetryAfter()) > 0) {
                    throw new RemoteBackendException(RemoteBackendException.Kind.UNAVAILABLE, status, false,
                            where + " is busy (HTTP " + status + ") and asks to retry after "
                                    + seconds(retryAfter.get()) + ", longer than the " + seconds(retry.maxRetryAfter())
                                    + " this backend waits (setting maxRetryAfterSeconds); try again later", null);
                }
                Duration delay = retryAfter.isPresent() ? retryAfter.get() : retry.backoff(attempt);
                LOG.info("{} answered HTTP {}{}; retry {}/{} in {} ms", where, status,
                        retryAfter.isPresent() ? " with Retry-After" : "", attempt, maxRetries, delay.toMillis());
                if (!sleep(delay, cancel)) {
                    return null;
                }
                continue;
            }
            throw statusError(request.uri(), status, serverSays, attempt);
        }
    }

    private RemoteBackendException statusError(URI uri, int status, String serverSays, int attempts) {
        String where = RemoteSettings.display(uri);
        String said = serverSays.isEmpty() ? "" : " The server said: " + serverSays;
        if (status == 401 || status == 403) {
            return new RemoteBackendException(RemoteBackendException.Kind.AUTHENTICATION, status, false,
                    where + " refused the request (HTTP " + status + "): "
                            + (apiKey == null ? "no API key was sent; set BackendOptions.apiKey or the "
                            + API_KEY_ENV + " environment variable"
                            : "the API key was not accepted; check BackendOptions.apiKey / " + API_KEY_ENV)
                            + "." + said, null);
        }
        if (RetryPolicy.isTransient(status)) {
            return new RemoteBackendException(RemoteBackendException.Kind.UNAVAILABLE, status, false,
                    where + " stayed unavailable (HTTP " + status + ") through " + attempts + " attempt"
                            + (attempts == 1 ? "" : "s") + "; try again later or raise the setting maxRetries."
                            + said, null);
        }
        if (status == 404) {
            boolean chat = uri.getPath() != null && uri.getPath().endsWith("/chat/completions");
            return new RemoteBackendException(RemoteBackendException.Kind.REQUEST_REJECTED, status, false,
                    where + " answered HTTP 404: " + (chat ? "check the URL (the API base usually ends in /v1) and "
                            + "the model name '" + model + "' (setting 'model')." : "the server does not offer it.")
                            + said, null);
        }
        if (status / 100 == 4 && (serverSays.contains("auto-tool-choice") || serverSays.contains("tool-call-parser"))) {
            return new RemoteBackendException(RemoteBackendException.Kind.REQUEST_REJECTED, status, false,
                    where + " does not accept tools (HTTP " + status + "): start vLLM with --enable-auto-tool-choice "
                            + "--tool-call-parser hermes (the parser for Qwen2.5/Qwen3), or set the backend setting "
                            + "toolCalling=false so no tools are offered." + said, null);
        }
        if (status / 100 == 4) {
            return new RemoteBackendException(RemoteBackendException.Kind.REQUEST_REJECTED, status, false,
                    where + " rejected the request (HTTP " + status + "); a prompt longer than the model's context, "
                            + "audio the model does not take or an unsupported parameter are the usual causes." + said,
                    null);
        }
        return new RemoteBackendException(RemoteBackendException.Kind.SERVER_ERROR, status, false,
                where + " failed (HTTP " + status + "); see the server's log." + said, null);
    }

    /** The server's error message (OpenAI {@code error.message}, FastAPI {@code detail} ...), short, key removed. */
    private String errorBody(HttpResponse<InputStream> response) {
        String text;
        try (InputStream in = response.body()) {
            text = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
        String message = text;
        try {
            JsonNode node = JSON.readTree(text);
            if (node != null) {
                JsonNode error = node.path("error");
                if (error.path("message").isTextual()) {
                    message = error.path("message").asText();
                } else if (error.isTextual()) {
                    message = error.asText();
                } else if (node.path("message").isTextual()) {
                    message = node.path("message").asText();
                } else if (!node.path("detail").isMissingNode()) {
                    message = node.path("detail").isTextual() ? node.path("detail").asText()
                            : node.path("detail").toString();
                }
            }
        } catch (JsonProcessingException notJson) {
            // keep the raw text
        }
        return Redaction.excerpt(Redaction.redact(message, apiKey));
    }

    /** Waits for the response headers; {@code null} when the caller cancelled (the exchange is then aborted). */
    private static HttpResponse<InputStream> await(CompletableFuture<HttpResponse<InputStream>> future,
                                                   Cancellation cancel) throws ExecutionException {
        while (true) {
            if (cancel.isCancelled()) {
                abort(future);
                return null;
            }
            try {
                return future.get(POLL_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillWaiting) {
                // poll the cancellation again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abort(future);
                return null;
            }
        }
    }

    private static void abort(CompletableFuture<HttpResponse<InputStream>> future) {
        if (!future.cancel(true) && future.isDone() && !future.isCompletedExceptionally()) {
            try {
                future.join().body().close();
            } catch (IOException | RuntimeException ignored) {
                // nothing left to release
            }
        }
    }

    /** Sleeps unless cancelled; returns false when the caller cancelled (or the thread was interrupted). */
    private static boolean sleep(Duration delay, Cancellation cancel) {
        long end = System.nanoTime() + delay.toNanos();
        while (true) {
            if (cancel.isCancelled()) {
                return false;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(POLL_MS, TimeUnit.NANOSECONDS.toMillis(left))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private JsonNode getJson(URI uri, boolean retries, Duration timeout) {
        HttpRequest request = requestBuilder(uri).timeout(shorter(timeout, settings.timeout()))
                .header("Accept", "application/json").GET().build();
        HttpResponse<InputStream> response = send(request, Cancellation.none(), retries);
        try (InputStream in = response.body()) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new RemoteBackendException(RemoteBackendException.Kind.PROTOCOL, response.statusCode(), false,
                    RemoteSettings.display(uri) + " did not answer with JSON: " + e.getMessage(), e);
        }
    }

    private HttpRequest.Builder requestBuilder(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.timeout());
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return b;
    }

    @Override
    public BackendCapabilities capabilities() {
        return capabilities;
    }

    /**
     * An ESTIMATE by default (see the class documentation); exact for text with {@code tokenCount=server} on a vLLM
     * server.
     */
    @Override
    public int countTokens(List<ChatMessage> messages, List<ToolSpecification> tools) {
        List<ToolSpecification> t = tools == null ? List.of() : tools;
        if (useServerTokenizer()) {
            ObjectNode body = JSON.createObjectNode();
            body.put("model", model);
            body.set("messages", mapper.messages(messages, false));
            if (!t.isEmpty()) {
                body.set("tools", mapper.tools(t));
            }
            body.put("add_generation_prompt", true);
            Integer count = serverCount(body);
            if (count != null) {
                return count + TokenEstimator.audio(messages);
            }
        }
        return TokenEstimator.prompt(messages, t, mapper);
    }

    /** An ESTIMATE by default (3.5 characters per token). */
    @Override
    public int countTokens(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (useServerTokenizer()) {
            ObjectNode body = JSON.createObjectNode();
            body.put("model", model);
            body.put("prompt", text);
            body.put("add_special_tokens", false);
            Integer count = serverCount(body);
            if (count != null) {
                return count;
            }
        }
        return TokenEstimator.text(text);
    }

    private boolean useServerTokenizer() {
        return settings.tokenCount() == RemoteSettings.TokenCountMode.SERVER && !serverTokenizeFailed.get();
    }

    /** vLLM's {@code POST /tokenize}; {@code null} (and never again) when the server does not offer it. */
    private Integer serverCount(ObjectNode body) {
        ensureOpen();
        URI uri = settings.serverRoot("tokenize");
        try {
            HttpRequest request = requestBuilder(uri).timeout(shorter(SIDE_REQUEST_TIMEOUT, settings.timeout()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
            HttpResponse<InputStream> response = send(request, Cancellation.none(), false);
            try (InputStream in = response.body()) {
                JsonNode count = JSON.readTree(in).path("count");
                if (count.isIntegralNumber()) {
                    return count.asInt();
                }
            }
            throw new IOException("the answer has no integer 'count'");
        } catch (IOException | ZikosException e) {
            if (serverTokenizeFailed.compareAndSet(false, true)) {
                LOG.info("{} cannot count tokens ({}); estimating from now on", RemoteSettings.display(uri),
                        e.getMessage());
            }
            return null;
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this remote backend is closed");
        }
    }

    /** Stops the watchdog thread. Requests in flight finish or fail on their own; new ones are refused. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            watchdog.close();
        }
    }

    /** The message, in case anything the server echoed carried the key, without it. */
    private ZikosException redacted(ZikosException e) {
        if (apiKey == null || e.getMessage() == null || !e.getMessage().contains(apiKey)) {
            return e;
        }
        String safe = Redaction.redact(e.getMessage(), apiKey);
        if (e instanceof RemoteBackendException r) {
            return new RemoteBackendException(r.kind(), r.statusCode().orElse(0), r.midStream(), safe, null);
        }
        return new ZikosException(safe);
    }

    private static String displayLocation(URI base, String location) {
        try {
            return RemoteSettings.display(base.resolve(location));
        } catch (IllegalArgumentException e) {
            return "an invalid location";
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + Redaction.excerpt(m));
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleBackend[" + settings.displayBase() + ", model=" + model + "]";
    }
}

package io.zikos.api;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to create a backend.
 *
 * @param engine   preferred engine ("onnx", "djl", "remote") or {@code null} for any; defaults to the system
 *                 property {@code zikos.engine}
 * @param device   where to run
 * @param apiKey   API key for remote servers (never logged), or {@code null}
 * @param timeout  per-request timeout for remote servers
 * @param settings engine-specific settings (for example {@code "intraOpThreads" -> "2"})
 */
public record BackendOptions(String engine, Device device, String apiKey, Duration timeout,
                             Map<String, String> settings) {
    public BackendOptions {
        device = device == null ? Device.AUTO : device;
        timeout = timeout == null ? Duration.ofSeconds(120) : timeout;
        settings = Map.copyOf(settings == null ? Map.of() : settings);
    }

    public static BackendOptions defaults() {
        return new BackendOptions(null, Device.AUTO, null, null, Map.of());
    }

    /** The engine asked for here, else by the {@code zikos.engine} system property. */
    public Optional<String> preferredEngine() {
        if (engine != null && !engine.isBlank()) {
            return Optional.of(engine);
        }
        return Optional.ofNullable(System.getProperty("zikos.engine")).filter(s -> !s.isBlank());
    }

    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    public BackendOptions withEngine(String newEngine) {
        return new BackendOptions(newEngine, device, apiKey, timeout, settings);
    }

    public BackendOptions withDevice(Device newDevice) {
        return new BackendOptions(engine, newDevice, apiKey, timeout, settings);
    }

    public BackendOptions withApiKey(String key) {
        return new BackendOptions(engine, device, key, timeout, settings);
    }

    public BackendOptions withSetting(String key, String value) {
        var copy = new java.util.HashMap<>(settings);
        copy.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
        return new BackendOptions(engine, device, apiKey, timeout, copy);
    }

    @Override
    public String toString() {
        // The API key must never reach a log line.
        return "BackendOptions[engine=" + engine + ", device=" + device + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", timeout=" + timeout + ", settings=" + settings + "]";
    }
}

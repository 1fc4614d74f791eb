package io.zikos.dsp.decode;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link io.zikos.api.PreprocessorProvider}'s string settings: rejects unknown keys (so a typo never falls
 * back to a default silently), parses numbers and flags with messages that name the setting, and builds the
 * {@link DecoderSettings} every decoding preprocessor shares ({@code minSeconds}, {@code tempDir}).
 */
public final class PreprocessorSettings {

    private final String preprocessor;
    private final Map<String, String> values;

    private PreprocessorSettings(String preprocessor, Map<String, String> values) {
        this.preprocessor = preprocessor;
        this.values = values;
    }

    /**
     * @throws IllegalArgumentException when a key is not in {@code known}
     */
    public static PreprocessorSettings of(String preprocessor, Map<String, String> settings, Set<String> known) {
        Map<String, String> s = settings == null ? Map.of() : Map.copyOf(settings);
        for (String key : s.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown setting '" + key + "' for the " + preprocessor
                        + " preprocessor; known: " + known);
            }
        }
        return new PreprocessorSettings(preprocessor, s);
    }

    /** The raw value, or {@code def} when absent or blank. */
    public String text(String key, String def) {
        String v = values.get(key);
        return v == null || v.isBlank() ? def : v.strip();
    }

    /** A finite, non-negative number, or {@code def} when absent. */
    public double number(String key, double def) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            double d = Double.parseDouble(v.strip());
            if (Double.isFinite(d) && d >= 0) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below, with the setting's name
        }
        throw new IllegalArgumentException("setting '" + key + "' of the " + preprocessor
                + " preprocessor must be a non-negative number: " + v);
    }

    /** {@code true/yes/1} or {@code false/no/0}, or {@code def} when absent. */
    public boolean flag(String key, boolean def) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            return def;
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("setting '" + key + "' of the " + preprocessor
                    + " preprocessor must be true or false: " + v);
        };
    }

    /** Decoder settings from {@code minSeconds} and {@code tempDir}, with the given duration cap. */
    public DecoderSettings decoderSettings(double maxSeconds) {
        double minSeconds = number("minSeconds", DecoderSettings.DEFAULT_MIN_SECONDS);
        DecoderSettings.Builder b = DecoderSettings.builder()
                .maxSeconds(Math.max(maxSeconds, minSeconds))
                .minSeconds(minSeconds);
        String tempDir = text("tempDir", null);
        if (tempDir != null) {
            b.tempDir(Path.of(tempDir));
        }
        return b.build();
    }
}

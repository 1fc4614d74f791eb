package io.zikos.dsp.decode;

import io.zikos.api.AudioSource;
import io.zikos.api.PcmAudio;
import io.zikos.api.Preprocessor;
import io.zikos.api.PreprocessorProvider;
import java.util.Map;
import java.util.Set;

/**
 * The {@value io.zikos.api.PreprocessorProvider#PCM} preprocessor: decoded, validated mono PCM.
 *
 * <p>Settings (all optional): {@code sampleRate} (Hz, default 22050), {@code trimSilence} ({@code true}/{@code false},
 * default false; trimmed audio keeps its offset in the original file), {@code maxSeconds} (default 1200),
 * {@code minSeconds} (default 0.5), {@code tempDir} (default {@code java.io.tmpdir}). Unknown keys are rejected so a
 * typo does not silently fall back to a default.
 */
public final class PcmPreprocessorProvider implements PreprocessorProvider {

    public static final int DEFAULT_SAMPLE_RATE = 22050;
    private static final Set<String> KEYS = Set.of("sampleRate", "trimSilence", "maxSeconds", "minSeconds", "tempDir");

    @Override
    public String name() {
        return PCM;
    }

    @Override
    public Preprocessor<PcmAudio> create(Map<String, String> settings) {
        Map<String, String> s = settings == null ? Map.of() : settings;
        for (String key : s.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown setting '" + key + "' for the pcm preprocessor; known: "
                        + KEYS);
            }
        }
        int sampleRate = (int) number(s, "sampleRate", DEFAULT_SAMPLE_RATE);
        if (sampleRate < 1000 || sampleRate > 384_000 || sampleRate != number(s, "sampleRate", DEFAULT_SAMPLE_RATE)) {
            throw new IllegalArgumentException("sampleRate must be a whole number of Hz between 1000 and 384000: "
                    + s.get("sampleRate"));
        }
        boolean trim = bool(s, "trimSilence", false);
        DecoderSettings.Builder b = DecoderSettings.builder()
                .maxSeconds(number(s, "maxSeconds", DecoderSettings.DEFAULT_MAX_SECONDS))
                .minSeconds(number(s, "minSeconds", DecoderSettings.DEFAULT_MIN_SECONDS));
        if (s.containsKey("tempDir")) {
            b.tempDir(java.nio.file.Path.of(s.get("tempDir")));
        }
        return new PcmPreprocessor(new AudioDecoder(b.build()), sampleRate, trim);
    }

    private static double number(Map<String, String> s, String key, double def) {
        String v = s.get(key);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            double d = Double.parseDouble(v.strip());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + key + "' must be a number: " + v, e);
        }
    }

    private static boolean bool(Map<String, String> s, String key, boolean def) {
        String v = s.get(key);
        if (v == null || v.isBlank()) {
            return def;
        }
        return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("setting '" + key + "' must be true or false: " + v);
        };
    }

    /** Decodes, validates and optionally trims silence. */
    static final class PcmPreprocessor implements Preprocessor<PcmAudio> {
        private final AudioDecoder decoder;
        private final int sampleRate;
        private final boolean trimSilence;

        PcmPreprocessor(AudioDecoder decoder, int sampleRate, boolean trimSilence) {
            this.decoder = decoder;
            this.sampleRate = sampleRate;
            this.trimSilence = trimSilence;
        }

        @Override
        public Class<PcmAudio> outputType() {
            return PcmAudio.class;
        }

        @Override
        public PcmAudio process(AudioSource source) {
            PcmAudio pcm = decoder.decode(source, sampleRate);
            return trimSilence ? SilenceTrimmer.trim(pcm) : pcm;
        }

        int sampleRate() {
            return sampleRate;
        }

        boolean trimSilence() {
            return trimSilence;
        }

        AudioDecoder decoder() {
            return decoder;
        }
    }
}

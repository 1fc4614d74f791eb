package io.zikos.dsp.mel;

import io.zikos.api.AudioInputException;
import io.zikos.api.AudioSource;
import io.zikos.api.MelFeatures;
import io.zikos.api.PcmAudio;
import io.zikos.api.Preprocessor;
import io.zikos.api.PreprocessorProvider;
import io.zikos.core.audio.AudioTokenBudget;
import io.zikos.dsp.decode.AudioDecoder;
import io.zikos.dsp.decode.DecoderSettings;
import io.zikos.dsp.decode.PreprocessorSettings;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@value io.zikos.api.PreprocessorProvider#MUSIC_FLAMINGO_FEATURES} preprocessor: any supported audio → 16 kHz
 * mono (the shared {@link AudioDecoder}) → {@link WhisperLogMel} features with the model's window cap.
 *
 * <p>Settings (all optional): {@code maxWindows} (default 40 = Music Flamingo 2601's 20 minutes; 20 for AF3 /
 * music-flamingo-hf), {@code overflow} ({@code TRUNCATE_WITH_WARNING}, the default and what the Hugging Face
 * processors do, or {@code REJECT}, which fails with {@link AudioInputException.Problem#TOO_LONG}),
 * {@code maxDecodeSeconds} (default 3600: longer files are refused before decoding to bound memory),
 * {@code minSeconds} (default 0.5), {@code tempDir}. Unknown keys are rejected.
 */
public final class MusicFlamingoFeaturesProvider implements PreprocessorProvider {

    private static final Set<String> KEYS = Set.of("maxWindows", "overflow", "maxDecodeSeconds", "minSeconds",
            "tempDir");
    public static final int DEFAULT_MAX_WINDOWS = WhisperLogMel.MAX_WINDOWS_MF;
    public static final double DEFAULT_MAX_DECODE_SECONDS = 3600;

    @Override
    public String name() {
        return MUSIC_FLAMINGO_FEATURES;
    }

    @Override
    public Preprocessor<MelFeatures> create(Map<String, String> settings) {
        PreprocessorSettings s = PreprocessorSettings.of(MUSIC_FLAMINGO_FEATURES, settings, KEYS);
        int maxWindows;
        try {
            maxWindows = Integer.parseInt(s.text("maxWindows", String.valueOf(DEFAULT_MAX_WINDOWS)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("maxWindows must be a whole number of 30 s windows (20 for AF3, 40 for"
                    + " Music Flamingo 2601): " + s.text("maxWindows", ""), e);
        }
        if (maxWindows < 1 || maxWindows > 1000) {
            throw new IllegalArgumentException("maxWindows must be between 1 and 1000: " + maxWindows);
        }
        AudioTokenBudget.Policy overflow;
        try {
            overflow = AudioTokenBudget.Policy.valueOf(
                    s.text("overflow", "TRUNCATE_WITH_WARNING").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("overflow must be TRUNCATE_WITH_WARNING or REJECT: "
                    + s.text("overflow", ""), e);
        }
        DecoderSettings decoding = s.decoderSettings(s.number("maxDecodeSeconds", DEFAULT_MAX_DECODE_SECONDS));
        return new Features(new AudioDecoder(decoding), maxWindows, overflow);
    }

    /** Decode, then features. */
    static final class Features implements Preprocessor<MelFeatures> {
        private static final Logger LOG = LoggerFactory.getLogger(Features.class);

        private final AudioDecoder decoder;
        private final int maxWindows;
        private final AudioTokenBudget.Policy overflow;

        Features(AudioDecoder decoder, int maxWindows, AudioTokenBudget.Policy overflow) {
            this.decoder = decoder;
            this.maxWindows = maxWindows;
            this.overflow = overflow;
        }

        @Override
        public Class<MelFeatures> outputType() {
            return MelFeatures.class;
        }

        @Override
        public MelFeatures process(AudioSource source) {
            PcmAudio pcm = decoder.decode(source, WhisperLogMel.SAMPLE_RATE);
            int needed = WhisperLogMel.windowsNeeded(pcm.samples().length);
            double capSeconds = maxWindows * (double) WhisperLogMel.WINDOW_SECONDS;
            if (needed > maxWindows) {
                if (overflow == AudioTokenBudget.Policy.REJECT) {
                    throw new AudioInputException(AudioInputException.Problem.TOO_LONG, source.displayName(),
                            String.format(Locale.ROOT, "%.1f s of audio is longer than the model's %.0f s; trim it"
                                    + " or allow truncation (overflow=TRUNCATE_WITH_WARNING)",
                                    pcm.durationSeconds(), capSeconds));
                }
                LOG.warn("{}: audio duration ({} s) exceeds {} s; using the first {} s",
                        source.displayName(), String.format(Locale.ROOT, "%.1f", pcm.durationSeconds()),
                        (int) capSeconds, (int) capSeconds);
            }
            return WhisperLogMel.compute(pcm.samples(), maxWindows, true);
        }
    }
}

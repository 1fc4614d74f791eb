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
        PreprocessorSettings s = PreprocessorSettings.of(PCM, settings, KEYS);
        double rate = s.number("sampleRate", DEFAULT_SAMPLE_RATE);
        if (rate < 1000 || rate > 384_000 || rate != Math.rint(rate)) {
            throw new IllegalArgumentException("sampleRate must be a whole number of Hz between 1000 and 384000: "
                    + s.text("sampleRate", ""));
        }
        DecoderSettings decoding = s.decoderSettings(s.number("maxSeconds", DecoderSettings.DEFAULT_MAX_SECONDS));
        return new PcmPreprocessor(new AudioDecoder(decoding), (int) rate, s.flag("trimSilence", false));
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

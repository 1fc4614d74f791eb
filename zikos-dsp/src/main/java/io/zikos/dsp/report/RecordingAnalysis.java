package io.zikos.dsp.report;

import io.zikos.api.AudioSource;
import io.zikos.api.PcmAudio;
import io.zikos.dsp.analysis.Analysis;
import io.zikos.dsp.analysis.AnalysisOptions;
import io.zikos.dsp.analysis.Analyzer;
import io.zikos.dsp.analysis.HalfBandDecimator;
import io.zikos.dsp.analysis.Instrument;
import io.zikos.dsp.decode.AudioDecoder;
import io.zikos.dsp.decode.SilenceTrimmer;
import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Decode, trim silence (keeping the offset) and analyse: the one path shared by the CLI and the tools.
 * PCM WAV files at twice the analysis rate (44.1 kHz) are read in Java and halved here, which is much faster than a
 * decoder process; everything else goes through {@link AudioDecoder}. Thread-safe.
 */
public final class RecordingAnalysis {
    private final AudioDecoder decoder;

    public RecordingAnalysis() {
        this(AudioDecoder.withDefaults());
    }

    public RecordingAnalysis(AudioDecoder decoder) {
        this.decoder = decoder;
    }

    /** Decodes to mono PCM at {@link Analyzer#SAMPLE_RATE} with leading and trailing silence trimmed. */
    public PcmAudio decode(AudioSource source) {
        int rate = Analyzer.SAMPLE_RATE;
        if (source instanceof AudioSource.FileSource f && pcmWavRate(f.path()) == 2 * rate) {
            PcmAudio full = decoder.decode(source, 2 * rate);
            float[] half = HalfBandDecimator.decimate(full.samples());
            return SilenceTrimmer.trim(new PcmAudio(half, rate, full.offsetSeconds(), full.originalDuration(),
                    full.sourceName()));
        }
        return SilenceTrimmer.trim(decoder.decode(source, rate));
    }

    /**
     * @throws io.zikos.api.AudioInputException when the audio cannot be used (the message says why and what to do)
     */
    public Analysis analyze(AudioSource source, Instrument instrument) {
        return analyze(source, AnalysisOptions.of(instrument));
    }

    /**
     * @param options the instrument and metre, when the player gave them
     * @throws io.zikos.api.AudioInputException when the audio cannot be used (the message says why and what to do)
     */
    public Analysis analyze(AudioSource source, AnalysisOptions options) {
        return new Analyzer(options).analyze(decode(source));
    }

    /** The rate of a plain PCM WAV file, or -1 for anything else (which the decoder then handles). */
    private static int pcmWavRate(Path file) {
        try {
            AudioFileFormat ff = AudioSystem.getAudioFileFormat(file.toFile());
            AudioFormat f = ff.getFormat();
            boolean pcm = f.getEncoding() == AudioFormat.Encoding.PCM_SIGNED
                    || f.getEncoding() == AudioFormat.Encoding.PCM_UNSIGNED;
            return ff.getType() == AudioFileFormat.Type.WAVE && pcm ? Math.round(f.getSampleRate()) : -1;
        } catch (UnsupportedAudioFileException | IOException | RuntimeException e) {
            return -1;
        }
    }
}

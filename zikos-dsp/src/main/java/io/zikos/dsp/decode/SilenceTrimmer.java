package io.zikos.dsp.decode;

import io.zikos.api.PcmAudio;
import java.util.Arrays;

/**
 * Cuts leading and trailing silence from decoded audio, keeping where the kept part lies in the original file in
 * {@link PcmAudio#offsetSeconds()} so analysis results can be reported against the original time line.
 *
 * <p>Silence is relative, so it works the same for quiet and loud recordings and ignores a steady room-noise floor:
 * 10 ms frames whose RMS is more than {@value #DEFAULT_THRESHOLD_DB} dB below the loudest frame count as silent.
 * A margin of {@value #DEFAULT_MARGIN_SECONDS} s is kept on both sides so soft onsets
 * and decays are not clipped.
 */
public final class SilenceTrimmer {

    public static final double DEFAULT_THRESHOLD_DB = 40;
    public static final double DEFAULT_MARGIN_SECONDS = 0.05;
    private static final double FRAME_SECONDS = 0.010;

    private SilenceTrimmer() {
    }

    /** Trims with the default threshold and margin. */
    public static PcmAudio trim(PcmAudio audio) {
        return trim(audio, DEFAULT_THRESHOLD_DB, DEFAULT_MARGIN_SECONDS);
    }

    /**
     * @param thresholdDb how far below the loudest frame a frame must be to count as silent (positive dB)
     * @param marginSeconds sound kept before the first and after the last non-silent frame
     * @return the trimmed audio, or {@code audio} itself when nothing is trimmed or everything is silent
     */
    public static PcmAudio trim(PcmAudio audio, double thresholdDb, double marginSeconds) {
        if (thresholdDb <= 0 || marginSeconds < 0) {
            throw new IllegalArgumentException("thresholdDb must be > 0 and marginSeconds >= 0");
        }
        float[] x = audio.samples();
        int frame = Math.max(1, (int) Math.round(FRAME_SECONDS * audio.sampleRate()));
        int frames = (x.length + frame - 1) / frame;
        if (frames == 0) {
            return audio;
        }
        double[] rms = new double[frames];
        double loudest = 0;
        for (int f = 0; f < frames; f++) {
            int from = f * frame;
            int to = Math.min(x.length, from + frame);
            double s = 0;
            for (int i = from; i < to; i++) {
                s += (double) x[i] * x[i];
            }
            rms[f] = Math.sqrt(s / (to - from));
            loudest = Math.max(loudest, rms[f]);
        }
        if (loudest == 0) {
            return audio;
        }
        double threshold = loudest * Math.pow(10, -thresholdDb / 20);
        int first = 0;
        while (first < frames && rms[first] <= threshold) {
            first++;
        }
        int last = frames - 1;
        while (last > first && rms[last] <= threshold) {
            last--;
        }
        int margin = (int) Math.round(marginSeconds * audio.sampleRate());
        int start = Math.max(0, first * frame - margin);
        int end = Math.min(x.length, (last + 1) * frame + margin);
        if (start == 0 && end == x.length) {
            return audio;
        }
        return new PcmAudio(Arrays.copyOfRange(x, start, end), audio.sampleRate(),
                audio.offsetSeconds() + start / (double) audio.sampleRate(), audio.originalDuration(),
                audio.sourceName());
    }
}

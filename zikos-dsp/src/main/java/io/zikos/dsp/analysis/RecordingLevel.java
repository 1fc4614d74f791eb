package io.zikos.dsp.analysis;

/**
 * How hot the recording is: its peak and how much of it sits at full scale. A take recorded with the input gain too
 * high is clipped wherever the waveform would have gone past full scale: those stretches are flat-topped and
 * distorted, which blurs attacks and adds harmonics the pitch and onset readings do not expect. Decoding and
 * resampling round the flat tops off, so "at full scale" counts samples within half a decibel of it.
 *
 * @param peakDbfs         the largest sample magnitude, in dB relative to full scale (may exceed 0 after decoding)
 * @param fullScalePercent the share of samples within {@link #FULL_SCALE_DB} of full scale, in percent
 */
public record RecordingLevel(double peakDbfs, double fullScalePercent) {
    /** Samples this close to full scale (dB) count as at full scale. */
    public static final double FULL_SCALE_DB = 0.5;
    /**
     * From this share of samples at full scale (percent) the take is called clipped. The share alone cannot tell a
     * clipped take from one normalised to full scale whose notes are all about as loud (evenly played synthetic
     * notes peak-normalised to 0 dBFS: 0.55 %; a sine at full scale: 21 %), so the bar is set above the normalised
     * case: the same notes clipped by 1 dB put 2.8 % of the samples there. On rendered takes of eight instruments,
     * clipping by 14 dB gives 5-30 % (all caught), by 6 dB 0.3-3 % (about half caught), by 3 dB under 0.6 % (none).
     */
    public static final double CLIPPED_PERCENT = 1.0;

    /** Measures the level of mono samples (full scale = 1.0). */
    public static RecordingLevel measure(float[] samples) {
        if (samples.length == 0) {
            return new RecordingLevel(Double.NEGATIVE_INFINITY, 0);
        }
        double limit = Math.pow(10, -FULL_SCALE_DB / 20);
        double peak = 0;
        long atFullScale = 0;
        for (float v : samples) {
            double a = Math.abs(v);
            peak = Math.max(peak, a);
            if (a >= limit) {
                atFullScale++;
            }
        }
        return new RecordingLevel(peak > 0 ? 20 * Math.log10(peak) : Double.NEGATIVE_INFINITY,
                100.0 * atFullScale / samples.length);
    }

    /**
     * Whether the waveform reaches full scale (within {@link #FULL_SCALE_DB}) within one analysis frame of time
     * {@code seconds}: a take recorded too loud is clipped there, and a flux peak there may be the clipping's own.
     */
    static boolean clippedNear(float[] samples, int sampleRate, double seconds) {
        double limit = Math.pow(10, -FULL_SCALE_DB / 20);
        int centre = (int) Math.round(seconds * sampleRate);
        int from = Math.max(0, centre - FrameFeatures.FRAME);
        int to = Math.min(samples.length, centre + FrameFeatures.FRAME);
        for (int i = from; i < to; i++) {
            if (Math.abs(samples[i]) >= limit) {
                return true;
            }
        }
        return false;
    }

    /** Whether so much of the take sits at full scale that it was most likely recorded too loud and clipped. */
    public boolean clipped() {
        return fullScalePercent >= CLIPPED_PERCENT;
    }
}

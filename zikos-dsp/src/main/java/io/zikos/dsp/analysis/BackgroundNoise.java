package io.zikos.dsp.analysis;

import java.util.Arrays;

/**
 * How loud the room is under the playing. The quietest tenth of a take's frames is its floor; when those frames are
 * mostly aperiodic it is noise (room, hiss, traffic), and the signal-to-noise ratio is the loud playing (the 90th
 * percentile frame level) over it. When they are periodic, the floor is the music's own quiet notes (a take with no
 * rests) and no noise level can be read.
 *
 * @param floorDbfs       the noise floor (dBFS), NaN when the quietest frames are music, not noise, or digital silence
 * @param signalToNoiseDb the loud playing over the noise floor (dB), NaN when there is no noise floor to read
 */
public record BackgroundNoise(double floorDbfs, double signalToNoiseDb) {
    /** Below this signal-to-noise ratio (dB) the report says the room is too loud. */
    public static final double NOISY_BELOW_DB = 20;
    /**
     * The quietest frames are noise when at least this share of them is aperiodic. Measured on rendered takes: with
     * pink noise at 10–30 dB SNR 76–100 % of them are (two clips of 67: 29 % and 53 %), in clean, reverberant and MP3
     * takes 1–27 % (one of 77: 49 %, one 58 %).
     */
    static final double NOISE_SHARE = 0.7;
    /** A frame with NSDF clarity under this is aperiodic. */
    static final double APERIODIC_CLARITY = 0.5;
    /** Frames within this much (dB) of the floor count as the floor's. */
    static final double FLOOR_BAND_DB = 3;
    /**
     * A floor at or under this level (dBFS) is digital silence (rests left untouched, exact zeros read as -180), not
     * a room: there is no noise to report. (Its frames would pass for noise: the pitch track does not measure the
     * periodicity of frames that far under the playing, and calls them aperiodic.)
     */
    static final double DIGITAL_SILENCE_DBFS = -140;

    /** No measurable noise floor (or no audio). */
    public static final BackgroundNoise NONE = new BackgroundNoise(Double.NaN, Double.NaN);

    /** Reads the noise floor from a recording's frame levels and periodicity. */
    public static BackgroundNoise measure(FrameFeatures f) {
        if (f.frames() < 10) {
            return NONE;
        }
        float[] sorted = f.levelArray().clone();
        Arrays.sort(sorted);
        double floor = sorted[sorted.length / 10];
        if (floor <= DIGITAL_SILENCE_DBFS) {
            return NONE;
        }
        double loud = sorted[sorted.length * 9 / 10];
        int quiet = 0;
        int aperiodic = 0;
        for (int t = 0; t < f.frames(); t++) {
            if (f.levelDb(t) <= floor + FLOOR_BAND_DB) {
                quiet++;
                if (f.clarity(t) < APERIODIC_CLARITY) {
                    aperiodic++;
                }
            }
        }
        if (aperiodic < NOISE_SHARE * quiet) {
            return NONE;
        }
        return new BackgroundNoise(floor, loud - floor);
    }

    /** Whether the room is so loud, relative to the playing, that soft notes and fine readings suffer. */
    public boolean noisy() {
        return signalToNoiseDb < NOISY_BELOW_DB;
    }
}

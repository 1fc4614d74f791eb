package io.zikos.dsp.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The level valley that tells a re-articulated note: a note played again often begins with a transient that makes the
 * flux peak while the old note is still dying away, so the bottom of the break lies just after the peak.
 */
class LevelValleyTest {
    /** 11.6 ms frames, as at 22.05 kHz with a 256-sample hop. */
    static final double FS = 256 / 22050.0;

    static final int AFTER = (int) Math.round(OnsetDetector.VALLEY_AFTER_S / FS);

    private static double depth(float[] level, int peak) {
        return OnsetDetector.valleyDepth(level, OnsetDetector.valleyFrame(level, peak, FS, AFTER), FS);
    }

    /** A steady -20 dB with a break {@code depth} dB deep whose bottom is at frame {@code bottom}. */
    private static float[] levelWithBreak(int bottom, double depth) {
        float[] level = new float[80];
        for (int k = 0; k < level.length; k++) {
            int d = Math.abs(k - bottom);
            level[k] = (float) (-20 - Math.max(0, depth * (1 - d / 3.0)));
        }
        return level;
    }

    @Test
    void aBreakJustAfterTheFluxPeakCounts() {
        int peak = 40;
        // bottom 2 frames (23 ms) after the flux peak
        float[] level = levelWithBreak(peak + 2, 7);
        assertEquals(peak + 2, OnsetDetector.valleyFrame(level, peak, FS, AFTER));
        assertEquals(7, depth(level, peak), 1e-4);
    }

    @Test
    void aBreakBeforeTheFluxPeakStillCounts() {
        int peak = 40;
        float[] level = levelWithBreak(peak - 3, 7);
        assertEquals(peak - 3, OnsetDetector.valleyFrame(level, peak, FS, AFTER));
        assertEquals(7, depth(level, peak), 1e-4);
    }

    @Test
    void aBreakWellAfterTheFluxPeakBelongsToALaterEvent() {
        int peak = 40;
        // 70 ms after the peak: the next onset's valley, not this one's
        float[] level = levelWithBreak(peak + 6, 7);
        assertEquals(0, depth(level, peak), 1e-4);
    }
}

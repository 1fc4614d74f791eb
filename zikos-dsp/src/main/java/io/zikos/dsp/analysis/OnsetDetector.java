package io.zikos.dsp.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Note onsets from the spectral-flux detection function: peaks that stand above an adaptive threshold (a local mean
 * plus a margin scaled to the recording's own flux level), at least {@link #MIN_GAP_S} apart, above the noise floor,
 * and not a note's release. Peak times are moved back along the rise to where it began, so slow attacks (bowed
 * strings, flute, voice) are timed at their start rather than at their steepest point.
 */
public final class OnsetDetector {
    /** Two onsets closer than this are one onset. */
    public static final double MIN_GAP_S = 0.05;

    /** A valley at least this deep (dB, both sides) before an onset is where the note began to sound. */
    static final double VALLEY_ONSET_DB = 6;
    /**
     * The level valley of a re-articulation is looked for up to this long (s) after the flux peak too: a note played
     * again often begins with a transient (bow noise, a consonant, a slightly different pitch) that makes the flux
     * peak while the old note is still dying away and the new one has not grown, so the sound breaks just after it.
     */
    static final double VALLEY_AFTER_S = 0.04;

    private final double delta;

    public OnsetDetector() {
        this(0.16);
    }

    /** @param delta threshold margin as a fraction of the recording's 95th-percentile flux */
    public OnsetDetector(double delta) {
        this.delta = delta;
    }

    /**
     * An onset.
     *
     * @param time     seconds
     * @param frame    frame of the flux peak
     * @param strength flux peak over the recording's 95th-percentile flux
     * @param salience flux peak over the median flux within ±0.35 s (how much it stands out locally)
     * @param riseDb   level rise from just before the onset to the following 0.1 s
     * @param fallDb   how far the level falls within 60 ms after the onset (a dying note rather than a new one)
     * @param dipDb    depth of the level valley around the onset (from 60 ms before to 40 ms after the flux peak), as
     *                 the smaller of the fall into it (from the preceding 120 ms) and the rise out of it (to the
     *                 following 100 ms): a re-articulated note breaks the sound briefly even when its new attack is
     *                 soft
     * @param soundTime when the note is heard to start: {@code time}, or the bottom of a deep level valley just
     *                 before it, where the previous note has gone and a soft attack begins to grow (the pitch is still
     *                 measured after {@code time}, clear of the previous note's release)
     */
    public record Onset(double time, int frame, double strength, double salience, double riseDb, double fallDb,
                        double dipDb, double soundTime) {
    }

    public List<Onset> detect(FrameFeatures f) {
        float[] flux = f.fluxArray();
        float[] level = f.levelArray();
        int frames = f.frames();
        double fs = f.frameSeconds();
        float maxLevel = -200;
        for (float l : level) {
            maxLevel = Math.max(maxLevel, l);
        }
        float floor = maxLevel - 45f;
        float[] active = new float[frames];
        int na = 0;
        for (int t = 0; t < frames; t++) {
            if (level[t] > floor) {
                active[na++] = flux[t];
            }
        }
        if (na < 4) {
            return List.of();
        }
        float[] sorted = Arrays.copyOf(active, na);
        Arrays.sort(sorted);
        double scale = Math.max(1e-6, sorted[(int) (0.95 * (na - 1))]);
        // a steady tone has almost no flux, so its 95th percentile is tiny: never take peaks under 3 % of the largest
        double floorFlux = 0.03 * sorted[na - 1];
        int before = Math.max(1, (int) Math.round(0.10 / fs));
        int after = Math.max(1, (int) Math.round(0.04 / fs));
        int peakHalf = Math.max(1, (int) Math.round(0.03 / fs));
        int minGap = Math.max(1, (int) Math.round(MIN_GAP_S / fs));
        int afterPeak = (int) Math.round(VALLEY_AFTER_S / fs);
        // prefix sums for the moving mean
        double[] cum = new double[frames + 1];
        for (int t = 0; t < frames; t++) {
            cum[t + 1] = cum[t] + flux[t];
        }
        List<Onset> out = new ArrayList<>();
        // sound from the very first frame (a recording that starts mid-note) has no rise to detect: it starts a note
        if (level[0] > floor || (frames > 1 && level[1] > floor)) {
            out.add(new Onset(0.0, 0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0));
        }
        for (int t = 1; t < frames - 1; t++) {
            if (level[t] <= floor && (t + 2 >= frames || level[t + 2] <= floor)) {
                continue;
            }
            float v = flux[t];
            boolean isMax = true;
            for (int k = Math.max(0, t - peakHalf); k <= Math.min(frames - 1, t + peakHalf); k++) {
                if (flux[k] > v || (flux[k] == v && k < t)) {
                    isMax = false;
                    break;
                }
            }
            if (!isMax) {
                continue;
            }
            int a = Math.max(0, t - before);
            int b = Math.min(frames, t + after + 1);
            double mean = (cum[b] - cum[a]) / (b - a);
            double threshold = Math.max(floorFlux, mean + delta * scale);
            if (v <= threshold) {
                continue;
            }
            if (isRelease(level, t, fs)) {
                continue;
            }
            double strength = v / scale;
            double time = refine(flux, t, fs);
            double salience = v / Math.max(1e-9, localMedian(flux, t, (int) Math.round(0.35 / fs), level, floor));
            float dip = Float.MAX_VALUE;
            for (int k = Math.max(0, t - (int) Math.round(0.045 / fs)); k <= t; k++) {
                dip = Math.min(dip, level[k]);
            }
            float post = -Float.MAX_VALUE;
            for (int k = t; k < Math.min(frames, t + (int) Math.round(0.1 / fs) + 1); k++) {
                post = Math.max(post, level[k]);
            }
            double rise = post - dip;
            float low = level[t];
            for (int k = t; k < Math.min(frames, t + (int) Math.round(0.06 / fs) + 1); k++) {
                low = Math.min(low, level[k]);
            }
            double fall = level[t] - low;
            double valley = valleyDepth(level, valleyFrame(level, t, fs, afterPeak), fs);
            // a note rising out of a deep valley before its flux peak began at the valley's bottom: the flux peaks
            // only once a soft attack has grown (out of silence, the flux rise itself times the attack, and the
            // quietest frame lies half a window before it)
            int bottom = valleyFrame(level, t, fs, 0);
            double start = valleyDepth(level, bottom, fs) >= VALLEY_ONSET_DB && level[bottom] > floor
                    ? Math.min(time, bottom * fs) : time;
            if (!out.isEmpty() && t - out.get(out.size() - 1).frame() < minGap) {
                Onset prev = out.get(out.size() - 1);
                if (strength > prev.strength()) {
                    out.set(out.size() - 1, new Onset(time, t, strength, salience, rise, fall, valley, start));
                }
                continue;
            }
            out.add(new Onset(time, t, strength, salience, rise, fall, valley, start));
        }
        return out;
    }

    /**
     * The onset time: from the flux peak, back along the rise (while the flux keeps falling towards the past and stays
     * above a quarter of the peak, at most 7 frames), so slow attacks are timed where they start and the walk stops at
     * the valley before an earlier event.
     */
    private static double refine(float[] flux, int t, double fs) {
        float half = 0.25f * flux[t];
        int j = t;
        while (j > 0 && flux[j - 1] >= half && flux[j - 1] <= flux[j] && t - j < 7) {
            j--;
        }
        return j * fs;
    }

    /**
     * A note's release (the sound dying away) also changes the spectrum; it is no onset when the level 50–90 ms later
     * has fallen more than 12 dB below the level around the peak without having risen into it.
     */
    static boolean isRelease(float[] level, int t, double fs) {
        int a = Math.max(0, t - (int) Math.round(0.02 / fs));
        int b = Math.min(level.length - 1, t + (int) Math.round(0.01 / fs));
        float around = -Float.MAX_VALUE;
        for (int k = a; k <= b; k++) {
            around = Math.max(around, level[k]);
        }
        int c = t + (int) Math.round(0.05 / fs);
        int d = t + (int) Math.round(0.09 / fs);
        if (c >= level.length) {
            return true;
        }
        float later = -Float.MAX_VALUE;
        for (int k = c; k <= Math.min(level.length - 1, d); k++) {
            later = Math.max(later, level[k]);
        }
        // a struck sound also decays fast (a click, a pluck); it differs from a release by rising first
        float before = -Float.MAX_VALUE;
        // (far enough back that the analysis window, half a frame wide, does not yet reach the onset)
        for (int k = Math.max(0, t - (int) Math.round(0.08 / fs)); k <= Math.max(0, t - (int) Math.round(0.045 / fs));
             k++) {
            before = Math.max(before, level[k]);
        }
        return later < around - 12 && around < before + 6;
    }

    /**
     * Depth of the level valley whose bottom is frame {@code v}: against the loudest level in the 120 ms before it and
     * in the 100 ms after it, the smaller of the two.
     */
    static double valleyDepth(float[] level, int v, double fs) {
        float pre = level[v];
        for (int k = Math.max(0, v - (int) Math.round(0.12 / fs)); k < v; k++) {
            pre = Math.max(pre, level[k]);
        }
        float post = level[v];
        for (int k = v + 1; k < Math.min(level.length, v + (int) Math.round(0.1 / fs) + 1); k++) {
            post = Math.max(post, level[k]);
        }
        return Math.min(pre - level[v], post - level[v]);
    }

    /**
     * The quietest frame from 60 ms before the flux peak at {@code t} to {@code after} frames after it (the latest of
     * equals).
     */
    static int valleyFrame(float[] level, int t, double fs, int after) {
        int v = t;
        for (int k = Math.min(level.length - 1, t + after); k >= Math.max(0, t - (int) Math.round(0.06 / fs)); k--) {
            if (level[k] < level[v]) {
                v = k;
            }
        }
        return v;
    }

    /** Median flux over ±w frames of sounding audio: the background that vibrato and noise produce. */
    private static double localMedian(float[] flux, int t, int w, float[] level, float floor) {
        int a = Math.max(0, t - w);
        int b = Math.min(flux.length, t + w + 1);
        float[] tmp = new float[b - a];
        int n = 0;
        for (int i = a; i < b; i++) {
            if (level[i] > floor) {
                tmp[n++] = flux[i];
            }
        }
        if (n == 0) {
            return 1e-9;
        }
        Arrays.sort(tmp, 0, n);
        return tmp[n / 2];
    }
}

package io.zikos.dsp.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tempo, beats and a locally fitted metrical grid from note onsets.
 *
 * <p>Method: (1) the grid unit (tatum) is the largest period of which nearly all inter-onset intervals are whole
 * multiples; (2) onsets are given integer grid positions by walking the intervals with a tempo that follows drift;
 * (3) the beat is one or two tatums: two when onsets on odd tatums are clearly rarer than on even ones (an
 * off-beat subdivision), with the busier parity on the beat; (4) a locally weighted robust line of onset time
 * against grid position (LOWESS with bisquare weights over about two bars) gives the beat times, the tempo curve and,
 * left out one note at a time, each note's deviation from where the grid expected it.
 */
public final class BeatGrid {
    private final double[] onsets;
    private final int[] positions;
    private final double tatum;
    private final int tatumsPerBeat;
    private final int beatParity;
    private final double[] beats;
    private final double[] beatBpm;
    private final double[] deviations;

    private BeatGrid(double[] onsets, int[] positions, double tatum, int tatumsPerBeat, int beatParity,
                     double[] beats, double[] beatBpm, double[] deviations) {
        this.onsets = onsets;
        this.positions = positions;
        this.tatum = tatum;
        this.tatumsPerBeat = tatumsPerBeat;
        this.beatParity = beatParity;
        this.beats = beats;
        this.beatBpm = beatBpm;
        this.deviations = deviations;
    }

    /** Beat times in seconds. */
    public double[] beats() {
        return beats.clone();
    }

    /** Local tempo at each beat (bpm). */
    public double[] beatBpm() {
        return beatBpm.clone();
    }

    /** The tempo as 60 / median beat interval. */
    public double bpm() {
        if (beats.length < 2) {
            return 0;
        }
        double[] d = new double[beats.length - 1];
        for (int i = 1; i < beats.length; i++) {
            d[i - 1] = beats[i] - beats[i - 1];
        }
        return 60.0 / median(d);
    }

    /** Seconds per grid unit (the subdivision timing is judged against). */
    public double tatum() {
        return tatum;
    }

    /** 1 when the subdivision is the beat, 2 when the beat is divided in two. */
    public int tatumsPerBeat() {
        return tatumsPerBeat;
    }

    /** Grid position (in tatums) of onset i. */
    public int position(int i) {
        return positions[i];
    }

    /** Beat number (0-based, fractional for off-beats) of onset i counted from the first beat. */
    public double beatIndex(int i) {
        return (positions[i] - beatParity) / (double) tatumsPerBeat - firstBeatOffset();
    }

    private double firstBeatOffset() {
        if (beats.length == 0) {
            return 0;
        }
        int firstPos = (int) Math.round(firstBeatPosition);
        return (firstPos - beatParity) / (double) tatumsPerBeat;
    }

    private double firstBeatPosition;
    private double offBeatRatio;

    /** Onsets on the rarer tatum parity over those on the busier one (1 = every tatum equally used). */
    public double offBeatRatio() {
        return offBeatRatio;
    }

    /** Onset i minus the time the locally fitted grid predicts without it, in seconds. */
    public double deviation(int i) {
        return deviations[i];
    }

    public int size() {
        return onsets.length;
    }

    /**
     * Fits the grid.
     *
     * @param onsetTimes sorted onset times (seconds)
     * @param endTime    when the music stops sounding (beats are extrapolated up to it)
     * @return the grid, or {@code null} when there are too few onsets
     */
    public static BeatGrid fit(double[] onsetTimes, double endTime) {
        return fit(onsetTimes, null, endTime);
    }

    /**
     * Fits the grid, estimating the tatum only from the onsets marked reliable (clear attacks or pitch changes), so
     * that spurious onsets inside sustained notes do not blur it; every onset still gets a grid position.
     *
     * @param onsetTimes sorted onset times (seconds)
     * @param reliable   per onset, whether it may inform the tempo (null: all)
     * @param endTime    when the music stops sounding
     */
    public static BeatGrid fit(double[] onsetTimes, boolean[] reliable, double endTime) {
        return fit(onsetTimes, onsetTimes, reliable, endTime, true);
    }

    /**
     * Fits the grid to notes timed two ways: {@code attackTimes}, where each attack shows in the spectral flux (the
     * grid positions and each note's deviation are measured on these: their lag is the same for every note of an
     * instrument), and {@code startTimes}, where each note was heard to begin (earlier for soft attacks whose new
     * pitch is there before the flux peak). The tatum is taken from whichever series is the more regular — the
     * better fit of the two estimates: in noise or on a slow-speaking horn the flux peaks scatter around the notes'
     * starts, on a clean, sharp attack the two coincide.
     *
     * @param attackTimes per note, when its attack was detected (seconds)
     * @param startTimes  per note, when it began (seconds), in the same order
     * @param reliable    per note, whether it may inform the tempo (null: all)
     * @param endTime     when the music stops sounding
     * @throws IllegalArgumentException when the two timings do not hold the same number of notes
     */
    public static BeatGrid fit(double[] attackTimes, double[] startTimes, boolean[] reliable, double endTime) {
        if (startTimes.length != attackTimes.length) {
            throw new IllegalArgumentException("attack and start times must time the same notes: "
                    + attackTimes.length + " attacks, " + startTimes.length + " starts");
        }
        return fit(attackTimes, startTimes, reliable, endTime, true);
    }

    /**
     * Fits the grid to the attacks of chords (or of unpitched sound), where a tatum that is a plausible beat is taken
     * as the beat whatever the off-beat ratio: under held chords the attacks between them (a bass note under a pad)
     * are the ones most often missed, which makes every other beat look like an off-beat and would halve the tempo.
     *
     * @param onsetTimes sorted attack times (seconds)
     * @param endTime    when the music stops sounding
     */
    public static BeatGrid fitAccompaniment(double[] onsetTimes, double endTime) {
        return fit(onsetTimes, onsetTimes, null, endTime, false);
    }

    private static BeatGrid fit(double[] onsetTimes, double[] startTimes, boolean[] reliable, double endTime,
                                boolean offBeatsTrusted) {
        double[] on = onsetTimes.clone();
        Arrays.sort(on);
        if (on.length < 4) {
            return null;
        }
        Tatum byAttacks = tatumOf(reliableOnes(onsetTimes, reliable));
        Tatum byStarts = startTimes == onsetTimes ? byAttacks : tatumOf(reliableOnes(startTimes, reliable));
        double g = (byStarts.fit() > byAttacks.fit() ? byStarts : byAttacks).period();
        if (g <= 0) {
            return null;
        }
        int[] walk = positions(on, g);
        double offBeat = offBeatRatio(walk);
        // The beat is the tatum when the off-beats are used nearly as often as the beats and the tatum is a plausible
        // beat (at most 150 bpm, or 180 bpm when every tatum is used); otherwise the tatum is a subdivision (eighths)
        // and the beat is two tatums, unless that would be slower than about 57 bpm. Attacks of chords only tell the
        // tatum (see fitAccompaniment).
        int perBeat = 1;
        double beatSec = g;
        boolean tatumIsBeat = (offBeat >= 0.7 && g >= 0.4) || (offBeat >= 0.85 && g >= 0.33)
                || (!offBeatsTrusted && g >= 0.4);
        if (!tatumIsBeat && 2 * g <= 1.05) {
            perBeat = 2;
            beatSec = 2 * g;
        }
        while (beatSec < 0.3 && perBeat < 4) {
            perBeat *= 2;
            beatSec *= 2;
        }
        // beat phase and local tempo by dynamic programming over the onset envelope, then every onset gets the
        // nearest grid position between those beats
        double[] dpBeats = trackBeats(on, beatSec, endTime);
        int[] pos = new int[on.length];
        for (int i = 0; i < on.length; i++) {
            pos[i] = (int) Math.round(beatIndex(dpBeats, on[i], beatSec) * perBeat);
        }
        int parity = 0;
        Lowess fit = new Lowess(pos, on, Math.max(8, 8 * perBeat));
        double[] dev = new double[on.length];
        for (int i = 0; i < on.length; i++) {
            dev[i] = on[i] - fit.predict(pos[i], i);
        }
        // beats: every beat position from the first onset's beat to the end of the sound
        int firstBeatPos = pos[0] - Math.floorMod(pos[0] - parity, perBeat);
        List<Double> bt = new ArrayList<>();
        List<Double> bpm = new ArrayList<>();
        // past the last onset the local line is extrapolated from there: refitting it ever further out would let it
        // swing back and put a beat before the one already placed
        int lastPos = pos[on.length - 1];
        double lastTime = fit.predict(lastPos, -1);
        double lastSlope = fit.slope(lastPos);
        for (int p = firstBeatPos; ; p += perBeat) {
            double t = p <= lastPos ? fit.predict(p, -1) : lastTime + lastSlope * (p - lastPos);
            if (t > endTime + 0.1 * beatSec || bt.size() > 100_000) {
                break;
            }
            if (t >= 0 && (bt.isEmpty() || t > bt.get(bt.size() - 1))) {
                bt.add(t);
                double slope = p <= lastPos ? fit.slope(p) : lastSlope;
                bpm.add(60.0 / (slope * perBeat));
            }
        }
        BeatGrid grid = new BeatGrid(on, pos, g, perBeat, parity,
                bt.stream().mapToDouble(Double::doubleValue).toArray(),
                bpm.stream().mapToDouble(Double::doubleValue).toArray(), dev);
        grid.firstBeatPosition = firstBeatPos;
        grid.offBeatRatio = offBeat;
        return grid;
    }

    /** Shortest tatum (s) taken without question; see {@link #tatum}. */
    static final double MIN_LIKELY_TATUM = 0.17;
    /** Envelope frames per second for the beat tracker. */
    private static final double ENV_RATE = 100;
    /** How strongly the tracker keeps the beat period (Ellis 2007 "tightness"). */
    private static final double TIGHTNESS = 100;

    /**
     * Dynamic-programming beat tracker (Ellis 2007) over a smoothed onset envelope: each beat is placed on onsets as
     * far as possible while inter-beat intervals stay close to the period; beats after the last onset continue at the
     * final period up to the end of the sound.
     */
    static double[] trackBeats(double[] on, double period, double endTime) {
        double start = Math.max(0, on[0] - 0.05);
        int n = (int) Math.ceil((Math.max(endTime, on[on.length - 1]) - start) * ENV_RATE) + 2;
        double[] env = new double[n];
        double sigma = 0.02 * ENV_RATE;
        for (double t : on) {
            double c = (t - start) * ENV_RATE;
            int a = Math.max(0, (int) Math.floor(c - 3 * sigma));
            int b = Math.min(n - 1, (int) Math.ceil(c + 3 * sigma));
            for (int k = a; k <= b; k++) {
                double d = (k - c) / sigma;
                env[k] += Math.exp(-0.5 * d * d);
            }
        }
        double p = period * ENV_RATE;
        double[] score = new double[n];
        int[] back = new int[n];
        int lo = (int) Math.round(p / 2);
        int hi = (int) Math.round(2 * p);
        double[] penalty = new double[hi + 1];
        for (int d = 1; d <= hi; d++) {
            double l = Math.log(d / p);
            penalty[d] = -TIGHTNESS * l * l;
        }
        // a chain of beats may start only up to the first onset (and frames with no predecessor in reach); further
        // on, a few beats without onsets (long notes, eighths between the beats) and one late note could cost the
        // chain more than the onsets before gave it, and starting afresh would lose those beats (librosa's tracker,
        // after Ellis 2007, likewise links every frame after the first onset)
        int lastStart = (int) Math.round((on[0] - start) * ENV_RATE + 3 * sigma);
        for (int k = 0; k < n; k++) {
            double best = 0;
            int arg = -1;
            for (int d = lo; d <= hi && k - d >= 0; d++) {
                double v = score[k - d] + penalty[d];
                if (arg < 0 || v > best) {
                    best = v;
                    arg = k - d;
                }
            }
            if (arg >= 0 && (best > 0 || k > lastStart)) {
                score[k] = env[k] + best;
                back[k] = arg;
            } else {
                score[k] = env[k];
                back[k] = -1;
            }
        }
        // end at the best-scoring frame within the last period before the last onset's region
        int lastOn = (int) Math.round((on[on.length - 1] - start) * ENV_RATE);
        int end = Math.min(n - 1, lastOn);
        int bestEnd = end;
        for (int k = Math.max(0, end - (int) Math.round(p)); k <= Math.min(n - 1, end + 2); k++) {
            if (score[k] > score[bestEnd]) {
                bestEnd = k;
            }
        }
        List<Double> beats = new ArrayList<>();
        for (int k = bestEnd; k >= 0; k = back[k]) {
            beats.add(start + k / ENV_RATE);
            if (back[k] < 0) {
                break;
            }
        }
        java.util.Collections.reverse(beats);
        double[] out = beats.stream().mapToDouble(Double::doubleValue).toArray();
        return out.length >= 2 ? out : new double[] {on[0], on[0] + period};
    }

    /** Fractional beat index of time t among the tracked beats (extrapolated with the end periods outside them). */
    static double beatIndex(double[] beats, double t, double period) {
        int n = beats.length;
        if (t <= beats[0]) {
            double p = n >= 2 ? beats[1] - beats[0] : period;
            return (t - beats[0]) / p;
        }
        if (t >= beats[n - 1]) {
            double p = n >= 2 ? beats[n - 1] - beats[n - 2] : period;
            return n - 1 + (t - beats[n - 1]) / p;
        }
        int k = Arrays.binarySearch(beats, t);
        if (k >= 0) {
            return k;
        }
        int i = -k - 2;
        return i + (t - beats[i]) / (beats[i + 1] - beats[i]);
    }

    /**
     * The sorted times marked reliable, or all of them when fewer than half (or fewer than four) are: too few to tell
     * a tempo from.
     */
    private static double[] reliableOnes(double[] times, boolean[] reliable) {
        double[] all = times.clone();
        Arrays.sort(all);
        if (reliable == null || reliable.length != times.length) {
            return all;
        }
        int k = 0;
        double[] sure = new double[times.length];
        for (int i = 0; i < times.length; i++) {
            if (reliable[i]) {
                sure[k++] = times[i];
            }
        }
        if (k < Math.max(4, times.length / 2)) {
            return all;
        }
        double[] out = Arrays.copyOf(sure, k);
        Arrays.sort(out);
        return out;
    }

    /** A tatum estimate: the period (s, negative when there are too few intervals) and how well the best fitted. */
    record Tatum(double period, double fit) {
    }

    /**
     * The largest period of which (nearly) all inter-onset intervals are whole multiples. Intervals to the next three
     * onsets are used (the nearest weighted most), so one spurious onset splitting an interval does not hide it. The
     * fit is the best candidate's weighted share of intervals on the grid less what random intervals would score.
     */
    static Tatum tatumOf(double[] on) {
        int n = on.length;
        double[] ioi = new double[3 * n];
        double[] wt = new double[3 * n];
        int m = 0;
        double wsum = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 1; k <= 3 && i + k < n; k++) {
                double d = on[i + k] - on[i];
                if (d >= 0.1 && d <= 3.0) {
                    ioi[m] = d;
                    wt[m] = k == 1 ? 1.0 : 0.5;
                    wsum += wt[m];
                    m++;
                }
            }
        }
        if (m < 3) {
            return new Tatum(-1, Double.NEGATIVE_INFINITY);
        }
        double lo = 0.12;
        double hi = 1.6;
        double ratio = 1.004;
        int steps = (int) Math.ceil(Math.log(hi / lo) / Math.log(ratio)) + 1;
        double[] fit = new double[steps];
        double[] gs = new double[steps];
        double bestFit = -1;
        int bestIdx = 0;
        for (int k = 0; k < steps; k++) {
            double g = lo * Math.pow(ratio, k);
            gs[k] = g;
            double tol = Math.min(0.04, 0.2 * g);
            double s = 0;
            for (int i = 0; i < m; i++) {
                double q = ioi[i] / g;
                long r = Math.round(q);
                if (r >= 1 && Math.abs(q - r) * g <= tol) {
                    double e = (q - r) * g / tol;
                    s += wt[i] * (1 - e * e);
                }
            }
            // subtract what random intervals would score, so tiny periods do not win by chance
            double chance = Math.min(1.0, 2 * tol / g) * (2.0 / 3.0);
            fit[k] = s / wsum - chance;
            if (fit[k] > bestFit) {
                bestFit = fit[k];
                bestIdx = k;
            }
        }
        // the largest period that fits nearly as well as the best, at a local maximum of the fit
        double chosen = -1;
        for (int i = steps - 2; i >= 1; i--) {
            if (fit[i] >= 0.8 * bestFit && fit[i] >= fit[i - 1] && fit[i] >= fit[i + 1]) {
                chosen = gs[i];
                break;
            }
        }
        if (chosen < 0) {
            chosen = gs[bestIdx];
        }
        // a tatum under 170 ms (sixteenths above 90 bpm) is more often noise in the onsets than real: prefer the
        // largest longer period that still fits half as well
        if (chosen < MIN_LIKELY_TATUM) {
            for (int i = steps - 2; i >= 1 && gs[i] >= MIN_LIKELY_TATUM; i--) {
                if (fit[i] >= 0.5 * bestFit && fit[i] >= fit[i - 1] && fit[i] >= fit[i + 1]) {
                    chosen = gs[i];
                    break;
                }
            }
        }
        return new Tatum(refineTatum(ioi, m, chosen), bestFit);
    }

    /** Least-squares tatum from the intervals assigned to multiples of the coarse estimate. */
    private static double refineTatum(double[] ioi, int m, double g) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < m; i++) {
            long r = Math.round(ioi[i] / g);
            if (r >= 1 && Math.abs(ioi[i] / g - r) < 0.25) {
                num += ioi[i] * r;
                den += (double) r * r;
            }
        }
        return den > 0 ? num / den : g;
    }

    /** Onsets per window when telling off-beats from beats: about three bars of a melody. */
    static final int PARITY_WINDOW = 12;

    /**
     * How often odd grid positions are used relative to even ones (the rarer parity over the busier), as the median
     * over windows of {@link #PARITY_WINDOW} onsets. Counted over the whole piece, one misplaced note — an onset
     * found late followed by a note played early, which the walk rounds to one tatum too few — flips the parity of
     * everything after it and makes off-beats look as common as beats; within windows, only those spanning the slip
     * are affected.
     */
    static double offBeatRatio(int[] walk) {
        if (walk.length < 2 * PARITY_WINDOW) {
            return parityRatio(walk, 0, walk.length);
        }
        List<Double> ratios = new ArrayList<>();
        for (int a = 0; a + PARITY_WINDOW <= walk.length; a += PARITY_WINDOW / 3) {
            ratios.add(parityRatio(walk, a, a + PARITY_WINDOW));
        }
        return median(ratios.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double parityRatio(int[] walk, int from, int to) {
        int even = 0;
        int odd = 0;
        for (int i = from; i < to; i++) {
            if ((walk[i] & 1) == 0) {
                even++;
            } else {
                odd++;
            }
        }
        return Math.max(even, odd) > 0 ? Math.min(even, odd) / (double) Math.max(even, odd) : 0;
    }

    /** Integer grid positions, walking the intervals with a tatum that follows slow tempo changes. */
    static int[] positions(double[] on, double g0) {
        int n = on.length;
        int[] pos = new int[n];
        double g = g0;
        for (int i = 1; i < n; i++) {
            double d = on[i] - on[i - 1];
            // zero is allowed: two onsets on one grid point means one of them is spurious or misplaced, and the
            // robust fit sorts that out; forcing a step would shift the rest of the grid by a tatum
            long r = Math.max(0, Math.round(d / g));
            pos[i] = pos[i - 1] + (int) r;
            if (r >= 1 && r <= 4) {
                double local = d / r;
                if (Math.abs(local / g - 1) < 0.15) {
                    g = 0.85 * g + 0.15 * local;
                }
            }
        }
        return pos;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    /** Locally weighted robust linear regression of onset time against grid position. */
    static final class Lowess {
        private final int[] x;
        private final double[] y;
        private final double[] robust;
        private final int span;

        Lowess(int[] x, double[] y, int span) {
            this.x = x;
            this.y = y;
            this.span = span;
            this.robust = new double[x.length];
            Arrays.fill(robust, 1.0);
            // two robustness passes with bisquare weights on the residuals (c = 6 MAD, at least 40 ms)
            for (int pass = 0; pass < 2; pass++) {
                double[] res = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    res[i] = Math.abs(y[i] - predict(x[i], -1));
                }
                double mad = median(res);
                double c = Math.max(0.04, 6 * mad);
                for (int i = 0; i < x.length; i++) {
                    double u = res[i] / c;
                    robust[i] = u < 1 ? (1 - u * u) * (1 - u * u) : 0;
                }
            }
        }

        double predict(double p, int leaveOut) {
            double[] ab = line(p, leaveOut);
            return ab[0] + ab[1] * p;
        }

        double slope(double p) {
            return line(p, -1)[1];
        }

        private double[] line(double p, int leaveOut) {
            int h = span;
            double sw = 0;
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double sxy = 0;
            for (int attempt = 0; attempt < 6; attempt++) {
                sw = sx = sy = sxx = sxy = 0;
                int count = 0;
                for (int i = 0; i < x.length; i++) {
                    if (i == leaveOut) {
                        continue;
                    }
                    double d = Math.abs(x[i] - p) / (h + 1.0);
                    if (d >= 1) {
                        continue;
                    }
                    double w = Math.pow(1 - d * d * d, 3) * robust[i];
                    if (w <= 0) {
                        continue;
                    }
                    count++;
                    sw += w;
                    sx += w * x[i];
                    sy += w * y[i];
                    sxx += w * x[i] * x[i];
                    sxy += w * x[i] * y[i];
                }
                double var = sxx * sw - sx * sx;
                if (count >= 3 && var > 1e-9 * sw * sw) {
                    double b = (sxy * sw - sx * sy) / var;
                    double a = (sy - b * sx) / sw;
                    return new double[] {a, b};
                }
                h *= 2;
            }
            // degenerate: global least squares
            double mx = 0;
            double my = 0;
            for (int i = 0; i < x.length; i++) {
                mx += x[i];
                my += y[i];
            }
            mx /= x.length;
            my /= x.length;
            double num = 0;
            double den = 0;
            for (int i = 0; i < x.length; i++) {
                num += (x[i] - mx) * (y[i] - my);
                den += (x[i] - mx) * (x[i] - mx);
            }
            double b = den > 0 ? num / den : 0.5;
            return new double[] {my - b * mx, b};
        }
    }
}

package io.zikos.dsp.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the pitch track swings in a vibrato: a smooth, near-sinusoidal oscillation about a steady centre at 4–10 Hz.
 *
 * <p>A singer's or string player's vibrato can span a semitone or more from crest to trough. Soft flux peaks inside
 * such a note (noise, the vibrato's own spectral movement) would cut it into half-cycles whose mean pitches differ by
 * as much as a semitone and no longer read as one note. Inside a vibrato span the note is judged by the swing's
 * centre instead.
 *
 * <p>A slurred trill also swings between two pitches at those rates; it is told apart by its shape: it holds each
 * pitch and moves quickly between them, so few frames lie in the middle of the swing, where a sinusoid spends half
 * its time (see {@link #MIN_TRANSIT_SHARE}). Only the frames whose pitch was measured are read: the ones filled in
 * between repeat a neighbour where the pitch moves fast, which looks like a held pitch.
 */
final class Vibrato {
    /** A turning point is confirmed once the track has come back this far (semitones) from it. */
    static final double HYSTERESIS_ST = 0.15;
    /**
     * Smallest crest-to-trough swing (semitones) that counts: a narrower one stays inside the note's one-semitone
     * cluster and its half-cycles read as the same pitch (±30 to ±50 cents read as one note in noise before this
     * class).
     */
    static final double MIN_SWING_ST = 0.3;
    /**
     * A swing at least this wide (semitones) moves the partials far enough for the vibrato's own flux peaks to stand
     * out like attacks (a narrower one barely moves the spectrum: a salient flux peak there is an attack).
     */
    static final double SALIENT_SWING_ST = 0.6;
    /** Widest swing (semitones): beyond this, alternating pitches are separate notes. */
    static final double MAX_SWING_ST = 3.0;
    /** Shortest and longest half-cycle (s): a vibrato at 10 Hz down to 4 Hz. */
    static final double MIN_HALF_CYCLE_S = 0.05;
    static final double MAX_HALF_CYCLE_S = 0.125;
    /** Largest move (semitones) of the swing's centre from one half-cycle to the next. */
    static final double MAX_CENTRE_MOVE_ST = 0.3;
    /** Fewest turning points in a span: two full cycles. */
    static final int MIN_TURNS = 5;
    /**
     * Smallest share of measured frames in the middle 70 % of their half-cycle's swing for it to be a vibrato. A
     * sinusoid spends half its time there; a slurred trill, holding each pitch, far less. On synthetic trills of 8–14
     * notes a second (a semitone or a tone, gliding 0–30 ms into each note) the share was 0.14–0.29, on vibratos of
     * ±40 to ±130 cents at 4.5–7 Hz 0.31–0.52 (0.31–0.43 over the two cycles of a short note).
     */
    static final double MIN_TRANSIT_SHARE = 0.30;
    /** Frames between clear measured ones bridged inside a swing (one unclear measurement); a longer gap ends it. */
    static final int MAX_GAP_FRAMES = 3;
    /** A swing at least this wide (semitones) spreads the frames beyond the note's usual one-semitone cluster. */
    static final double WIDE_SWING_ST = 0.9;
    /** The centre either side of a time is read from the half-cycles within this long (s) of it. */
    static final double CENTRE_WINDOW_S = 0.3;

    /**
     * One vibrato: from its first to its last turning point (s), with the middle time, centre and swing of each
     * half-cycle.
     */
    record Span(double start, double end, double[] times, double[] centres, double[] swings) {
    }

    private final List<Span> spans;

    private Vibrato(List<Span> spans) {
        this.spans = spans;
    }

    /**
     * The vibrato spans of a pitch track, read from its frames of at least the given clarity.
     */
    static Vibrato find(FrameFeatures f, double minClarity) {
        List<Span> spans = new ArrayList<>();
        int frames = f.frames();
        int t = 0;
        while (t < frames) {
            // one run of clear frames, bridging short gaps
            while (t < frames && !clear(f, t, minClarity)) {
                t++;
            }
            int start = t;
            int last = t;
            while (t < frames && t - last <= MAX_GAP_FRAMES + 1) {
                if (clear(f, t, minClarity)) {
                    last = t;
                }
                t++;
            }
            if (last > start) {
                spansOfRun(f, start, last, minClarity, spans);
            }
            t = last + 1;
        }
        return new Vibrato(spans);
    }

    /** A frame whose pitch was measured (the filled-in frames between repeat a neighbour where the swing is fast). */
    private static boolean clear(FrameFeatures f, int t, double minClarity) {
        return f.pitchMeasured(t) && !Float.isNaN(f.pitchMidi(t)) && f.clarity(t) >= minClarity;
    }

    /** The chains of turning points in the run from frame a to b (inclusive) that swing like a vibrato. */
    private static void spansOfRun(FrameFeatures f, int a, int b, double minClarity, List<Span> out) {
        int[] turns = turningPoints(f, a, b, minClarity);
        double fs = f.frameSeconds();
        int i = 0;
        while (i + 1 < turns.length) {
            // the longest chain of half-cycles from turning point i that each look like a vibrato's
            int j = i;
            while (j + 1 < turns.length && halfCycle(f, turns[j], turns[j + 1], fs)
                    && (j == i || Math.abs(centre(f, turns, j) - centre(f, turns, j - 1)) <= MAX_CENTRE_MOVE_ST)) {
                j++;
            }
            if (j - i + 1 >= MIN_TURNS && transitShare(f, turns, i, j, minClarity) >= MIN_TRANSIT_SHARE) {
                double[] times = new double[j - i];
                double[] centres = new double[j - i];
                double[] swings = new double[j - i];
                for (int k = i; k < j; k++) {
                    times[k - i] = 0.5 * (turns[k] + turns[k + 1]) * fs;
                    centres[k - i] = centre(f, turns, k);
                    swings[k - i] = Math.abs(f.pitchMidi(turns[k + 1]) - f.pitchMidi(turns[k]));
                }
                out.add(new Span(turns[i] * fs, turns[j] * fs, times, centres, swings));
            }
            i = Math.max(i + 1, j);
        }
    }

    /**
     * The frames where the track turns, read as a zigzag: a crest or trough is confirmed once the track has come back
     * {@link #HYSTERESIS_ST} from it, so the tracker's jitter makes none.
     */
    private static int[] turningPoints(FrameFeatures f, int a, int b, double minClarity) {
        int[] turns = new int[16];
        int n = 0;
        int dir = 0; // +1 rising, -1 falling, 0 not yet known
        int extreme = a;
        int lo = a;
        int hi = a;
        for (int t = a; t <= b; t++) {
            if (!clear(f, t, minClarity)) {
                continue;
            }
            float v = f.pitchMidi(t);
            int turn = -1;
            if (dir == 0) {
                lo = v < f.pitchMidi(lo) ? t : lo;
                hi = v > f.pitchMidi(hi) ? t : hi;
                if (v - f.pitchMidi(lo) >= HYSTERESIS_ST) {
                    turn = lo;
                    dir = 1;
                } else if (f.pitchMidi(hi) - v >= HYSTERESIS_ST) {
                    turn = hi;
                    dir = -1;
                }
            } else if (dir * (v - f.pitchMidi(extreme)) > 0) {
                extreme = t;
            } else if (Math.abs(v - f.pitchMidi(extreme)) >= HYSTERESIS_ST) {
                turn = extreme;
                dir = -dir;
            }
            if (turn >= 0) {
                if (n == turns.length) {
                    turns = Arrays.copyOf(turns, 2 * n);
                }
                turns[n++] = turn;
                extreme = t;
            }
        }
        return Arrays.copyOf(turns, n);
    }

    private static boolean halfCycle(FrameFeatures f, int from, int to, double fs) {
        double len = (to - from) * fs;
        double swing = Math.abs(f.pitchMidi(to) - f.pitchMidi(from));
        return len >= MIN_HALF_CYCLE_S && len <= MAX_HALF_CYCLE_S && swing >= MIN_SWING_ST && swing <= MAX_SWING_ST;
    }

    /** Centre of the half-cycle from turning point k to k+1. */
    private static double centre(FrameFeatures f, int[] turns, int k) {
        return 0.5 * (f.pitchMidi(turns[k]) + f.pitchMidi(turns[k + 1]));
    }

    /** Share of clear frames from turning point i to j lying in the middle 70 % of their half-cycle's swing. */
    static double transitShare(FrameFeatures f, int[] turns, int i, int j, double minClarity) {
        int inMiddle = 0;
        int all = 0;
        for (int k = i; k < j; k++) {
            int from = turns[k];
            int to = turns[k + 1];
            double p = f.pitchMidi(from);
            double q = f.pitchMidi(to);
            for (int t = from + 1; t <= to; t++) {
                if (!clear(f, t, minClarity)) {
                    continue;
                }
                double u = (f.pitchMidi(t) - p) / (q - p);
                all++;
                if (u > 0.15 && u < 0.85) {
                    inMiddle++;
                }
            }
        }
        return all == 0 ? 0 : inMiddle / (double) all;
    }

    /** A vibrato's centre (fractional MIDI), crest-to-trough swing (semitones) and half-cycle (s), read nearby. */
    record Reading(double centre, double swing, double halfCycle) {
    }

    /**
     * The vibrato just before time {@code t}: read from the half-cycles of the span reaching {@code t} (or ending at
     * most a half-cycle before it) that lie within {@link #CENTRE_WINDOW_S} of it and after {@code from}; null when
     * they make less than a full cycle.
     */
    Reading before(double t, double from) {
        double lo = Math.max(from, t - CENTRE_WINDOW_S);
        Reading latest = null;
        for (int k = firstEndingFrom(t - MAX_HALF_CYCLE_S); k < spans.size() && spans.get(k).start() < t; k++) {
            Reading r = read(spans.get(k), lo, t);
            latest = r != null ? r : latest;
        }
        return latest;
    }

    /**
     * The vibrato just after time {@code t}: read from the half-cycles of the span reaching {@code t} (or starting at
     * most a half-cycle after it) that lie within {@link #CENTRE_WINDOW_S} of it; null when they make less than a
     * full cycle.
     */
    Reading after(double t) {
        for (int k = firstEndingFrom(Math.nextUp(t)); k < spans.size()
                && spans.get(k).start() <= t + MAX_HALF_CYCLE_S; k++) {
            Reading r = read(spans.get(k), t, t + CENTRE_WINDOW_S);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /**
     * The centre of a wide vibrato from {@code from} to {@code to} (s): the mean centre of the half-cycles there when
     * they make at least a full cycle and swing on average at least {@link #WIDE_SWING_ST}; NaN otherwise. (A
     * narrower swing is read as well from all the frames.)
     */
    double wideCentre(double from, double to) {
        double sum = 0;
        double swing = 0;
        int n = 0;
        for (int k = firstEndingFrom(from); k < spans.size() && spans.get(k).start() <= to; k++) {
            Span s = spans.get(k);
            for (int i = 0; i < s.times().length; i++) {
                if (s.times()[i] >= from && s.times()[i] <= to) {
                    sum += s.centres()[i];
                    swing += s.swings()[i];
                    n++;
                }
            }
        }
        return n >= 2 && swing / n >= WIDE_SWING_ST ? sum / n : Double.NaN;
    }

    /**
     * Index of the first span ending at or after time {@code t} (the spans lie in time order without overlapping, so
     * their ends rise too): each note's questions look at the few spans around it, not at the whole take's.
     */
    private int firstEndingFrom(double t) {
        int lo = 0;
        int hi = spans.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (spans.get(mid).end() < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The mean centre and swing of a span's half-cycles (by their middle) from {@code from} to {@code to}, or null
     * when they make less than a full cycle (a span ending just past an onset, as the previous note rings into the
     * next, tells nothing of the note after it).
     */
    private static Reading read(Span s, double from, double to) {
        double centre = 0;
        double swing = 0;
        int n = 0;
        for (int k = 0; k < s.times().length; k++) {
            if (s.times()[k] >= from && s.times()[k] < to) {
                centre += s.centres()[k];
                swing += s.swings()[k];
                n++;
            }
        }
        double halfCycle = (s.end() - s.start()) / s.times().length;
        return n < 2 ? null : new Reading(centre / n, swing / n, halfCycle);
    }
}

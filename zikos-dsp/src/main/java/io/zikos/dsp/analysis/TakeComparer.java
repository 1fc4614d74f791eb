package io.zikos.dsp.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares two takes of the same passage metric by metric (lower-is-better metrics such as cents error, or
 * higher-is-better ones such as tempo steadiness) and says what improved and what regressed. A change counts only when
 * it exceeds a per-metric margin that is larger than the measurement noise.
 */
public final class TakeComparer {

    /**
     * One metric in both takes.
     *
     * @param metric  name
     * @param first   value in the first take
     * @param second  value in the second take
     * @param verdict "improved", "regressed" or "unchanged"
     * @param unit    unit for display
     */
    public record Change(String metric, double first, double second, String verdict, String unit) {
    }

    /** The comparison: every metric, the improved and the regressed ones, and whether the notes match. */
    public record Comparison(List<Change> changes, List<String> improved, List<String> regressed,
                             double noteSimilarity) {
    }

    public Comparison compare(Analysis a, Analysis b) {
        List<Change> changes = new ArrayList<>();
        if (a.tempo() != null && b.tempo() != null) {
            add(changes, "tempo steadiness", 100 * a.tempo().stability(), 100 * b.tempo().stability(), 10, true, "%");
            changes.add(new Change("tempo", a.tempo().bpm(), b.tempo().bpm(), "unchanged", "bpm"));
        }
        add(changes, "mean pitch error", a.intonation().meanAbsCents(), b.intonation().meanAbsCents(), 2, false,
                "cents");
        add(changes, "out-of-tune notes", a.intonation().flagged().size(), b.intonation().flagged().size(), 0.5,
                false, "notes");
        if (!Double.isNaN(a.timing().meanAbsMs()) && !Double.isNaN(b.timing().meanAbsMs())) {
            add(changes, "mean timing error", a.timing().meanAbsMs(), b.timing().meanAbsMs(), 5, false, "ms");
            add(changes, "rushed or dragged notes", a.timing().flagged().size(), b.timing().flagged().size(), 0.5,
                    false, "notes");
        }
        add(changes, "dynamic range", a.dynamics().rangeDb(), b.dynamics().rangeDb(), 3, true, "dB");
        List<String> improved = new ArrayList<>();
        List<String> regressed = new ArrayList<>();
        for (Change c : changes) {
            if (c.verdict().equals("improved")) {
                improved.add(c.metric());
            } else if (c.verdict().equals("regressed")) {
                regressed.add(c.metric());
            }
        }
        return new Comparison(changes, improved, regressed, similarity(a.notes(), b.notes()));
    }

    private static void add(List<Change> out, String metric, double first, double second, double margin,
                            boolean higherIsBetter, String unit) {
        double d = second - first;
        String v = Math.abs(d) <= margin ? "unchanged" : (d > 0) == higherIsBetter ? "improved" : "regressed";
        out.add(new Change(metric, first, second, v, unit));
    }

    /** Longest common subsequence of the pitch sequences over the longer length: 1 = the same notes. */
    static double similarity(List<Note> a, List<Note> b) {
        int n = a.size();
        int m = b.size();
        if (n == 0 || m == 0) {
            return 0;
        }
        if ((long) n * m > 25_000_000L) {
            return Double.NaN;
        }
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                cur[j] = a.get(i - 1).midi() == b.get(j - 1).midi() ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[m] / (double) Math.max(n, m);
    }
}

package io.zikos.dsp.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Chord labels from beat-synchronous, bass-aware chroma: each span between beats is matched against major, minor and
 * diminished triad templates (treble chroma cosine plus a bonus when the bass sounds the root), and a Viterbi pass
 * with a fixed change penalty picks the label sequence, so chords change only when the evidence persists.
 */
public final class ChordRecognizer {
    private static final int[][] SHAPES = {{0, 4, 7}, {0, 3, 7}, {0, 3, 6}};
    private static final String[] QUALITY = {"maj", "min", "dim"};
    /** Cost of changing chord, in score units; a chord must win by this much over a span to replace the last. */
    static final double CHANGE_PENALTY = 0.15;
    static final double BASS_WEIGHT = 0.35;

    /** A labelled span, e.g. {@code C:maj} from 1.5 s to 3.5 s; {@code N} means no chord. */
    public record ChordSegment(double start, double end, String label, double confidence) {
    }

    /**
     * @param chroma   chroma of the recording
     * @param bounds   span boundaries in seconds (beats), sorted; spans shorter than one chroma frame are merged
     * @param duration length of the recording in seconds
     */
    public List<ChordSegment> recognise(Chroma chroma, double[] bounds, double duration) {
        List<double[]> spans = spans(bounds, duration, chroma.frameSeconds());
        int n = spans.size();
        int states = SHAPES.length * 12 + 1;
        int nState = states - 1;
        double[][] score = new double[n][states];
        double maxEnergy = 0;
        for (int t = 0; t < chroma.frames(); t++) {
            maxEnergy = Math.max(maxEnergy, chroma.energy(t));
        }
        for (int s = 0; s < n; s++) {
            double[] tr = new double[12];
            double[] bs = new double[12];
            double e = 0;
            int count = 0;
            int a = (int) Math.ceil(spans.get(s)[0] / chroma.frameSeconds());
            int b = (int) Math.floor(spans.get(s)[1] / chroma.frameSeconds());
            for (int t = Math.max(0, a); t <= Math.min(chroma.frames() - 1, Math.max(a, b)); t++) {
                for (int k = 0; k < 12; k++) {
                    tr[k] += chroma.treble(t)[k];
                    bs[k] += chroma.bass(t)[k];
                }
                e += chroma.energy(t);
                count++;
            }
            e = count > 0 ? e / count : 0;
            double tn = norm(tr);
            double bmax = 0;
            for (double v : bs) {
                bmax = Math.max(bmax, v);
            }
            for (int q = 0; q < SHAPES.length; q++) {
                for (int r = 0; r < 12; r++) {
                    double dot = 0;
                    for (int k : SHAPES[q]) {
                        dot += tr[(r + k) % 12];
                    }
                    double cos = tn > 0 ? dot / (tn * Math.sqrt(3)) : 0;
                    double bass = bmax > 0 ? bs[r] / bmax : 0;
                    // diminished triads are rarer: a small prior against them
                    score[s][q * 12 + r] = cos + BASS_WEIGHT * bass - (q == 2 ? 0.08 : 0);
                }
            }
            // silence (30 dB below the loudest frame) is "no chord"
            boolean silent = e < maxEnergy * 1e-3;
            score[s][nState] = silent ? 2.0 : 0.3;
        }
        // Viterbi
        int[][] back = new int[n][states];
        double[] prev = score.length > 0 ? score[0].clone() : new double[states];
        for (int s = 1; s < n; s++) {
            double[] cur = new double[states];
            int bestPrev = 0;
            for (int j = 1; j < states; j++) {
                if (prev[j] > prev[bestPrev]) {
                    bestPrev = j;
                }
            }
            for (int j = 0; j < states; j++) {
                double stay = prev[j];
                double change = prev[bestPrev] - CHANGE_PENALTY;
                if (stay >= change || bestPrev == j) {
                    cur[j] = stay + score[s][j];
                    back[s][j] = j;
                } else {
                    cur[j] = change + score[s][j];
                    back[s][j] = bestPrev;
                }
            }
            prev = cur;
        }
        int[] path = new int[n];
        if (n > 0) {
            int best = 0;
            for (int j = 1; j < states; j++) {
                if (prev[j] > prev[best]) {
                    best = j;
                }
            }
            path[n - 1] = best;
            for (int s = n - 1; s > 0; s--) {
                path[s - 1] = back[s][path[s]];
            }
        }
        List<ChordSegment> out = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            String label = path[s] == nState ? "N"
                    : Note.pitchClassName(path[s] % 12) + ":" + QUALITY[path[s] / 12];
            double conf = Math.max(0, Math.min(1, score[s][path[s]] / (1 + BASS_WEIGHT)));
            if (!out.isEmpty() && out.get(out.size() - 1).label().equals(label)) {
                ChordSegment p = out.remove(out.size() - 1);
                out.add(new ChordSegment(p.start(), spans.get(s)[1], label, Math.max(p.confidence(), conf)));
            } else {
                out.add(new ChordSegment(spans.get(s)[0], spans.get(s)[1], label, conf));
            }
        }
        return out;
    }

    private static List<double[]> spans(double[] bounds, double duration, double minLen) {
        List<double[]> out = new ArrayList<>();
        double prev = 0;
        List<Double> cuts = new ArrayList<>();
        if (bounds.length < 2) {
            for (double t = 0.5; t < duration; t += 0.5) {
                cuts.add(t);
            }
        } else {
            for (double b : bounds) {
                cuts.add(b);
            }
        }
        cuts.add(duration);
        for (double c : cuts) {
            if (c - prev >= minLen && c <= duration) {
                out.add(new double[] {prev, c});
                prev = c;
            }
        }
        if (out.isEmpty()) {
            out.add(new double[] {0, duration});
        }
        return out;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}

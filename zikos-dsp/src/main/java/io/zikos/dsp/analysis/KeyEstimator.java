package io.zikos.dsp.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Key finding by correlating a pitch-class distribution with major and minor key profiles (Aarden–Essen for
 * duration-weighted melody notes, Krumhansl–Kessler for the chroma of chords), with extra weight for the tonal centre the music establishes (the note
 * a melody ends and starts on, the chord a progression starts and ends on), which is what separates a major key from
 * its relative minor when both use the same notes.
 */
public final class KeyEstimator {
    /** Krumhansl–Kessler probe-tone profiles: for chroma of chords. */
    private static final double[] MAJOR = {6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88};
    private static final double[] MINOR = {6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17};
    /** Aarden–Essen profiles (pitch-class frequencies in folk melodies): for note sequences. */
    private static final double[] MELODY_MAJOR = {17.7661, 0.145624, 14.9265, 0.160186, 19.8049, 11.3587, 0.291248,
        22.062, 0.145624, 8.15494, 0.232998, 4.95122};
    private static final double[] MELODY_MINOR = {18.2648, 0.737619, 14.0499, 16.8599, 0.702494, 14.4362, 0.702494,
        18.6161, 4.56621, 1.93186, 7.37619, 1.75623};
    /** Weight of the tonal-centre evidence (final and first pitch class) against the profile correlation. */
    static final double FINAL_WEIGHT = 0.25;
    static final double FIRST_WEIGHT = 0.1;
    static final double CHORD_FIRST_WEIGHT = 0.2;
    static final double CHORD_FINAL_WEIGHT = 0.08;

    /** A candidate key and its score (higher is better). */
    public record KeyCandidate(int tonic, boolean major, double score) {
        public String tonicName() {
            return Note.pitchClassName(tonic);
        }

        public String mode() {
            return major ? "major" : "minor";
        }

        public String label() {
            return tonicName() + " " + mode();
        }
    }

    /** Key estimate: the best candidate, a 0–1 confidence and the runners-up. */
    public record KeyResult(KeyCandidate best, double confidence, List<KeyCandidate> alternatives) {
    }

    /**
     * Key of a melody: duration-weighted pitch classes, with the final note (the strongest cue to the tonic in
     * melodies) and the first note as tonal-centre evidence.
     *
     * @param histogram weight per pitch class
     * @param finalPc   pitch class the melody ends on, or -1
     * @param firstPc   pitch class it starts on, or -1
     */
    public KeyResult estimate(double[] histogram, int finalPc, int firstPc) {
        return estimate(histogram, MELODY_MAJOR, MELODY_MINOR, finalPc, 0, FINAL_WEIGHT, firstPc, 0, FIRST_WEIGHT);
    }

    /**
     * Key of a chord progression: chroma, with the first chord (progressions usually start on the tonic chord) as the
     * main tonal-centre evidence and the last chord as a weaker one; a chord's quality supports the matching mode.
     *
     * @param chroma     summed chroma
     * @param firstRoot  root of the first chord, or -1; {@code firstMajor} +1 major, -1 minor, 0 unknown
     * @param finalRoot  root of the last chord, or -1; {@code finalMajor} likewise
     */
    public KeyResult estimateFromChords(double[] chroma, int firstRoot, int firstMajor, int finalRoot,
                                        int finalMajor) {
        return estimate(chroma, MAJOR, MINOR, finalRoot, finalMajor, CHORD_FINAL_WEIGHT, firstRoot, firstMajor,
                CHORD_FIRST_WEIGHT);
    }

    private KeyResult estimate(double[] histogram, double[] majorProfile, double[] minorProfile, int finalPc,
                               int finalMajor, double finalWeight, int firstPc, int firstMajor, double firstWeight) {
        List<KeyCandidate> all = new ArrayList<>();
        for (int mode = 0; mode < 2; mode++) {
            double[] prof = mode == 0 ? majorProfile : minorProfile;
            for (int t = 0; t < 12; t++) {
                double r = correlation(histogram, prof, t);
                r += cue(t, mode == 0, finalPc, finalMajor, finalWeight);
                r += cue(t, mode == 0, firstPc, firstMajor, firstWeight);
                all.add(new KeyCandidate(t, mode == 0, r));
            }
        }
        all.sort((a, b) -> Double.compare(b.score(), a.score()));
        KeyCandidate best = all.get(0);
        double second = all.get(1).score();
        double conf = Math.max(0, Math.min(1, (best.score() - second) * 4 + 0.4 * Math.max(0, best.score())));
        return new KeyResult(best, conf, List.copyOf(all.subList(1, 4)));
    }

    /** Tonal-centre evidence: full weight when the cue is the tonic, half more when a chord's quality fits the mode. */
    private static double cue(int tonic, boolean major, int pc, int quality, double weight) {
        if (pc != tonic) {
            return 0;
        }
        double w = weight;
        if (quality != 0) {
            w += (quality > 0) == major ? 0.5 * weight : -0.5 * weight;
        }
        return w;
    }

    private static double correlation(double[] h, double[] prof, int tonic) {
        double mh = 0;
        double mp = 0;
        for (int i = 0; i < 12; i++) {
            mh += h[i];
            mp += prof[i];
        }
        mh /= 12;
        mp /= 12;
        double num = 0;
        double dh = 0;
        double dp = 0;
        for (int i = 0; i < 12; i++) {
            double a = h[(i + tonic) % 12] - mh;
            double b = prof[i] - mp;
            num += a * b;
            dh += a * a;
            dp += b * b;
        }
        return dh > 0 && dp > 0 ? num / Math.sqrt(dh * dp) : 0;
    }
}

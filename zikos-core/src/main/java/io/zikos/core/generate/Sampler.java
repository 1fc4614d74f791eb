package io.zikos.core.generate;

import java.util.Arrays;
import java.util.Random;

/**
 * Picks the next token from logits: repetition penalty, then greedy argmax or temperature / top-k / top-p sampling,
 * in the order transformers applies its logits processors and warpers. Deterministic for a given seed. Not
 * thread-safe (one per generation).
 */
public final class Sampler {

    private final GenerationConfig config;
    private final Random random;
    /** Tokens seen so far (prompt and output) as a set, for the repetition penalty. */
    private final boolean[] seen;

    /**
     * @param config    sampling settings
     * @param vocabSize width of the logits
     * @param prompt    the prompt ids (penalised like generated ones, as transformers does)
     */
    public Sampler(GenerationConfig config, int vocabSize, int[] prompt) {
        this.config = config;
        this.random = config.seed() == null ? new Random() : new Random(config.seed());
        this.seen = config.repetitionPenalty() != 1.0 ? new boolean[vocabSize] : null;
        if (seen != null) {
            for (int id : prompt) {
                accept(id);
            }
        }
    }

    /** Records a token that is now part of the sequence. */
    public void accept(int id) {
        if (seen != null && id >= 0 && id < seen.length) {
            seen[id] = true;
        }
    }

    /** Chooses the next token. {@code logits} may be modified. */
    public int next(float[] logits) {
        if (seen != null) {
            applyRepetitionPenalty(logits);
        }
        if (config.greedy()) {
            return argmax(logits);
        }
        return sample(logits);
    }

    private void applyRepetitionPenalty(float[] logits) {
        float p = (float) config.repetitionPenalty();
        int n = Math.min(seen.length, logits.length);
        for (int i = 0; i < n; i++) {
            if (seen[i]) {
                float s = logits[i];
                logits[i] = s < 0 ? s * p : s / p;
            }
        }
    }

    /** Index of the largest value; the first one on ties (like {@code torch.argmax}). NaN never wins. */
    public static int argmax(float[] logits) {
        int best = 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] > max) {
                max = logits[i];
                best = i;
            }
        }
        return best;
    }

    private int sample(float[] logits) {
        float invT = (float) (1.0 / config.temperature());
        int[] candidates = candidates(logits);
        int n = candidates.length;
        // Softmax over the candidates (sorted by descending logit), in double for a stable cumulative sum.
        double max = logits[candidates[0]] * (double) invT;
        double[] probs = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            probs[i] = Math.exp(logits[candidates[i]] * (double) invT - max);
            sum += probs[i];
        }
        int keep = n;
        if (config.topP() < 1.0) {
            // Nucleus: the smallest prefix whose mass reaches topP (at least one token).
            double cumulative = 0;
            for (int i = 0; i < n; i++) {
                cumulative += probs[i] / sum;
                if (cumulative >= config.topP()) {
                    keep = i + 1;
                    break;
                }
            }
        }
        double total = 0;
        for (int i = 0; i < keep; i++) {
            total += probs[i];
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < keep; i++) {
            r -= probs[i];
            if (r < 0) {
                return candidates[i];
            }
        }
        return candidates[keep - 1];
    }

    /** Token ids ordered by descending logit: the top k, or all finite ones when there is no top-k limit. */
    private int[] candidates(float[] logits) {
        int k = config.topK() > 0 ? Math.min(config.topK(), logits.length) : logits.length;
        if (k < logits.length / 8) {
            return topK(logits, k);
        }
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /** The k largest by a bounded insertion list: O(V·k) worst case but O(V) for typical logits. */
    private static int[] topK(float[] logits, int k) {
        int[] ids = new int[k];
        float[] vals = new float[k];
        int size = 0;
        for (int i = 0; i < logits.length; i++) {
            float v = logits[i];
            if (size == k && !(v > vals[k - 1])) {
                continue;
            }
            int pos = size < k ? size++ : k - 1;
            while (pos > 0 && vals[pos - 1] < v) {
                vals[pos] = vals[pos - 1];
                ids[pos] = ids[pos - 1];
                pos--;
            }
            vals[pos] = v;
            ids[pos] = i;
        }
        return size == k ? ids : Arrays.copyOf(ids, size);
    }
}

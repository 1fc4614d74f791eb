package io.zikos.core.audio;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much audio fits a Music Flamingo / Audio Flamingo 3 input context. Audio costs 25 tokens per second: each
 * 30 s window is 3000 mel frames, halved by the encoder's stride-2 convolution and again by its pooling, so 750
 * tokens per full window; a sample's count is {@code (((L - 1) // 2 + 1) - 2) // 2 + 1} over its L valid frames
 * ({@code L = ceil(samples / 160)} at 16 kHz). Music Flamingo accepts 24,000 input tokens, so 20 minutes (30,000
 * tokens) never fit: text and audio share the budget, and when the audio does not fit the caller's
 * {@link Policy} decides. Engine-free and DSP-free (it works on sample counts); immutable and thread-safe.
 */
public final class AudioTokenBudget {

    private static final Logger LOG = LoggerFactory.getLogger(AudioTokenBudget.class);

    /** Music Flamingo's input limit (model card). */
    public static final int MUSIC_FLAMINGO_INPUT_TOKENS = 24_000;
    public static final int SAMPLE_RATE = 16_000;
    public static final int HOP = 160;
    public static final int TOKENS_PER_SECOND = 25;
    public static final int WINDOW_SAMPLES = 480_000;
    public static final int FRAMES_PER_WINDOW = 3000;
    public static final int TOKENS_PER_WINDOW = 750;

    /** What to do when the audio does not fit. */
    public enum Policy {
        /** Keep the beginning of the audio that fits and log a warning (what the Hugging Face processors do). */
        TRUNCATE_WITH_WARNING,
        /** Throw {@link AudioBudgetExceededException}. */
        REJECT
    }

    /**
     * The outcome for one clip.
     *
     * @param keepSamples samples (16 kHz) to feed the model, from the start of the clip
     * @param audioTokens audio tokens those samples cost
     * @param truncated   whether samples were dropped
     */
    public record Allocation(long keepSamples, int audioTokens, boolean truncated) {
    }

    private final int contextTokens;
    private final Policy policy;

    /**
     * @param contextTokens the model's input token limit ({@link #MUSIC_FLAMINGO_INPUT_TOKENS})
     * @param policy        what to do when the audio does not fit
     */
    public AudioTokenBudget(int contextTokens, Policy policy) {
        if (contextTokens <= 0) {
            throw new IllegalArgumentException("contextTokens must be positive: " + contextTokens);
        }
        this.contextTokens = contextTokens;
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** Music Flamingo's 24,000-token budget with the given policy. */
    public static AudioTokenBudget musicFlamingo(Policy policy) {
        return new AudioTokenBudget(MUSIC_FLAMINGO_INPUT_TOKENS, policy);
    }

    public int contextTokens() {
        return contextTokens;
    }

    public Policy policy() {
        return policy;
    }

    /** Audio tokens for L valid frames over all windows of one sample. */
    public static int tokensForValidFrames(long validFrames) {
        if (validFrames < 0) {
            throw new IllegalArgumentException("validFrames must be >= 0: " + validFrames);
        }
        long conv = Math.floorDiv(validFrames - 1, 2) + 1;
        return (int) (Math.floorDiv(conv - 2, 2) + 1);
    }

    /** Audio tokens for the valid frames of each window of one sample (the mask's row sums). */
    public static int tokensForValidFrames(int[] validFramesPerWindow) {
        long total = 0;
        for (int v : validFramesPerWindow) {
            total += v;
        }
        return tokensForValidFrames(total);
    }

    /** Valid mel frames of a clip of {@code samples} at 16 kHz: {@code ceil(samples / 160)}. */
    public static long validFramesForSamples(long samples) {
        return (samples + HOP - 1) / HOP;
    }

    /** Audio tokens of a clip of {@code samples} at 16 kHz (no window cap applied). */
    public static int tokensForSamples(long samples) {
        return tokensForValidFrames(validFramesForSamples(samples));
    }

    /** The longest clip, in 16 kHz samples, that costs at most {@code tokens} audio tokens. */
    public static long maxSamplesForTokens(int tokens) {
        if (tokens <= 0) {
            // L = 2 frames still costs 0 tokens, but a clip the model cannot hear is of no use
            return 0;
        }
        // tokens(L) = floor(ceil(L / 2) / 2) <= T  <=>  L <= 4T + 2
        return (4L * tokens + 2) * HOP;
    }

    /** Seconds of audio that cost {@code tokens} (at 25 tokens per second). */
    public static double secondsForTokens(int tokens) {
        return tokens / (double) TOKENS_PER_SECOND;
    }

    /** Tokens left for audio after {@code textTokens} of prompt text (negative when the text alone overflows). */
    public int availableForAudio(int textTokens) {
        return contextTokens - textTokens;
    }

    /**
     * Fits one clip next to {@code textTokens} of text.
     *
     * @param samples16k the clip's length in 16 kHz samples (after any window cap)
     * @throws AudioBudgetExceededException under {@link Policy#REJECT} when it does not fit
     */
    public Allocation allocate(long samples16k, int textTokens) {
        return allocateAll(List.of(samples16k), textTokens).get(0);
    }

    /**
     * Fits several clips (in prompt order) next to {@code textTokens} of text. Under truncation the budget is
     * spent in order: the first clips are kept whole and the first one that overflows is cut; later ones get
     * nothing ({@code keepSamples = 0}, which callers should drop together with their placeholder).
     *
     * @throws AudioBudgetExceededException under {@link Policy#REJECT} when the clips do not fit together
     */
    public List<Allocation> allocateAll(List<Long> clipSamples16k, int textTokens) {
        Objects.requireNonNull(clipSamples16k, "clipSamples16k");
        int available = availableForAudio(textTokens);
        long needed = 0;
        for (long s : clipSamples16k) {
            if (s < 0) {
                throw new IllegalArgumentException("clip length must be >= 0: " + s);
            }
            needed += tokensForSamples(s);
        }
        if (needed <= available) {
            List<Allocation> all = new ArrayList<>();
            clipSamples16k.forEach(s -> all.add(new Allocation(s, tokensForSamples(s), false)));
            return all;
        }
        if (policy == Policy.REJECT) {
            throw new AudioBudgetExceededException((int) Math.min(Integer.MAX_VALUE, needed), available,
                    contextTokens, textTokens);
        }
        List<Allocation> out = new ArrayList<>();
        int left = Math.max(0, available);
        for (long s : clipSamples16k) {
            int cost = tokensForSamples(s);
            if (cost <= left) {
                out.add(new Allocation(s, cost, false));
                left -= cost;
            } else {
                long keep = Math.min(s, maxSamplesForTokens(left));
                int kept = tokensForSamples(keep);
                out.add(new Allocation(keep, kept, true));
                left -= kept;
            }
        }
        LOG.warn("Audio needs {} tokens but {} of {} input tokens are left after {} text tokens; keeping the first"
                        + " {} s of audio",
                needed, Math.max(0, available), contextTokens, textTokens,
                String.format(java.util.Locale.ROOT, "%.1f", out.stream().mapToLong(Allocation::keepSamples).sum()
                        / (double) SAMPLE_RATE));
        return out;
    }
}

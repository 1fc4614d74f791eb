package io.zikos.core.generate;

import io.zikos.api.MelFeatures;
import io.zikos.api.ModelLoadException;
import io.zikos.api.Preprocessor;
import io.zikos.api.PreprocessorProvider;
import io.zikos.api.ZikosException;
import io.zikos.core.audio.AudioTokenBudget;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The audio half of an Audio Flamingo 3 / Music Flamingo prompt, done the way transformers does it: each audio
 * placeholder id is expanded to the clip's audio token count (as the processor does), the encoder's per-window
 * outputs are gathered down to their valid positions (post-pooling lengths of each window's valid frames, windows in
 * order), and the gathered rows replace the placeholder positions of the token embeddings in order
 * ({@code masked_scatter}). Engine-independent: works on any {@link AudioLanguageModel}.
 */
public final class AudioPrefill {

    private AudioPrefill() {
    }

    /** The prompt after expansion and the logits of its last position. */
    public record Prefilled(int[] inputIds, float[] logits) {
    }

    /**
     * Audio tokens a window with {@code validFrames} valid mel frames yields: conv (k3, s2, p1) then average pooling
     * (2, 2) — transformers' {@code _get_feat_extract_output_lengths}.
     */
    public static int tokensForFrames(int validFrames) {
        return AudioTokenBudget.tokensForValidFrames(validFrames);
    }

    /** Replaces each {@code audioTokenId} in {@code ids} by {@code counts[k]} copies (k-th occurrence). */
    public static int[] expand(int[] ids, int audioTokenId, int[] counts) {
        int found = (int) Arrays.stream(ids).filter(i -> i == audioTokenId).count();
        if (found != counts.length) {
            throw new IllegalArgumentException("the prompt has " + found + " audio placeholders (id " + audioTokenId
                    + ") but " + counts.length + " recordings");
        }
        int total = ids.length - found + Arrays.stream(counts).sum();
        int[] out = new int[total];
        int o = 0;
        int clip = 0;
        for (int id : ids) {
            if (id == audioTokenId) {
                Arrays.fill(out, o, o + counts[clip], audioTokenId);
                o += counts[clip++];
            } else {
                out[o++] = id;
            }
        }
        return out;
    }

    /** Runs the encoder and gathers the valid rows: {@code [audioTokens, hidden]} row-major. */
    public static float[] audioEmbeddings(AudioLanguageModel model, MelFeatures features) {
        int hidden = model.hiddenSize();
        float[] raw = model.encodeAudioWindows(features);
        int windows = features.windows();
        int perWindow = raw.length / hidden / windows;
        if ((long) perWindow * hidden * windows != raw.length) {
            throw new ZikosException("the audio encoder returned " + raw.length + " floats, not windows x tokens x "
                    + hidden);
        }
        int total = 0;
        int[] valid = new int[windows];
        for (int w = 0; w < windows; w++) {
            valid[w] = Math.min(perWindow, Math.max(0, tokensForFrames(features.validFrames()[w])));
            total += valid[w];
        }
        float[] out = new float[total * hidden];
        int row = 0;
        for (int w = 0; w < windows; w++) {
            System.arraycopy(raw, w * perWindow * hidden, out, row * hidden, valid[w] * hidden);
            row += valid[w];
        }
        return out;
    }

    /**
     * Expands, embeds, scatters and prefills.
     *
     * @param ids      the prompt with one {@code audioTokenId} per clip
     * @param features one entry per clip, in placeholder order
     */
    public static Prefilled prefill(DecoderState state, AudioLanguageModel model, int[] ids, int audioTokenId,
                                    List<MelFeatures> features) {
        int hidden = model.hiddenSize();
        float[][] audio = new float[features.size()][];
        int[] counts = new int[features.size()];
        for (int k = 0; k < features.size(); k++) {
            audio[k] = audioEmbeddings(model, features.get(k));
            counts[k] = audio[k].length / hidden;
        }
        int[] expanded = expand(ids, audioTokenId, counts);
        if (features.isEmpty()) {
            return new Prefilled(expanded, state.forward(expanded));
        }
        float[] embeds = model.embedTokens(expanded);
        if (embeds.length != (long) expanded.length * hidden) {
            throw new ZikosException("the token embedding returned " + embeds.length + " floats for "
                    + expanded.length + " ids of width " + hidden);
        }
        int clip = 0;
        int rowInClip = 0;
        for (int pos = 0; pos < expanded.length; pos++) {
            if (expanded[pos] != audioTokenId) {
                continue;
            }
            while (rowInClip == counts[clip]) {
                clip++;
                rowInClip = 0;
            }
            System.arraycopy(audio[clip], rowInClip * hidden, embeds, pos * hidden, hidden);
            rowInClip++;
        }
        return new Prefilled(expanded, state.forwardEmbeddings(embeds, expanded.length));
    }

    /**
     * The {@value PreprocessorProvider#MUSIC_FLAMINGO_FEATURES} preprocessor from the class path (zikos-dsp).
     *
     * @param maxWindows 30 s windows at most (20 for AF3 / music-flamingo-hf, 40 for music-flamingo-2601)
     * @throws ModelLoadException when no provider is installed
     */
    @SuppressWarnings("unchecked")
    public static Preprocessor<MelFeatures> featurePreprocessor(int maxWindows) {
        for (PreprocessorProvider p : ServiceLoader.load(PreprocessorProvider.class,
                AudioPrefill.class.getClassLoader())) {
            if (PreprocessorProvider.MUSIC_FLAMINGO_FEATURES.equals(p.name())) {
                Preprocessor<?> pre = p.create(Map.of("maxWindows", Integer.toString(maxWindows)));
                if (pre.outputType() != MelFeatures.class) {
                    throw new ModelLoadException("the '" + p.name() + "' preprocessor produces " + pre.outputType()
                            + ", not MelFeatures");
                }
                return (Preprocessor<MelFeatures>) pre;
            }
        }
        throw new ModelLoadException("no '" + PreprocessorProvider.MUSIC_FLAMINGO_FEATURES + "' preprocessor on the"
                + " class path: add the zikos-dsp module as a dependency to give Music Flamingo audio input");
    }
}

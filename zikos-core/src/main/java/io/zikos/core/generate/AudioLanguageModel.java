package io.zikos.core.generate;

import io.zikos.api.MelFeatures;

/**
 * The engine side of an audio-language model (Audio Flamingo 3 / Music Flamingo): a causal decoder that also
 * turns log-mel features into audio embeddings and token ids into token embeddings, so shared code can scatter the
 * audio embeddings into the {@code <sound>} positions and prefill with {@link DecoderState#forwardEmbeddings}.
 */
public interface AudioLanguageModel extends CausalLm {

    /** Width of one embedding (the decoder's hidden size). */
    int hiddenSize();

    /**
     * Runs the audio encoder + projector on every window.
     *
     * @return un-gathered embeddings, {@code [windows, tokensPerWindow, hiddenSize]} row-major, where
     *         tokensPerWindow is 750 for 3000-frame windows; shared code gathers the valid positions
     */
    float[] encodeAudioWindows(MelFeatures features);

    /** Token embeddings, {@code [ids.length, hiddenSize]} row-major. */
    float[] embedTokens(int[] ids);
}

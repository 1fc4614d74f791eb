package io.zikos.core.generate;

/**
 * One sequence's position in a causal language model: the KV cache and how many tokens it holds. Each engine
 * implements this (ONNX Runtime, DJL); the generation loop, sampling and streaming on top are shared.
 * Not thread-safe: one state per generation. {@link #close()} frees its native tensors.
 */
public interface DecoderState extends AutoCloseable {

    /** Appends tokens to the sequence and returns the logits of the last appended position ({@code vocab} floats). */
    float[] forward(int[] tokenIds);

    /**
     * Appends input embeddings ({@code count x hidden}, row-major) instead of token ids; for multimodal prompts
     * where audio embeddings are scattered into the sequence.
     *
     * @throws UnsupportedOperationException for text-only models
     */
    float[] forwardEmbeddings(float[] embeddings, int count);

    /** Tokens in the cache so far. */
    int length();

    @Override
    void close();
}

package io.zikos.core.generate;

/**
 * A loaded causal language model from an engine's point of view: it can start sequences. Thread-safe; the
 * {@link DecoderState}s it creates are not.
 */
public interface CausalLm extends AutoCloseable {

    /** A fresh, empty sequence. */
    DecoderState newState();

    /** Width of the logits. */
    int vocabSize();

    @Override
    void close();
}

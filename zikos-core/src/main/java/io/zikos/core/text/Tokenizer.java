package io.zikos.core.text;

import java.util.OptionalInt;

/**
 * Text to token ids and back, with the model's special tokens (for example {@code <|im_start|>}, {@code <sound>})
 * recognised in the input text as single tokens. Thread-safe.
 */
public interface Tokenizer extends AutoCloseable {

    /** Encodes text; special tokens written literally in {@code text} become their ids. No BOS/EOS is added. */
    int[] encode(String text);

    /** Decodes ids to text, special tokens included verbatim. */
    String decode(int[] ids);

    /** The id of a token written as text (special or regular), if the vocabulary has it as one token. */
    OptionalInt tokenId(String token);

    /** Size of the vocabulary including added tokens. */
    int vocabularySize();

    @Override
    void close();
}

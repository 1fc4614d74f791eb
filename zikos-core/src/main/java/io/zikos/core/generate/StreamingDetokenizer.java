package io.zikos.core.generate;

import io.zikos.core.text.Tokenizer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Turns tokens into text deltas as they arrive. With byte-level BPE one character may be split over several tokens;
 * decoding such a prefix yields U+FFFD, so a delta is only emitted once the decoded suffix ends in a complete
 * character. Only a short running window of ids is re-decoded each step (the technique of Hugging Face's
 * text-generation-inference): {@code prefix..read} is text already emitted, {@code read..end} is pending.
 * Not thread-safe.
 */
public final class StreamingDetokenizer {

    private static final char REPLACEMENT = '\uFFFD';

    private final Tokenizer tokenizer;
    private int[] ids = new int[64];
    private int size;
    private int prefixOffset;
    private int readOffset;
    private final StringBuilder text = new StringBuilder();

    public StreamingDetokenizer(Tokenizer tokenizer) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    }

    /**
     * Adds one token.
     *
     * @return the new complete text (possibly empty while a character is still incomplete)
     */
    public String push(int id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size++] = id;
        String prefixText = decode(prefixOffset, readOffset);
        String newText = decode(prefixOffset, size);
        if (newText.length() > prefixText.length() && newText.charAt(newText.length() - 1) != REPLACEMENT
                && newText.startsWith(prefixText)) {
            String delta = newText.substring(prefixText.length());
            prefixOffset = readOffset;
            readOffset = size;
            text.append(delta);
            return delta;
        }
        if (newText.length() > prefixText.length() && newText.charAt(newText.length() - 1) != REPLACEMENT) {
            // The window's earlier text decoded differently with the new token (rare merges across tokens):
            // resynchronise on the full text so the running text stays equal to decode(all ids).
            String full = decode(0, size);
            String delta = full.startsWith(text.toString()) ? full.substring(text.length()) : "";
            prefixOffset = readOffset;
            readOffset = size;
            text.append(delta);
            return delta;
        }
        return "";
    }

    /** Emits whatever is pending at the end of generation, incomplete characters included (as U+FFFD). */
    public String flush() {
        if (readOffset == size) {
            return "";
        }
        String prefixText = decode(prefixOffset, readOffset);
        String newText = decode(prefixOffset, size);
        String delta = newText.startsWith(prefixText) ? newText.substring(prefixText.length()) : "";
        prefixOffset = readOffset;
        readOffset = size;
        text.append(delta);
        return delta;
    }

    /** All text emitted so far. */
    public String text() {
        return text.toString();
    }

    private String decode(int from, int to) {
        return from >= to ? "" : tokenizer.decode(Arrays.copyOfRange(ids, from, to));
    }
}

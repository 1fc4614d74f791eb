package io.zikos.core.generate;

/**
 * Receives what the {@link GenerationLoop} produces, as it is produced. Called from the generating thread.
 */
public interface TokenStreamListener {

    /** A listener that ignores everything. */
    TokenStreamListener NONE = new TokenStreamListener() { };

    /** A token was chosen (stop tokens included). */
    default void onToken(int tokenId) { }

    /**
     * New reply text. Never splits a character, and never contains text that later turns out to belong to a stop
     * sequence (such text is held back until it is clear).
     */
    default void onText(String delta) { }
}

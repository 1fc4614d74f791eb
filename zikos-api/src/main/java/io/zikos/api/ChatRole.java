package io.zikos.api;

/** Who wrote a chat message. */
public enum ChatRole {
    SYSTEM, USER, ASSISTANT, TOOL;

    /** The lower-case name chat templates use ("system", "user", "assistant", "tool"). */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

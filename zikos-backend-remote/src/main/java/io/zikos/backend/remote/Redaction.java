package io.zikos.backend.remote;

/** Keeps secrets and huge server bodies out of messages and logs. */
final class Redaction {

    static final int MAX_EXCERPT = 300;

    private Redaction() {
    }

    /** The text shortened to {@value #MAX_EXCERPT} characters on one line. */
    static String excerpt(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_EXCERPT ? oneLine : oneLine.substring(0, MAX_EXCERPT) + "...";
    }

    /** The text with every occurrence of the secret replaced by {@code ***}. */
    static String redact(String text, String secret) {
        if (text == null || secret == null || secret.isEmpty()) {
            return text;
        }
        return text.replace(secret, "***");
    }
}

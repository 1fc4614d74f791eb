package io.zikos.core.prompt.jinja;

/**
 * Python's {@code str.lstrip/rstrip/strip(chars)} for a set of characters: what the chat templates call, and what the
 * hand-written prompt formats must do the same way to render identically.
 */
public final class PyStrings {

    private PyStrings() {
    }

    /** Python's {@code s.lstrip(chars)}. */
    public static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return s.substring(i);
    }

    /** Python's {@code s.rstrip(chars)}. */
    public static String rstrip(String s, String chars) {
        int j = s.length();
        while (j > 0 && chars.indexOf(s.charAt(j - 1)) >= 0) {
            j--;
        }
        return s.substring(0, j);
    }

    /** Python's {@code s.strip(chars)}. */
    public static String strip(String s, String chars) {
        return lstrip(rstrip(s, chars), chars);
    }
}

package io.zikos.dsp.report.html;

import java.util.Locale;

/** Escaping and number formatting shared by the report's HTML and SVG. */
final class Html {

    private Html() {
    }

    /**
     * Escapes text for HTML element content and quoted attribute values (also inside inline SVG). Everything that
     * comes from a report — file names above all — goes through here, so a name like {@code <script>} stays text.
     */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    // Control characters (other than tab/newline) are not allowed in HTML text; drop them.
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        continue;
                    }
                    b.append(c);
                }
            }
        }
        return b.toString();
    }

    /** A coordinate with one decimal, locale-independent (SVG wants dots). */
    static String n(double v) {
        if (!Double.isFinite(v)) {
            return "0";
        }
        long r = Math.round(v * 10);
        return (r % 10 == 0) ? Long.toString(r / 10) : String.format(Locale.ROOT, "%.1f", r / 10.0);
    }

    static String fmt(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    /** "0:07" / "1:23" style time, the way players count through a take. */
    static String clock(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            seconds = 0;
        }
        int s = (int) Math.floor(seconds + 1e-6);
        return (s / 60) + ":" + String.format(Locale.ROOT, "%02d", s % 60);
    }

    /** "+12¢" / "−8¢" with a real minus sign. */
    static String cents(double c) {
        long r = Math.round(c);
        return (r > 0 ? "+" : r < 0 ? "\u2212" : "\u00b1") + Math.abs(r) + "\u00a2";
    }

    /** "+35 ms" / "−20 ms". */
    static String ms(double v) {
        long r = Math.round(v);
        return (r > 0 ? "+" : r < 0 ? "\u2212" : "\u00b1") + Math.abs(r) + " ms";
    }
}

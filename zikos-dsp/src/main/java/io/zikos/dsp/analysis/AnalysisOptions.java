package io.zikos.dsp.analysis;

/**
 * What the player can tell the analysis about a recording: the instrument (narrows the pitch search) and the metre
 * (how many beats make a bar, for the bar numbers in flags and the report). Both are optional; immutable.
 *
 * <p>The metre is not detected: a practice melody rarely carries enough accent for that to be reliable, and a bar
 * number that is wrong is worse than none. When it is not given, bars are counted in four and the report says so.
 *
 * @param instrument  the instrument, {@link Instrument#ANY} when not known
 * @param beatsPerBar beats in a bar as the player counts them (3 for a waltz), or {@link #METRE_NOT_GIVEN}
 */
public record AnalysisOptions(Instrument instrument, int beatsPerBar) {
    /** {@link #beatsPerBar()} when the player did not say. */
    public static final int METRE_NOT_GIVEN = 0;
    /** Beats per bar assumed when the metre is not given (common time). */
    public static final int ASSUMED_BEATS_PER_BAR = 4;
    /** Most beats per bar accepted (12/8 counted in eighths). */
    public static final int MAX_BEATS_PER_BAR = 12;
    /** No instrument, no metre. */
    public static final AnalysisOptions DEFAULTS = new AnalysisOptions(Instrument.ANY, METRE_NOT_GIVEN);

    /**
     * @throws IllegalArgumentException when {@code beatsPerBar} is neither {@link #METRE_NOT_GIVEN} nor 1 to
     *                                  {@link #MAX_BEATS_PER_BAR}
     */
    public AnalysisOptions {
        instrument = instrument == null ? Instrument.ANY : instrument;
        if (beatsPerBar != METRE_NOT_GIVEN && (beatsPerBar < 1 || beatsPerBar > MAX_BEATS_PER_BAR)) {
            throw new IllegalArgumentException("beats per bar must be 1 to " + MAX_BEATS_PER_BAR
                    + " (3 for a waltz, 4 for common time), not " + beatsPerBar);
        }
    }

    /** The instrument and no metre. */
    public static AnalysisOptions of(Instrument instrument) {
        return new AnalysisOptions(instrument, METRE_NOT_GIVEN);
    }

    /** A copy with the given metre. */
    public AnalysisOptions withBeatsPerBar(int beats) {
        return new AnalysisOptions(instrument, beats);
    }

    /** Whether the player gave the metre. */
    public boolean metreGiven() {
        return beatsPerBar != METRE_NOT_GIVEN;
    }

    /** The beats per bar used for bar numbers: the given metre, else {@link #ASSUMED_BEATS_PER_BAR}. */
    public int barLength() {
        return metreGiven() ? beatsPerBar : ASSUMED_BEATS_PER_BAR;
    }

    /**
     * Reads a metre as typed by a player: a whole number of beats ("3") or a time signature, whose upper figure is
     * taken as the beats counted ("3/4", "5/4"; "6/8" as six, so a player who counts 6/8 in two gives "2").
     *
     * @throws IllegalArgumentException with a message saying what is accepted
     */
    public static int parseBeatsPerBar(String text) {
        String t = text == null ? "" : text.strip();
        int slash = t.indexOf('/');
        int beats;
        int lower = 4;
        try {
            beats = Integer.parseInt(slash >= 0 ? t.substring(0, slash).strip() : t);
            if (slash >= 0) {
                lower = Integer.parseInt(t.substring(slash + 1).strip());
            }
        } catch (NumberFormatException e) {
            beats = -1;
        }
        // the lower figure of a time signature is a note value: 1, 2, 4, 8, 16...
        if (beats < 1 || beats > MAX_BEATS_PER_BAR || lower <= 0 || Integer.bitCount(lower) != 1) {
            throw new IllegalArgumentException("'" + text + "' is not a metre: give the beats per bar (1 to "
                    + MAX_BEATS_PER_BAR + ", e.g. 3) or a time signature such as 3/4");
        }
        return beats;
    }
}

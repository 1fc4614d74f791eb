package io.zikos.dsp.analysis;

import java.util.Locale;

/**
 * Instruments the analysis knows by name, with the pitch range it searches when the instrument is given. Unknown or
 * absent instruments use {@link #ANY}, which covers every common melodic instrument and voice.
 */
public enum Instrument {
    ANY(33, 100),
    FLUTE(58, 98),
    PICCOLO(72, 108),
    VIOLIN(53, 100),
    VIOLA(46, 91),
    CELLO(34, 81),
    DOUBLE_BASS(26, 67),
    TRUMPET(52, 84),
    TROMBONE(38, 74),
    HORN(33, 79),
    ALTO_SAX(47, 82),
    TENOR_SAX(42, 77),
    SOPRANO_SAX(54, 89),
    CLARINET(48, 93),
    OBOE(56, 93),
    BASSOON(32, 76),
    PIANO(33, 100),
    GUITAR(38, 88),
    BASS_GUITAR(26, 67),
    VOICE(38, 84),
    SOPRANO(58, 86),
    ALTO(51, 79),
    TENOR(46, 74),
    BARITONE(41, 69),
    BASS(36, 65);

    private final int lowMidi;
    private final int highMidi;

    Instrument(int lowMidi, int highMidi) {
        this.lowMidi = lowMidi;
        this.highMidi = highMidi;
    }

    /** Lowest MIDI note searched (with a small margin below the instrument's range). */
    public int lowMidi() {
        return lowMidi;
    }

    /** Highest MIDI note searched. */
    public int highMidi() {
        return highMidi;
    }

    /**
     * Looks an instrument up by a loose name ("alto sax", "Nylon guitar", "voice_oohs"); returns {@link #ANY} for
     * {@code null} or blank and throws {@link IllegalArgumentException} naming the known ones for anything else.
     */
    public static Instrument parse(String name) {
        if (name == null || name.isBlank()) {
            return ANY;
        }
        String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (Instrument i : values()) {
            if (i.name().equals(n)) {
                return i;
            }
        }
        if (n.contains("GUITAR") && !n.contains("BASS")) {
            return GUITAR;
        }
        if (n.startsWith("VOICE") || n.contains("VOCAL") || n.contains("SING")) {
            return VOICE;
        }
        if (n.contains("SAX")) {
            return n.contains("TENOR") ? TENOR_SAX : n.contains("SOPRANO") ? SOPRANO_SAX : ALTO_SAX;
        }
        if (n.contains("PIANO") || n.contains("KEYBOARD")) {
            return PIANO;
        }
        throw new IllegalArgumentException("unknown instrument '" + name + "'; use one of "
                + java.util.Arrays.toString(values()).toLowerCase(Locale.ROOT) + " or leave it out");
    }

    public static double midiToHz(double midi) {
        return 440.0 * Math.pow(2, (midi - 69) / 12.0);
    }

    public static double hzToMidi(double hz) {
        return 69 + 12 * Math.log(hz / 440.0) / Math.log(2);
    }
}

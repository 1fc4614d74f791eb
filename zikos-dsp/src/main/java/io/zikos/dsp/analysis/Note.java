package io.zikos.dsp.analysis;

/**
 * A transcribed note.
 *
 * @param onset      start in seconds (relative to the analysed audio's first sample)
 * @param offset     end in seconds
 * @param midi       nearest equal-tempered MIDI pitch (A4 = 440 Hz)
 * @param cents      deviation from {@code midi} in cents, in [-50, 50]
 * @param confidence 0–1: how periodic and stable the note's pitch was
 * @param levelDb    the note's peak level in dBFS
 * @param strength   onset salience: the flux peak over its local background (0 for onsets found from a pitch
 *                   change alone)
 * @param attackTime when the attack was detected in the spectral flux; {@link #onset()} may lie earlier where the
 *                   new pitch was there before the attack's spectral change (soft attacks). Timing against the beat
 *                   grid uses this time, which has the same bias for every note of an instrument.
 */
public record Note(double onset, double offset, int midi, double cents, double confidence, double levelDb,
                   double strength, double attackTime) {

    /** A note whose onset is its detected attack. */
    public Note(double onset, double offset, int midi, double cents, double confidence, double levelDb,
                double strength) {
        this(onset, offset, midi, cents, confidence, levelDb, strength, onset);
    }

    /** Fractional MIDI pitch. */
    public double pitch() {
        return midi + cents / 100.0;
    }

    public double duration() {
        return offset - onset;
    }

    private static final String[] NAMES = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};

    /** Scientific pitch name such as {@code F#4}. */
    public String name() {
        return name(midi);
    }

    public static String name(int midi) {
        return NAMES[Math.floorMod(midi, 12)] + (Math.floorDiv(midi, 12) - 1);
    }

    public static String pitchClassName(int pc) {
        return NAMES[Math.floorMod(pc, 12)];
    }
}

package io.zikos.core.midi;

import java.util.List;
import java.util.Objects;

/**
 * A short piece of music: what the exercise notation describes and what a MIDI file holds. Times are in ticks of
 * {@link #TICKS_PER_QUARTER} per quarter note, so every duration the notation can write (down to 64th notes, dotted and
 * triplet values) is a whole number of ticks.
 *
 * @param title       shown in notation software; may be empty
 * @param tempoBpm    quarter notes per minute
 * @param time        the time signature
 * @param key         the key signature
 * @param pickupTicks length of an incomplete first bar (anacrusis), 0 when the music starts on a downbeat
 * @param parts       the tracks, at least one
 */
public record Score(String title, int tempoBpm, TimeSignature time, KeySignature key, long pickupTicks,
                    List<Part> parts) {

    /** Resolution of all tick values. */
    public static final int TICKS_PER_QUARTER = 480;

    public Score {
        title = title == null ? "" : title;
        if (tempoBpm < 1 || tempoBpm > 1000) {
            throw new IllegalArgumentException("tempo must be 1..1000 bpm: " + tempoBpm);
        }
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(key, "key");
        if (pickupTicks < 0 || pickupTicks >= time.measureTicks() && pickupTicks != 0) {
            throw new IllegalArgumentException("pickup must be shorter than a bar: " + pickupTicks);
        }
        parts = List.copyOf(parts);
    }

    /** Length of the longest part in ticks. */
    public long lengthTicks() {
        return parts.stream().mapToLong(Part::lengthTicks).max().orElse(0);
    }

    /** Seconds for a number of ticks at this score's tempo. */
    public double seconds(long ticks) {
        return ticks * 60.0 / (tempoBpm * (double) TICKS_PER_QUARTER);
    }

    /** Duration of the music in seconds (without the release tail a rendering adds). */
    public double durationSeconds() {
        return seconds(lengthTicks());
    }

    /** Number of bars, counting a pickup and an incomplete last bar as bars. */
    public int bars() {
        long len = lengthTicks();
        if (len == 0) {
            return 0;
        }
        long measure = time.measureTicks();
        long afterPickup = Math.max(0, len - pickupTicks);
        return (pickupTicks > 0 ? 1 : 0) + (int) ((afterPickup + measure - 1) / measure);
    }

    /** Total number of notes over all parts. */
    public int noteCount() {
        return parts.stream().mapToInt(p -> p.notes().size()).sum();
    }

    /**
     * A time signature.
     *
     * @param numerator   beats per bar
     * @param denominator the beat's note value (1, 2, 4, 8, 16 or 32)
     */
    public record TimeSignature(int numerator, int denominator) {
        public TimeSignature {
            if (numerator < 1 || numerator > 64) {
                throw new IllegalArgumentException("time signature numerator must be 1..64: " + numerator);
            }
            if (denominator < 1 || denominator > 32 || Integer.bitCount(denominator) != 1) {
                throw new IllegalArgumentException("time signature denominator must be 1, 2, 4, 8, 16 or 32: "
                        + denominator);
            }
        }

        public long beatTicks() {
            return 4L * TICKS_PER_QUARTER / denominator;
        }

        public long measureTicks() {
            return numerator * beatTicks();
        }

        @Override
        public String toString() {
            return numerator + "/" + denominator;
        }
    }

    /**
     * A key signature.
     *
     * @param fifths sharps (positive) or flats (negative), -7..7
     * @param minor  whether the key is minor
     */
    public record KeySignature(int fifths, boolean minor) {
        private static final String[] MAJOR = {"Cb", "Gb", "Db", "Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B",
            "F#", "C#"};
        private static final String[] MINOR = {"Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#", "G#",
            "D#", "A#"};

        public KeySignature {
            if (fifths < -7 || fifths > 7) {
                throw new IllegalArgumentException("key signature must have -7..7 fifths: " + fifths);
            }
        }

        /** The tonic's name, for example {@code "F#"} or {@code "Bb"}. */
        public String tonic() {
            return (minor ? MINOR : MAJOR)[fifths + 7];
        }

        /** Parses a tonic name with mode, as produced by {@link #toString()}; {@code null} when unknown. */
        static KeySignature of(String tonic, boolean minor) {
            String[] names = minor ? MINOR : MAJOR;
            for (int i = 0; i < names.length; i++) {
                if (names[i].equalsIgnoreCase(tonic)) {
                    return new KeySignature(i - 7, minor);
                }
            }
            return null;
        }

        /** For example {@code "D major"} or {@code "F# minor"}. */
        @Override
        public String toString() {
            return tonic() + (minor ? " minor" : " major");
        }
    }

    /**
     * One track/instrument.
     *
     * @param name        the track name
     * @param program     General MIDI program 0..127 (0 = Acoustic Grand Piano); ignored for drums
     * @param drums       whether this is a percussion track (MIDI channel 10; pitches are GM drum sounds)
     * @param notes       the notes, sorted by start, then pitch
     * @param lengthTicks where the track ends (at least the end of its last note; later when it ends with rests)
     */
    public record Part(String name, int program, boolean drums, List<Note> notes, long lengthTicks) {
        public Part {
            name = name == null ? "" : name;
            if (program < 0 || program > 127) {
                throw new IllegalArgumentException("program must be 0..127: " + program);
            }
            notes = notes.stream().sorted(Note.ORDER).toList();
            long end = notes.stream().mapToLong(Note::endTick).max().orElse(0);
            if (lengthTicks < end) {
                throw new IllegalArgumentException("track length " + lengthTicks + " is before its last note ends ("
                        + end + ")");
            }
        }
    }

    /**
     * A sounding note.
     *
     * @param startTick     onset in ticks from the start of the piece
     * @param durationTicks length in ticks (> 0)
     * @param pitch         MIDI note number 0..127 (60 = C4, middle C)
     * @param velocity      MIDI velocity 1..127
     */
    public record Note(long startTick, long durationTicks, int pitch, int velocity) {
        static final java.util.Comparator<Note> ORDER = java.util.Comparator.comparingLong(Note::startTick)
                .thenComparingInt(Note::pitch).thenComparingLong(Note::durationTicks);

        public Note {
            if (startTick < 0 || durationTicks <= 0) {
                throw new IllegalArgumentException("note needs start >= 0 and duration > 0");
            }
            if (pitch < 0 || pitch > 127 || velocity < 1 || velocity > 127) {
                throw new IllegalArgumentException("pitch must be 0..127 and velocity 1..127");
            }
        }

        public long endTick() {
            return startTick + durationTicks;
        }
    }
}

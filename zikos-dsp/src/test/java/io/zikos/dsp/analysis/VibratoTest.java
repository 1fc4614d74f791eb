package io.zikos.dsp.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A wide vibrato (a trained singer's swings up to a semitone either way) is one note at the swing's centre, while a
 * slurred trill, which swings as wide and as fast, stays its notes.
 */
class VibratoTest {

    /**
     * A slurred line (see {@link Synth#slurred}) whose level swells and fades by {@code tremolo} (a fraction) with a
     * vibrato at {@code vibratoHz}.
     */
    private static float[] line(double seconds, DoubleUnaryOperator pitch, double tremolo, double vibratoHz,
            double[] noteStarts) {
        return Synth.slurred(seconds, pitch, noteStarts, t -> 1 + tremolo * Math.sin(2 * Math.PI * vibratoHz * t + 1));
    }

    /**
     * C4 for 0.5 s, E4 for 2.5 s, D4 for 0.5 s, slurred, each note's vibrato (±{@code cents} at {@code hz}) growing
     * to full width over its first 0.3 s, as a singer's does.
     */
    private static float[] sungLine(double cents, double hz, double tremolo) {
        double[] starts = {0, 0.5, 3.0};
        double[] pitches = {60, 64, 62};
        return line(3.5, t -> {
            int k = t >= 3.0 ? 2 : t >= 0.5 ? 1 : 0;
            double depth = Math.min(1, (t - starts[k]) / 0.3);
            return pitches[k] + cents / 100 * depth * Math.sin(2 * Math.PI * hz * t);
        }, tremolo, hz, starts);
    }

    private static List<Note> notes(float[] x) {
        return new Analyzer().analyze(Synth.pcm(x)).notes();
    }

    /** The notes as onset:midi±cents, for failure messages. */
    private static String describe(List<Note> notes) {
        StringBuilder sb = new StringBuilder();
        for (Note n : notes) {
            sb.append(String.format(java.util.Locale.ROOT, "%.2f:%d%+.0f ", n.onset(), n.midi(), n.cents()));
        }
        return sb.toString();
    }

    @Test
    void aWideVibratoInARoomIsOneNoteAtItsCentre() {
        // ±100 cents at 5.5 Hz under a room's noise 40 dB down: the noise's soft flux peaks used to cut the E4 into
        // half-cycles a semitone apart (29 notes), each read at the swing's crest or trough
        for (long seed = 1; seed <= 3; seed++) {
            List<Note> notes = notes(TextureTest.withNoise(sungLine(100, 5.5, 0), 40, seed));
            assertOneHeldE4(notes);
        }
    }

    /**
     * The E4 held from 1.0 s to 3.5 s is one note at its swing's centre. (The half-second C4 and D4 around it reach
     * their full swing for barely a cycle, too little to be told from notes of their own; their edges may split.)
     */
    private static void assertOneHeldE4(List<Note> notes) {
        List<Note> heldE4 = notes.stream().filter(n -> n.onset() > 0.9 && n.onset() < 3.4).toList();
        assertEquals(1, heldE4.size(), "notes: " + describe(notes));
        assertEquals(64, heldE4.get(0).midi(), "notes: " + describe(notes));
        assertEquals(1.0, heldE4.get(0).onset(), 0.03);
        assertEquals(0, heldE4.get(0).cents(), 8, "the swing's centre: " + describe(notes));
    }

    @Test
    void aWideVibratoThatSwellsWithEachCycleIsOneNote() {
        // clean, and louder at each crest (the swell makes flux peaks that stand well out, with a level rise of 2-3
        // dB each cycle): the held E4 is still one note
        assertOneHeldE4(notes(sungLine(100, 6.5, 0.2)));
    }

    /**
     * A trill on E4 of 23 notes at {@code notesPerSecond} (each gliding into the next over {@code glideMs}), from a C4
     * and into a D4 (half a second each), as in {@link #sungLine}.
     */
    private static float[] trill(double interval, double notesPerSecond, double glideMs) {
        double glide = glideMs / 1000;
        double end = 0.5 + 23 / notesPerSecond;
        return line(end + 0.5, t -> {
            if (t < 0.5) {
                return 60;
            }
            if (t >= end) {
                return 62;
            }
            double u = (t - 0.5) * notesPerSecond;
            int k = (int) u;
            double into = (u - k) / notesPerSecond;
            double to = k % 2 == 0 ? 64 : 64 + interval;
            double from = k == 0 ? 64 : k % 2 == 0 ? 64 + interval : 64;
            return into < glide ? from + (to - from) * into / glide : to;
        }, 0, 1, new double[] {0, 0.5, end});
    }

    @Test
    void aSlurredTrillSwingingAsFastAsAVibratoIsStillItsNotes() {
        // twelve notes a second make a 6 Hz swing, a semitone or a tone wide, as the vibrato above; it holds each
        // pitch and moves between them quickly, where the vibrato moves all the time
        for (double interval : new double[] {1, 2}) {
            List<Note> notes = notes(TextureTest.withNoise(trill(interval, 12, 15), 40, 3));
            assertEquals(25, notes.size(), "notes: " + describe(notes));
            for (int i = 1; i < 24; i++) {
                assertEquals(i % 2 == 1 ? 64 : 64 + (int) interval, notes.get(i).midi(), "note " + i + ": " + describe(notes));
            }
        }
    }

    @Test
    void aRepeatSungOutOfTuneThroughTheVibratoIsANoteOfItsOwn() {
        // an E4 sung again 40 cents sharp without a break, the vibrato (±70 cents) going on through it: the swing's
        // centre steps there
        double[] starts = {0, 0.5, 1.7, 2.9};
        double[] pitches = {60, 64, 64.4, 62};
        float[] x = line(3.4, t -> {
            int k = t >= 2.9 ? 3 : t >= 1.7 ? 2 : t >= 0.5 ? 1 : 0;
            return pitches[k] + 0.7 * Math.min(1, t / 0.3) * Math.sin(2 * Math.PI * 5.5 * t);
        }, 0, 5.5, starts);
        List<Note> notes = notes(TextureTest.withNoise(x, 40, 5));
        assertEquals(List.of(60, 64, 64, 62), notes.stream().map(Note::midi).toList(), "notes: " + describe(notes));
        assertEquals(40, notes.get(2).cents(), 8);
        assertTrue(Math.abs(notes.get(1).cents()) < 8, "notes: " + describe(notes));
    }
}

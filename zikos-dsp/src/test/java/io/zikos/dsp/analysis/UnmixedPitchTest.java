package io.zikos.dsp.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A note that starts under the previous note's release makes the pitch track read the two notes' common period (a
 * whole-number sub-harmonic of both) until the new note dominates; the note's pitch is the one it settles on.
 */
class UnmixedPitchTest {
    /** G3 (55) into B3 (59): frequencies 4:5, common period that of G1 (31), i.e. B3 less 27.9 semitones. */
    @Test
    void mixtureReadingGivesWayToTheSettledPitch() {
        float[] track = {31.1f, 31.1f, 31.0f, 31.1f, 31.1f, 31.0f, 59.0f, 59.02f, 58.98f};
        assertEquals(59.0, NoteTranscriber.unmixedPitch(31.07, track, track.length, 55.0), 0.05);
    }

    @Test
    void aGenuineLowNoteIsKept() {
        float[] track = {31.1f, 31.1f, 31.0f, 31.1f, 31.1f, 31.0f, 59.0f, 59.02f, 58.98f};
        // 57 is no whole-number multiple of 31's frequency away, so 31 is not the two notes' common period
        assertEquals(31.07, NoteTranscriber.unmixedPitch(31.07, track, track.length, 57.0), 1e-9);
        // a note that does not end on the higher pitch never settled there (an octave slip at its start)
        float[] slip = {59.0f, 59.0f, 59.0f, 31.1f, 31.1f, 31.0f, 31.1f, 31.1f, 31.0f};
        assertEquals(31.07, NoteTranscriber.unmixedPitch(31.07, slip, slip.length, 55.0), 1e-9);
        // the previous note's own pitch ringing on is not the new note's
        float[] ringing = {31.1f, 31.1f, 31.0f, 31.1f, 31.1f, 31.0f, 55.0f, 55.0f, 55.0f};
        assertEquals(31.07, NoteTranscriber.unmixedPitch(31.07, ringing, ringing.length, 55.0), 1e-9);
    }

    @Test
    void subharmonicsAreWholeNumberMultiplesOfThePeriod() {
        assertTrue(NoteTranscriber.isSubharmonic(43, 55));          // octave
        assertTrue(NoteTranscriber.isSubharmonic(36, 55.02));       // twelfth (3x)
        assertTrue(NoteTranscriber.isSubharmonic(31, 58.86));       // 5x
        assertFalse(NoteTranscriber.isSubharmonic(45, 55));         // a minor seventh
        assertFalse(NoteTranscriber.isSubharmonic(55, 55));
    }

    /** G3, then a short G1 reading (the common period of G3 and B3), then B3 from a soft onset: one B3 note. */
    @Test
    void commonPeriodNoteIsTheNextNotesAttack() {
        Note g3 = new Note(0.0, 0.50, 55, 0, 0.9, -20, 10);
        Note mix = new Note(0.50, 0.65, 31, 0, 0.9, -25, 3);
        Note soft = new Note(0.65, 1.20, 59, 0, 0.9, -20, 1);
        List<Note> merged = NoteTranscriber.commonPeriodAttacks(List.of(g3, mix, soft));
        assertEquals(2, merged.size());
        assertEquals(59, merged.get(1).midi());
        assertEquals(0.50, merged.get(1).onset(), 1e-9);
        assertEquals(1.20, merged.get(1).offset(), 1e-9);
        // a clear new attack after it is a note of its own: the short note only takes its pitch
        Note clear = new Note(0.65, 1.20, 59, 0, 0.9, -20, 6);
        List<Note> kept = NoteTranscriber.commonPeriodAttacks(List.of(g3, mix, clear));
        assertEquals(3, kept.size());
        assertEquals(59, kept.get(1).midi());
        // a low note that is no common period of its neighbours (G3, F1, B3) stays as it is
        Note f1 = new Note(0.50, 0.65, 29, 0, 0.9, -25, 3);
        assertEquals(List.of(g3, f1, soft), NoteTranscriber.commonPeriodAttacks(List.of(g3, f1, soft)));
    }

    /**
     * A tenor saxophone's attack sounding its sub-octave for 200 ms (A3 read under an A4), then the A4 without a new
     * attack: one A4 from the first onset. A different low note held that long stays a note of its own.
     */
    @Test
    void subOctaveAttackSettlesOnTheNote() {
        Note honk = new Note(0.50, 0.70, 57, 0, 0.9, -20, 10);
        Note a4 = new Note(0.70, 1.40, 69, 0, 0.9, -18, 1.2);
        List<Note> settled = NoteTranscriber.settledAttacks(List.of(honk, a4));
        assertEquals(1, settled.size());
        assertEquals(69, settled.get(0).midi());
        assertEquals(0.50, settled.get(0).onset(), 1e-9);
        assertEquals(1.40, settled.get(0).offset(), 1e-9);
        // a seventh below is no sub-harmonic: 200 ms of it is a note of its own (the 160 ms rule still holds)
        Note b3 = new Note(0.50, 0.70, 59, 0, 0.9, -20, 10);
        assertEquals(2, NoteTranscriber.settledAttacks(List.of(b3, a4)).size());
        // the octave below held past 250 ms is a note too
        Note held = new Note(0.50, 0.80, 57, 0, 0.9, -20, 10);
        Note later = new Note(0.80, 1.40, 69, 0, 0.9, -18, 1.2);
        assertEquals(2, NoteTranscriber.settledAttacks(List.of(held, later)).size());
    }
}

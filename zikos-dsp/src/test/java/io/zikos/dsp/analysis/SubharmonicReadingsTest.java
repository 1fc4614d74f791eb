package io.zikos.dsp.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A note read at the common period of itself and the previous note's release is re-read at its own pitch from its
 * spectrum; a genuinely low note, and a note under the previous one still ringing an octave above, keep theirs.
 */
class SubharmonicReadingsTest {
    static final int SR = Synth.SR;

    /** Adds a harmonic tone (8 harmonics, 1/h amplitudes) from {@code from} to {@code to} seconds. */
    private static void tone(float[] x, double midi, double from, double to, double startAmp, double endAmp) {
        tone(x, midi, from, to, startAmp, endAmp, 1);
    }

    /** Adds a tone of harmonics {@code lowest}..8 (1/h amplitudes) from {@code from} to {@code to} seconds. */
    private static void tone(float[] x, double midi, double from, double to, double startAmp, double endAmp,
            int lowest) {
        double f0 = Instrument.midiToHz(midi);
        int a = (int) (from * SR);
        int b = Math.min(x.length, (int) (to * SR));
        for (int i = a; i < b; i++) {
            double t = i / (double) SR;
            double amp = startAmp + (endAmp - startAmp) * (i - a) / (double) (b - a);
            double v = 0;
            for (int h = lowest; h <= 8; h++) {
                v += Math.sin(2 * Math.PI * h * f0 * t) / h;
            }
            x[i] += (float) (0.2 * amp * v);
        }
    }

    private static Note note(double on, double off, double pitch) {
        int midi = (int) Math.round(pitch);
        return new Note(on, off, midi, 100 * (pitch - midi), 0.95, -20, 3, on);
    }

    @Test
    void aCommonPeriodReadingTakesTheNotesOwnPitch() {
        float[] x = new float[(int) (1.3 * SR)];
        tone(x, 59, 0, 0.5, 1, 1);
        tone(x, 59, 0.5, 0.8, 0.7, 0.2); // the B3 dying away under the new F#3
        tone(x, 54, 0.5, 1.3, 1, 1);
        // three periods of F#3 are four of B3: the track read about B1
        List<Note> notes = List.of(note(0, 0.5, 59), note(0.5, 0.8, 35.02), note(0.8, 1.3, 54));
        Note fixed = SubharmonicReadings.correct(notes, x, SR).get(1);
        assertEquals(54, fixed.midi());
        assertEquals(0, fixed.cents(), 3);
    }

    @Test
    void aGenuinelyLowNoteKeepsItsPitch() {
        float[] x = new float[(int) (1.3 * SR)];
        tone(x, 59, 0, 0.5, 1, 1);
        tone(x, 35, 0.5, 0.8, 1, 1);
        tone(x, 54, 0.8, 1.3, 1, 1);
        List<Note> notes = List.of(note(0, 0.5, 59), note(0.5, 0.8, 35), note(0.8, 1.3, 54));
        assertEquals(notes, SubharmonicReadings.correct(notes, x, SR));
    }

    @Test
    void aNoteUnderThePreviousOneRingingAnOctaveAboveKeepsItsPitch() {
        float[] x = new float[(int) (1.3 * SR)];
        tone(x, 71, 0, 0.8, 1, 0.8); // a plucked string ringing on
        tone(x, 59, 0.5, 0.8, 0.5, 0.5);
        tone(x, 72, 0.8, 1.3, 1, 1);
        List<Note> notes = List.of(note(0, 0.5, 71), note(0.5, 0.8, 59), note(0.8, 1.3, 72));
        assertEquals(notes, SubharmonicReadings.correct(notes, x, SR));
    }

    @Test
    void aReadingWithoutItsFundamentalUnderRingingStringsTakesItsOwnPitch() {
        // a guitar line C3 D3 F3: the plucked C3 and D3 ring on under the F3, and the track read the mixture's
        // period, F2, only 9 semitones under the D3 before it; F2 itself does not sound at all
        float[] x = new float[(int) (2.0 * SR)];
        tone(x, 48, 0, 1.5, 1, 0.8);
        tone(x, 50, 0.5, 1.5, 1, 0.8);
        tone(x, 53, 1.0, 1.5, 0.6, 0.5);
        tone(x, 55, 1.5, 2.0, 1, 0.8);
        List<Note> notes = List.of(note(0, 0.5, 48), note(0.5, 1.0, 50), note(1.0, 1.5, 41), note(1.5, 2.0, 55));
        Note fixed = SubharmonicReadings.correct(notes, x, SR).get(2);
        assertEquals(53, fixed.midi());
    }

    @Test
    void aLowNoteWhoseFundamentalWasNotRecordedKeepsItsPitch() {
        // a small microphone loses a G2's fundamental; its odd harmonics still say G2, not G3
        float[] x = new float[(int) (1.5 * SR)];
        tone(x, 50, 0, 0.5, 1, 1);
        tone(x, 43, 0.5, 1.0, 1, 1, 2);
        tone(x, 52, 1.0, 1.5, 1, 1);
        List<Note> notes = List.of(note(0, 0.5, 50), note(0.5, 1.0, 43), note(1.0, 1.5, 52));
        assertEquals(notes, SubharmonicReadings.correct(notes, x, SR));
    }
}

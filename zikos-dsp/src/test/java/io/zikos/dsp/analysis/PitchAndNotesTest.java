package io.zikos.dsp.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PitchAndNotesTest {

    private static double medianPitch(FrameFeatures f) {
        List<Float> v = new ArrayList<>();
        for (int t = 0; t < f.frames(); t++) {
            if (!Float.isNaN(f.pitchMidi(t))) {
                v.add(f.pitchMidi(t));
            }
        }
        v.sort(null);
        return v.get(v.size() / 2);
    }

    @Test
    void sineA440IsMidi69WithinOneCent() {
        FrameFeatures f = FrameFeatures.compute(Synth.sine(440, 1.0), Synth.SR, 33, 100);
        assertEquals(69.0, medianPitch(f), 0.01);
    }

    @Test
    void highAndLowTonesAreAccurate() {
        // a high flute-like note and a low cello-like note, both with harmonics
        for (int midi : new int[] {40, 57, 88}) {
            float[] x = Synth.render(List.of(new Synth.Tone(0.1, 0.8, midi, 0, 0.5)), 1.0);
            FrameFeatures f = FrameFeatures.compute(x, Synth.SR, 33, 100);
            assertEquals(midi, medianPitch(f), 0.02, "midi " + midi);
        }
    }

    @Test
    void scaleIsTranscribedWithOnsetsAndPitches() {
        int[] scale = {60, 62, 64, 65, 67, 69, 71, 72};
        double[] beats = {1, 1, 1, 1, 0.5, 0.5, 1, 2};
        List<Synth.Tone> tones = Synth.melody(scale, beats, 100);
        Analysis a = new Analyzer().analyze(Synth.pcm(Synth.render(tones, 6.0)));
        List<Note> notes = a.notes();
        assertEquals(scale.length, notes.size(), "notes: " + notes);
        for (int i = 0; i < scale.length; i++) {
            assertEquals(scale[i], notes.get(i).midi());
            assertEquals(tones.get(i).onset(), notes.get(i).onset(), 0.03, "onset of note " + i);
            assertEquals(0, notes.get(i).cents(), 3, "cents of note " + i);
        }
        assertTrue(!a.polyphonic());
    }

    @Test
    void detunedNoteIsMeasuredAndFlaggedWithItsDirection() {
        List<Synth.Tone> tones = new ArrayList<>(Synth.melody(new int[] {67, 69, 71, 72, 71, 69, 67, 69},
                new double[] {1, 1, 1, 1, 1, 1, 1, 1}, 90));
        Synth.Tone t = tones.get(3);
        tones.set(3, new Synth.Tone(t.onset(), t.duration(), t.midi(), -35, t.amplitude()));
        Analysis a = new Analyzer().analyze(Synth.pcm(Synth.render(tones, 6.5)));
        Note n = a.notes().get(3);
        assertEquals(72, n.midi(), "notes: " + a.notes());
        assertEquals(-35, n.cents(), 3);
        assertEquals(1, a.intonation().flagged().size(), "flags: " + a.intonation().flagged());
        Analysis.Flag f = a.intonation().flagged().get(0);
        assertEquals(3, f.noteIndex());
        assertTrue(f.value() < 0, "flat");
    }

    /**
     * A legato line, phase-continuous, starting at 0.5 s: note k lasts {@code seconds[k]} and glides from pitch
     * {@code from[k]} to {@code to[k]} (fractional MIDI), with barely an accent (1 dB) at its start.
     */
    private static float[] legato(double[] from, double[] to, double[] seconds) {
        double[] starts = new double[seconds.length];
        for (int k = 1; k < seconds.length; k++) {
            starts[k] = starts[k - 1] + seconds[k - 1];
        }
        double total = starts[seconds.length - 1] + seconds[seconds.length - 1];
        return Synth.slurred(total, t -> {
            int k = seconds.length - 1;
            while (k > 0 && t < starts[k]) {
                k--;
            }
            return from[k] + (to[k] - from[k]) * (t - starts[k]) / seconds[k];
        }, starts, t -> 1);
    }

    /** The line of half-second notes whose repeated E4 is played 35 cents sharp. */
    private static float[] sharpRepeat() {
        double[] pitches = {60, 62, 64, 64.35, 62, 60};
        double[] seconds = new double[pitches.length];
        java.util.Arrays.fill(seconds, 0.5);
        return legato(pitches, pitches, seconds);
    }

    @Test
    void theSameNotePlayedAgainOutOfTuneIsANoteOfItsOwn() {
        // only the step in intonation tells the repeated E4 from the one before
        assertSharpRepeatIsItsOwnNote(new Analyzer().analyze(Synth.pcm(sharpRepeat())));
    }

    @Test
    void aSoftRepeatOutOfTuneInARoomIsStillANoteOfItsOwn() {
        // under a room's noise (30 dB below the playing) the repeat's soft attack barely stands out from the flux
        // around it; the pitch stepping there from one steady level to another still tells it
        float[] x = TextureTest.withNoise(sharpRepeat(), 30, 7);
        assertSharpRepeatIsItsOwnNote(new Analyzer().analyze(Synth.pcm(x)));
    }

    private static void assertSharpRepeatIsItsOwnNote(Analysis a) {
        List<Note> notes = a.notes();
        assertEquals(6, notes.size(), "notes: " + notes);
        assertEquals(64, notes.get(3).midi());
        assertEquals(35, notes.get(3).cents(), 4);
        assertEquals(0, notes.get(2).cents(), 4);
        assertEquals(0.5 + 3 * 0.5, notes.get(3).onset(), 0.03);
        assertEquals(List.of(3), a.intonation().flagged().stream().map(Analysis.Flag::noteIndex).toList());
    }

    @Test
    void aNoteCreepingSharpIsNotSplitAtABowChange() {
        // a long E4 creeps from 40 cents flat to 50 sharp, with a soft bump (a bow change) halfway: the two halves
        // read 45 cents apart, but at the bump the pitch does not step between two levels
        assertOneE4InARoom(new double[] {63.60, 64.05}, new double[] {64.05, 64.50}, new double[] {1.2, 1.2}, 3);
    }

    @Test
    void aNoteLippedUpIntoTuneIsOneNote() {
        // the E4 starts 30 cents flat and is lipped up to pitch 0.2 s in, with a soft bump there: a correction within
        // the attack, not the note played again
        assertOneE4InARoom(new double[] {63.70, 64}, new double[] {63.70, 64}, new double[] {0.2, 0.8}, 7);
    }

    /**
     * A C4, an E4 played as two legato parts (each gliding {@code from} → {@code to} for its {@code seconds}, the
     * second with the line's soft bump at its start) and a D4, under a room's noise 30 dB down (seeded): the E4 is
     * one note.
     */
    private static void assertOneE4InARoom(double[] from, double[] to, double[] seconds, long noiseSeed) {
        double[] line = {60, from[0], from[1], 62};
        double[] lineTo = {60, to[0], to[1], 62};
        float[] x = legato(line, lineTo, new double[] {0.5, seconds[0], seconds[1], 0.5});
        List<Note> notes = new Analyzer().analyze(Synth.pcm(TextureTest.withNoise(x, 30, noiseSeed))).notes();
        assertEquals(List.of(60, 64, 62), notes.stream().map(Note::midi).toList(), "notes: " + notes);
    }

    /** Piano-like notes: partials stretched as a stiff string's, n f0 sqrt(1 + B n²), the fundamental on pitch. */
    private static float[] stiffStrings(int[] midis, double inharmonicity, double noteSeconds) {
        float[] x = new float[(int) ((1 + midis.length * noteSeconds) * Synth.SR)];
        for (int k = 0; k < midis.length; k++) {
            double f0 = 440 * Math.pow(2, (midis[k] - 69) / 12.0);
            int a = (int) ((0.5 + k * noteSeconds) * Synth.SR);
            for (int i = 0; i < (int) (noteSeconds * Synth.SR); i++) {
                double t = i / (double) Synth.SR;
                double v = 0;
                for (int n = 1; n <= 10; n++) {
                    double fn = n * f0 * Math.sqrt(1 + inharmonicity * n * n);
                    if (fn < Synth.SR / 2.0) {
                        v += Math.sin(2 * Math.PI * fn * t) / n * Math.exp(-t * (1.5 + 0.4 * n));
                    }
                }
                x[a + i] += (float) (0.3 * Math.min(1, t / 0.003) * v);
            }
        }
        return x;
    }

    @Test
    void aStiffStringNoteIsReadAtItsFundamental() {
        // B = 4e-4 is a piano's middle range: the 8th partial is 22 cents sharp, and the waveform's period with it
        int[] midis = {60, 64, 67, 72, 69};
        Analysis a = new Analyzer().analyze(Synth.pcm(stiffStrings(midis, 4e-4, 0.7)));
        List<Note> notes = a.notes();
        assertEquals(midis.length, notes.size(), "notes: " + notes);
        for (int i = 0; i < midis.length; i++) {
            assertEquals(midis[i], notes.get(i).midi());
            assertEquals(0, notes.get(i).cents(), 2, "cents of note " + i);
            // the chart of the pitch track agrees with the note
            Note n = notes.get(i);
            double[] inside = java.util.Arrays.stream(a.pitchCurve())
                    .filter(pt -> pt[0] >= n.onset() + 0.1 && pt[0] < n.offset()).mapToDouble(pt -> pt[1]).sorted()
                    .toArray();
            assertTrue(inside.length > 5);
            assertEquals(midis[i], inside[inside.length / 2], 0.015, "pitch curve in note " + i);
        }
        assertTrue(a.intonation().flagged().isEmpty(), "flags: " + a.intonation().flagged());
    }

    @Test
    void harmonicNotesAreNotTakenForStiffStrings() {
        float[] x = stiffStrings(new int[] {64}, 0, 0.7);
        Note n = new Note(0.5, 1.2, 64, 0, 1, -10, 10);
        assertTrue(Double.isNaN(StiffStringPitch.fundamental(n, x, Synth.SR)), "a harmonic tone has no stretch");
        float[] piano = stiffStrings(new int[] {64}, 4e-4, 0.7);
        assertEquals(64, StiffStringPitch.fundamental(n, piano, Synth.SR), 0.02);
    }

    @Test
    void repeatedNotesAreSeparateNotes() {
        List<Synth.Tone> tones = Synth.melody(new int[] {64, 64, 64, 67}, new double[] {1, 1, 1, 1}, 100);
        Analysis a = new Analyzer().analyze(Synth.pcm(Synth.render(tones, 3.5)));
        assertEquals(4, a.notes().size(), "notes: " + a.notes());
    }

    @Test
    void aSplitTooShortToBeANoteStartsTheNoteItRunsInto() {
        // A second flux peak 40 ms into a note, clear enough to split it (a take clipping as the voice swells): the
        // 40-60 ms before it are too short to be a note of their own, and dropping them started the note late
        int[] midis = {60, 64, 62, 65};
        List<Synth.Tone> tones = Synth.onePerBeat(midis, 100);
        float[] x = Synth.render(tones, 3.2);
        FrameFeatures f = FrameFeatures.compute(x, Synth.SR, 33, 100);
        List<OnsetDetector.Onset> onsets = new ArrayList<>(new OnsetDetector().detect(f));
        double second = tones.get(1).onset();
        double split = second + 0.04;
        onsets.add(new OnsetDetector.Onset(split, (int) Math.round(split / f.frameSeconds()), 20, 20, 6, 0, 6, split));
        onsets.sort((a, b) -> Double.compare(a.time(), b.time()));
        List<Note> notes = new NoteTranscriber().transcribe(f, onsets);
        assertEquals(midis.length, notes.size(), "notes: " + notes);
        assertEquals(64, notes.get(1).midi());
        assertEquals(second, notes.get(1).onset(), 0.03, "notes: " + notes);
    }
}

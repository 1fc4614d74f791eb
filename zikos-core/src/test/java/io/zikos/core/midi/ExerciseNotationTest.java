package io.zikos.core.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zikos.core.midi.NotationException.Problem;
import io.zikos.core.midi.Score.Note;
import io.zikos.core.midi.Score.Part;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExerciseNotationTest {

    static final String EXAMPLE = "title: Broken chords\n"
            + "tempo: 90\n"
            + "time: 4/4\n"
            + "key: C\n"
            + "track: Piano program=piano\n"
            + "mf C4/8 E4 G4 C5 G4 E4 C4/q | [F3 A3 C4]/h [G3 B3 D4]/h | p [C3 E3 G3 C4]/w |";

    @Test
    void parsesTheDocumentedExample() throws NotationException {
        Score s = ExerciseNotation.parse(EXAMPLE);
        assertEquals("Broken chords", s.title());
        assertEquals(90, s.tempoBpm());
        assertEquals("4/4", s.time().toString());
        assertEquals("C major", s.key().toString());
        assertEquals(1, s.parts().size());
        Part p = s.parts().get(0);
        assertEquals("Piano", p.name());
        assertEquals(0, p.program());
        assertEquals(7 + 6 + 4, p.notes().size());
        assertEquals(3 * 1920, p.lengthTicks());
        assertEquals(3, s.bars());
        // C4/8 at 0; the last chord at bar 3, piano (49).
        assertEquals(new Note(0, 240, 60, 80), p.notes().get(0));
        Note last = p.notes().get(p.notes().size() - 1);
        assertEquals(2 * 1920, last.startTick());
        assertEquals(1920, last.durationTicks());
        assertEquals(49, last.velocity());
        assertEquals(8.0, s.durationSeconds(), 1e-9);
    }

    @ParameterizedTest(name = "{0} = {1} ticks")
    @CsvSource({"w, 1920", "1, 1920", "h, 960", "q, 480", "4, 480", "8, 240", "16, 120", "32, 60", "64, 30",
            "q., 720", "h.., 1680", "8t, 160", "qt, 320", "16t, 80", "64., 45", "64.., -1", "3, -1", "q.t, -1",
            "x, -1"})
    void durations(String token, long ticks) {
        assertEquals(ticks, ExerciseNotation.durationTicks(token));
    }

    @Test
    void pitchesAccidentalsAndOctaves() throws NotationException {
        Score s = ExerciseNotation.parse("C4/q C#4 Db4 B#3 Cb4 F##4 Bbb3 bb4 A0 C-1 G9 c5");
        List<Integer> pitches = s.parts().get(0).notes().stream().map(Note::pitch).toList();
        assertEquals(List.of(60, 61, 61, 60, 59, 67, 57, 70, 21, 0, 127, 72), pitches);
    }

    @Test
    void keysTimesAndTempo() throws NotationException {
        Score s = ExerciseNotation.parse("tempo: q=72\ntime: 6/8\nkey: F# minor\nC4/8.");
        assertEquals(72, s.tempoBpm());
        assertEquals(6, s.time().numerator());
        assertEquals(8, s.time().denominator());
        assertEquals(3, s.key().fifths());
        assertTrue(s.key().minor());
        assertEquals(-2, ExerciseNotation.parse("key: Bb\nC4").key().fifths());
        assertEquals(-3, ExerciseNotation.parse("key: Cm\nC4").key().fifths());
        assertEquals("2/2", ExerciseNotation.parse("time: cut\nC4").time().toString());
    }

    @Test
    void tracksDrumsDynamicsAndContinuation() throws NotationException {
        Score s = ExerciseNotation.parse(String.join("\n",
                "track: Violin program=violin",
                "ff A4/q v=100 B4",
                "track: Kit drums",
                "C2/8 F#2 D2 F#2",
                "track: Violin",
                "C5/h"));
        assertEquals(2, s.parts().size());
        Part violin = s.parts().get(0);
        assertEquals(40, violin.program());
        assertEquals(List.of(112, 100, 100), violin.notes().stream().map(Note::velocity).toList());
        assertEquals(960, violin.notes().get(2).startTick());
        assertTrue(s.parts().get(1).drums());
    }

    @Test
    void tiesJoinNotesAcrossValuesAndBarLines() throws NotationException {
        Score s = ExerciseNotation.parse("time: 4/4\nC4/h. D4/q~ | D4/h [E4 G4]/h~ | [E4 G4]/8 r/8 r/q r/h |");
        List<Note> notes = s.parts().get(0).notes();
        assertEquals(List.of(new Note(0, 1440, 60, 80), new Note(1440, 1440, 62, 80), new Note(2880, 1200, 64, 80),
                new Note(2880, 1200, 67, 80)), notes);
        List<Problem> p = problems("C4/q~ D4/q");
        assertEquals(1, p.size());
        assertEquals("C4/q~", p.get(0).token());
        assertTrue(p.get(0).message().contains("same pitch"), p.get(0).message());
        assertTrue(problems("C4/q~").get(0).message().contains("track ends"));
        assertTrue(problems("C4/q r/q~").get(0).message().contains("rest cannot be tied"));
    }

    @Test
    void formatUsesTiesForLengthsWithoutASingleValue() throws NotationException {
        // As a MIDI file made elsewhere might hold: 5 quarters starting on beat 4, a quintuple-length rest.
        Score s = new Score("", 100, new Score.TimeSignature(4, 4), new Score.KeySignature(0, false), 0,
                List.of(new Part("Horn", 60, false, List.of(new Note(1440, 2400, 65, 64), new Note(6240, 300, 67, 64)),
                        7680)));
        String text = ExerciseNotation.format(s);
        assertTrue(text.contains("F4/q~ |"), text);
        assertEquals(s, ExerciseNotation.parse(text), text);
    }

    @Test
    void pickupBarAndOpenLastBar() throws NotationException {
        Score s = ExerciseNotation.parse("time: 3/4\nG4/q | C5/q D5 E5 | F5/h");
        assertEquals(480, s.pickupTicks());
        assertEquals(3, s.bars());
    }

    private static List<Problem> problems(String text) {
        NotationException e = assertThrows(NotationException.class, () -> ExerciseNotation.parse(text));
        return e.problems();
    }

    @Test
    void errorsNameLineColumnTokenAndWhatWasExpected() {
        List<Problem> p = problems("tempo: 90\ntrack: Piano\nC4/q D/q E4q F4/3 H4 [C4 E4/q]/h");
        assertEquals(5, p.size(), p.toString());
        assertEquals(new Problem(3, 6, "D/q", p.get(0).message()), p.get(0));
        assertTrue(p.get(0).message().contains("octave"), p.get(0).message());
        assertEquals(3, p.get(1).line());
        assertEquals(10, p.get(1).column());
        assertTrue(p.get(1).message().contains("'/'"), p.get(1).message());
        assertEquals("F4/3", p.get(2).token());
        assertTrue(p.get(2).message().contains("unknown duration '3'"), p.get(2).message());
        assertTrue(p.get(3).message().contains("no note H"), p.get(3).message());
        assertEquals("E4/q", p.get(4).token());
        assertEquals(26, p.get(4).column());
        assertTrue(p.get(4).message().contains("inside a chord"), p.get(4).message());
    }

    @Test
    void barLinesAreCheckedAgainstTheTimeSignature() {
        List<Problem> p = problems("time: 4/4\nC4/q D4 E4 F4 | G4/h A4/q | B4/w |");
        assertEquals(1, p.size(), p.toString());
        Problem bar = p.get(0);
        assertEquals(2, bar.line());
        assertEquals(27, bar.column());
        assertEquals("|", bar.token());
        assertTrue(bar.message().contains("bar 2") && bar.message().contains("3 quarter notes")
                && bar.message().contains("needs 4 quarter notes") && bar.message().contains("add 1 quarter note"),
                bar.message());
        Problem tooLong = problems("time: 3/4\nC4/q D4 E4 | F4/h G4/h |").get(0);
        assertTrue(tooLong.message().contains("remove 1 quarter note"), tooLong.message());
        Problem eighths = problems("time: 6/8\nC4/8 D4 E4 F4/q |  G4/q. A4/q |").get(0);
        assertTrue(eighths.message().contains("lasts 5 eighth notes"), eighths.message());
    }

    @Test
    void otherErrors() {
        assertTrue(problems("key: H\nC4").get(0).message().contains("expected a key"));
        assertTrue(problems("tempo: fast\nC4").get(0).message().contains("tempo"));
        assertTrue(problems("time: 4/3\nC4").get(0).message().contains("time signature"));
        assertTrue(problems("C4/q\ntempo: 90").get(0).message().contains("before the first track"));
        assertTrue(problems("track: A program=kazoo\nC4").get(0).message().contains("program="));
        assertTrue(problems("[C4 E4 G4/h").get(0).message().contains("not closed"));
        assertTrue(problems("C10/q").get(0).message().contains("out of range"));
        assertTrue(problems("// only a comment").get(0).message().contains("no music"));
        assertTrue(problems("r/w r/h").get(0).message().contains("only rests"));
        assertTrue(problems("track: A\ntrack: B\nC4").get(0).message().contains("no notes"));
    }

    @Test
    void formatReadsBackToAnEqualScore() throws NotationException {
        String text = String.join("\n",
                "title: Round trip",
                "tempo: 100",
                "time: 3/4",
                "key: Eb",
                "track: Flute program=flute",
                "Bb4/q | Eb5/8t F5 G5 Ab5/q. G5/8 | p [Eb4 G4 Bb4]/h. | r/h f Bb4/q |",
                "track: Cello program=cello",
                "r/q | Eb3/h. | Ab2/h Bb2/q | Eb2/h r/q |",
                "track: Perc drums",
                "r/q | C2/q D2 D2 | C2/q D2 D2 | C2/h. |");
        Score s = ExerciseNotation.parse(text);
        String formatted = ExerciseNotation.format(s);
        assertEquals(s, ExerciseNotation.parse(formatted), formatted);
        assertTrue(formatted.contains("|"), formatted);
        assertTrue(formatted.contains("[Eb4 G4 Bb4]/h."), "flats in a flat key: " + formatted);
    }
}

package io.zikos.core.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zikos.core.midi.Score.Note;
import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** text -> MIDI -> parsed back equal. */
class MidiFilesTest {

    @ParameterizedTest
    @ValueSource(strings = {
        ExerciseNotationTest.EXAMPLE,
        "C4/q D4 E4 F4 | G4/w",
        "title: Rests at both ends\ntempo: 75\ntime: 2/4\nkey: A minor\nr/8 A4/8 C5/8 E5/8 | A5/q r/q |",
        "time: 3/4\nkey: D\ntrack: Lead program=trumpet\nA4/q | D5/8t E5 F#5 G5/q A5 | B5/h. |\n"
            + "track: Pad program=strings\nr/q | [D4 F#4 A4]/h. | pp [G3 B3 D4]/h. |\n"
            + "track: Beat drums\nr/q | C2/q D2 D2 | C2/q D2 D2 |",
        "tempo: 200\nff C4/16 C4 C4 C4 v=7 C4/32 C4 C4/64 C4/64 r/64.",
        "time: 3/4\nC4/h D4/q~ | D4/q E4/h~ | E4/h. |",
        "time: 5/4\nkey: Gb\n[C4 Gb4 Bb4 Eb5]/q. r/8 Db5/h r/q | Cb5/w r/q |"
    })
    void roundTripsThroughAStandardMidiFile(String text) throws Exception {
        Score s = ExerciseNotation.parse(text);
        byte[] smf = MidiFiles.write(s);
        assertEquals('M', smf[0]);
        assertEquals(s, MidiFiles.read(smf));
    }

    @Test
    void readsFilesWithAnotherResolution() throws Exception {
        Sequence seq = new Sequence(Sequence.PPQ, 96);
        Track t = seq.createTrack();
        t.add(new MidiEvent(new MetaMessage(0x51, new byte[] {0x07, (byte) 0xA1, 0x20}, 3), 0)); // 120 bpm
        t.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 2, 40, 0), 0));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 2, 69, 90), 48));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 2, 69, 0), 144)); // note-on velocity 0 = off
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MidiSystem.write(seq, 0, out);
        Score s = MidiFiles.read(out.toByteArray());
        assertEquals(120, s.tempoBpm());
        assertEquals(1, s.parts().size());
        assertEquals(40, s.parts().get(0).program());
        assertEquals(List.of(new Note(240, 480, 69, 90)), s.parts().get(0).notes());
    }

    @Test
    void rejectsNonMidi() {
        assertThrows(InvalidMidiDataException.class, () -> MidiFiles.read("not midi at all".getBytes()));
    }
}

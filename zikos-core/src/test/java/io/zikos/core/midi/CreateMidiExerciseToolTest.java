package io.zikos.core.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.AudioTool;
import io.zikos.api.ToolContext;
import io.zikos.api.ToolException;
import io.zikos.core.store.FileAudioStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateMidiExerciseToolTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ObjectNode args(String notation) {
        ObjectNode a = JSON.createObjectNode();
        a.put("notation", notation);
        return a;
    }

    @Test
    void isDiscoveredAndDocumentsTheNotation() {
        AudioTool tool = ServiceLoader.load(AudioTool.class).stream().map(ServiceLoader.Provider::get)
                .filter(t -> t.name().equals("create_midi_exercise")).findFirst().orElseThrow();
        assertTrue(tool.description().contains("[C4 E4 G4]/h"));
        assertTrue(tool.description().contains("tempo:") && tool.description().contains("key:"));
        assertEquals("notation", tool.parameters().get("required").get(0).asText());
        tool.specification(); // valid name and schema
    }

    @Test
    void storesMidiAudioAndMusicXmlAndAnswersWithTheirIds() throws Exception {
        FileAudioStore store = new FileAudioStore(dir);
        CreateMidiExerciseTool tool = new CreateMidiExerciseTool(new MidiRenderer(null, false));
        JsonNode r = tool.invoke(args(ExerciseNotationTest.EXAMPLE), new ToolContext(store, null));
        assertEquals(8.0, r.get("duration_seconds").asDouble(), 1e-9);
        assertEquals(3, r.get("bars").asInt());
        assertEquals(17, r.get("notes").asInt());
        assertEquals("C major", r.get("key").asText());
        assertEquals("4/4", r.get("time_signature").asText());
        assertEquals(90, r.get("tempo_bpm").asInt());
        assertEquals("Piano", r.get("tracks").get(0).get("name").asText());

        Path midi = store.path(r.get("midi_id").asText()).orElseThrow();
        assertEquals(ExerciseNotation.parse(ExerciseNotationTest.EXAMPLE), MidiFiles.read(Files.readAllBytes(midi)));
        assertEquals("broken-chords.mid", store.info(r.get("midi_id").asText()).orElseThrow().originalName());

        Path wav = store.path(r.get("audio_id").asText()).orElseThrow();
        WavProbe w = new WavProbe(Files.readAllBytes(wav));
        assertEquals(8.0 + MidiRenderer.TAIL_SECONDS, w.seconds(), 0.01);
        assertEquals(w.seconds(), r.get("audio_seconds").asDouble(), 0.001);
        assertTrue(w.rmsDb(0, 8) > -40, "rendered audio is audible");

        Path xml = store.path(r.get("musicxml_id").asText()).orElseThrow();
        org.w3c.dom.Document d = MusicXmlWriterTest.parse(Files.readString(xml));
        assertEquals(17, MusicXmlWriterTest.soundingNotes(d));
        assertEquals(3, store.list().size());
    }

    @Test
    void canSkipRendering() throws Exception {
        FileAudioStore store = new FileAudioStore(dir);
        ObjectNode a = args("C4/q D4 E4 F4 | G4/w |");
        a.put("render_audio", false);
        a.put("name", "My Scale!");
        JsonNode r = new CreateMidiExerciseTool().invoke(a, new ToolContext(store, null));
        assertFalse(r.has("audio_id"));
        assertEquals("my-scale.mid", store.info(r.get("midi_id").asText()).orElseThrow().originalName());
        assertEquals(2, store.list().size());
    }

    @Test
    void invalidNotationIsAnInvalidArgumentsErrorWithThePreciseProblems() throws Exception {
        FileAudioStore store = new FileAudioStore(dir);
        ToolException e = assertThrows(ToolException.class, () -> new CreateMidiExerciseTool()
                .invoke(args("tempo: 90\nC4/q D4 E4 F4 | G4/h A4/q |"), new ToolContext(store, null)));
        assertEquals(ToolException.Code.INVALID_ARGUMENTS, e.code());
        assertTrue(e.getMessage().contains("line 2, column 27 ('|')"), e.getMessage());
        assertTrue(e.getMessage().contains("3 quarter notes"), e.getMessage());
        assertEquals(0, store.list().size(), "nothing stored for invalid input");
        ToolException missing = assertThrows(ToolException.class, () -> new CreateMidiExerciseTool()
                .invoke(JSON.createObjectNode(), new ToolContext(store, null)));
        assertEquals(ToolException.Code.INVALID_ARGUMENTS, missing.code());
        ObjectNode extra = args("C4");
        extra.put("tempo", 90);
        assertEquals(ToolException.Code.INVALID_ARGUMENTS, assertThrows(ToolException.class,
                () -> new CreateMidiExerciseTool().invoke(extra, new ToolContext(store, null))).code());
    }

    @Test
    void fileStems() {
        assertEquals("exercise", CreateMidiExerciseTool.fileStem(""));
        assertEquals("exercise", CreateMidiExerciseTool.fileStem("../../"));
        assertEquals("g-major-scale", CreateMidiExerciseTool.fileStem("G major scale"));
    }
}

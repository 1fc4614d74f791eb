package io.zikos.core.midi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.AudioStore;
import io.zikos.api.AudioTool;
import io.zikos.api.RecordingInfo;
import io.zikos.api.ToolContext;
import io.zikos.api.ToolException;
import io.zikos.core.midi.Score.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The {@code create_midi_exercise} tool: the model writes an exercise in {@link ExerciseNotation}; the tool validates
 * it, writes a Standard MIDI File, renders it to a WAV the user can listen to and exports MusicXML for notation
 * software, stores all three in the conversation's audio store and answers with their ids.
 */
public final class CreateMidiExerciseTool implements AudioTool {

    public static final String NAME = "create_midi_exercise";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final MidiRenderer renderer;

    /** For ServiceLoader discovery: renders with the configured SoundFont, if any (see {@link MidiRenderer}). */
    public CreateMidiExerciseTool() {
        this(new MidiRenderer());
    }

    public CreateMidiExerciseTool(MidiRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Creates a practice exercise the user can hear and read: give it music in the text notation below; it"
                + " returns ids of a MIDI file, a rendered WAV recording of it and a MusicXML score, plus its duration"
                + " and number of bars. Use it to demonstrate a passage, a scale, a rhythm or an ear-training example."
                + " If the notation has mistakes, the error lists each one with line, column and what was expected:"
                + " fix them and call again.\n\n" + ExerciseNotation.SYNTAX;
    }

    @Override
    public ObjectNode parameters() {
        ObjectNode schema = JSON.objectNode();
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        props.putObject("notation").put("type", "string")
                .put("description", "the exercise in the notation described above (use \\n between lines)");
        props.putObject("name").put("type", "string")
                .put("description", "optional short file name for the exercise, for example 'g-major-scale'");
        props.putObject("render_audio").put("type", "boolean")
                .put("description", "render a WAV recording of the exercise (default true)");
        schema.putArray("required").add("notation");
        schema.put("additionalProperties", false);
        return schema;
    }

    @Override
    public JsonNode invoke(ObjectNode arguments, ToolContext context) throws ToolException {
        JsonNode notation = arguments.get("notation");
        if (notation == null || !notation.isTextual() || notation.asText().isBlank()) {
            throw new ToolException(ToolException.Code.INVALID_ARGUMENTS,
                    "'notation' is required: a string with the exercise in the documented notation, for example"
                            + " \"tempo: 90\\ntime: 4/4\\ntrack: Piano program=piano\\nC4/q D4 E4 F4 | G4/w |\"");
        }
        JsonNode nameArg = arguments.get("name");
        if (nameArg != null && !nameArg.isNull() && !nameArg.isTextual()) {
            throw new ToolException(ToolException.Code.INVALID_ARGUMENTS, "'name' must be a string");
        }
        JsonNode renderArg = arguments.get("render_audio");
        if (renderArg != null && !renderArg.isNull() && !renderArg.isBoolean()) {
            throw new ToolException(ToolException.Code.INVALID_ARGUMENTS, "'render_audio' must be true or false");
        }
        for (var it = arguments.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("notation") && !f.equals("name") && !f.equals("render_audio")) {
                throw new ToolException(ToolException.Code.INVALID_ARGUMENTS, "unknown argument '" + f
                        + "'; the arguments are notation, name and render_audio");
            }
        }
        Score score;
        try {
            score = ExerciseNotation.parse(notation.asText());
        } catch (NotationException e) {
            throw new ToolException(ToolException.Code.INVALID_ARGUMENTS,
                    "the notation has " + e.problems().size() + " problem(s); fix them and call again:\n"
                            + e.getMessage(), e);
        }
        boolean render = renderArg == null || renderArg.isNull() || renderArg.asBoolean();
        String base = fileStem(nameArg != null && nameArg.isTextual() ? nameArg.asText() : score.title());
        AudioStore store = context.audioStore();
        ObjectNode result = JSON.objectNode();
        try {
            checkCancelled(context);
            RecordingInfo midi = store.store(new ByteArrayInputStream(MidiFiles.write(score)), base + ".mid");
            String xml = MusicXmlWriter.write(score);
            RecordingInfo musicXml = store.store(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
                    base + ".musicxml");
            result.put("midi_id", midi.id());
            result.put("musicxml_id", musicXml.id());
            if (render) {
                checkCancelled(context);
                MidiRenderer.Rendering wav = renderer.render(score);
                RecordingInfo audio = store.store(new ByteArrayInputStream(wav.wav()), base + ".wav");
                result.put("audio_id", audio.id());
                result.put("audio_seconds", round(wav.durationSeconds()));
                result.put("renderer", wav.route());
                if (wav.soundFont() != null) {
                    result.put("soundfont", String.valueOf(wav.soundFont().getFileName()));
                }
            }
        } catch (IOException e) {
            throw new ToolException(ToolException.Code.INTERNAL, "could not store or render the exercise: "
                    + e.getMessage(), e);
        }
        result.put("duration_seconds", round(score.durationSeconds()));
        result.put("bars", score.bars());
        result.put("notes", score.noteCount());
        if (!score.title().isEmpty()) {
            result.put("title", score.title());
        }
        result.put("tempo_bpm", score.tempoBpm());
        result.put("time_signature", score.time().toString());
        result.put("key", score.key().toString());
        ArrayNode tracks = result.putArray("tracks");
        for (Part p : score.parts()) {
            ObjectNode t = tracks.addObject();
            t.put("name", p.name());
            if (p.drums()) {
                t.put("drums", true);
            } else {
                t.put("program", p.program());
            }
            t.put("notes", p.notes().size());
        }
        return result;
    }

    private static void checkCancelled(ToolContext context) throws ToolException {
        if (context.cancellation().isCancelled()) {
            throw new ToolException(ToolException.Code.CANCELLED, "the turn was cancelled");
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** A safe, short file stem (the store keeps the name for display only, but keep it tidy). */
    static String fileStem(String raw) {
        String s = raw == null ? "" : raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (s.length() > 60) {
            s = s.substring(0, 60).replaceAll("-+$", "");
        }
        return s.isEmpty() ? "exercise" : s;
    }
}

package io.zikos.dsp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Tool {@code transcribe_notes}: Monophonic transcription: each note's onset, offset, MIDI pitch and name, cents deviation from equal temperament (A4=440 Hz), confidence and timing deviation. */
public final class NotesTool extends RecordingTool {

    @Override
    public String name() {
        return "transcribe_notes";
    }

    @Override
    public String description() {
        return "Monophonic transcription: each note's onset, offset, MIDI pitch and name, cents deviation from equal temperament (A4=440 Hz), confidence and timing deviation.";
    }

    @Override
    protected JsonNode result(AnalysisCache.Entry entry, ObjectNode arguments) {
        return pick(entry, "source", "notes");
    }
}

package io.zikos.dsp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Tool {@code detect_chords}: Chord segments of a recording, labelled like C:maj, A:min, B:dim or N (no chord), with start and end times. */
public final class ChordsTool extends RecordingTool {

    @Override
    public String name() {
        return "detect_chords";
    }

    @Override
    public String description() {
        return "Chord segments of a recording, labelled like C:maj, A:min, B:dim or N (no chord), with start and end times.";
    }

    @Override
    protected JsonNode result(AnalysisCache.Entry entry, ObjectNode arguments) {
        return pick(entry, "source", "chords", "key");
    }
}

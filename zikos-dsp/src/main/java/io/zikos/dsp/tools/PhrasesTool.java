package io.zikos.dsp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Tool {@code detect_phrases}: Phrases: groups of notes separated by rests or breaths, with start and end times and note indices. */
public final class PhrasesTool extends RecordingTool {

    @Override
    public String name() {
        return "detect_phrases";
    }

    @Override
    public String description() {
        return "Phrases: groups of notes separated by rests or breaths, with start and end times and note indices.";
    }

    @Override
    protected JsonNode result(AnalysisCache.Entry entry, ObjectNode arguments) {
        return pick(entry, "source", "phrases");
    }
}

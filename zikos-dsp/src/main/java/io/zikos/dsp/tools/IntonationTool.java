package io.zikos.dsp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Tool {@code analyze_intonation}: Intonation: per-note cents, the notes that were out of tune (how many cents, sharp or flat, bar and beat), the overall sharp/flat tendency and tuning offset. */
public final class IntonationTool extends RecordingTool {

    @Override
    public String name() {
        return "analyze_intonation";
    }

    @Override
    public String description() {
        return "Intonation: per-note cents, the notes that were out of tune (how many cents, sharp or flat, bar and beat), the overall sharp/flat tendency and tuning offset.";
    }

    @Override
    protected JsonNode result(AnalysisCache.Entry entry, ObjectNode arguments) {
        return pick(entry, "source", "intonation", "notes");
    }
}

package io.zikos.dsp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Tool {@code analyze_tempo}: Tempo and beats of a recording: bpm, beat times, tempo stability (0-1), drift in percent and a tempo curve that shows speeding up or slowing down. */
public final class TempoTool extends RecordingTool {

    @Override
    public String name() {
        return "analyze_tempo";
    }

    @Override
    public String description() {
        return "Tempo and beats of a recording: bpm, beat times, tempo stability (0-1), drift in percent and a tempo curve that shows speeding up or slowing down.";
    }

    @Override
    protected JsonNode result(AnalysisCache.Entry entry, ObjectNode arguments) {
        return pick(entry, "source", "tempo");
    }
}

package io.zikos.dsp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Tool {@code analyze_articulation}: Articulation (legato, staccato or mixed) from how much of each note's time it sounds. */
public final class ArticulationTool extends RecordingTool {

    @Override
    public String name() {
        return "analyze_articulation";
    }

    @Override
    public String description() {
        return "Articulation (legato, staccato or mixed) from how much of each note's time it sounds.";
    }

    @Override
    protected JsonNode result(AnalysisCache.Entry entry, ObjectNode arguments) {
        return pick(entry, "source", "articulation");
    }
}

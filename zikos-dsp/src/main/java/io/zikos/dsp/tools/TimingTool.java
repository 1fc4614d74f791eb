package io.zikos.dsp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Tool {@code analyze_timing}: Timing against a locally fitted beat grid at the right subdivision: notes that were rushed or dragged (ms, bar and beat) and the overall tendency. */
public final class TimingTool extends RecordingTool {

    @Override
    public String name() {
        return "analyze_timing";
    }

    @Override
    public String description() {
        return "Timing against a locally fitted beat grid at the right subdivision: notes that were rushed or dragged (ms, bar and beat) and the overall tendency.";
    }

    @Override
    protected JsonNode result(AnalysisCache.Entry entry, ObjectNode arguments) {
        return pick(entry, "source", "timing", "tempo");
    }
}

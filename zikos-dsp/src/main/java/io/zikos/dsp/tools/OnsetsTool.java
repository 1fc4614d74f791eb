package io.zikos.dsp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Tool {@code detect_onsets}: Times (seconds) where notes start in a recording. */
public final class OnsetsTool extends RecordingTool {

    @Override
    public String name() {
        return "detect_onsets";
    }

    @Override
    public String description() {
        return "Times (seconds) where notes start in a recording.";
    }

    @Override
    protected JsonNode result(AnalysisCache.Entry entry, ObjectNode arguments) {
        return pick(entry, "source", "onsets");
    }
}

package io.zikos.dsp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Tool {@code detect_key}: Key of a recording: tonic, mode, confidence and alternatives. */
public final class KeyTool extends RecordingTool {

    @Override
    public String name() {
        return "detect_key";
    }

    @Override
    public String description() {
        return "Key of a recording: tonic, mode, confidence and alternatives.";
    }

    @Override
    protected JsonNode result(AnalysisCache.Entry entry, ObjectNode arguments) {
        return pick(entry, "source", "key");
    }
}

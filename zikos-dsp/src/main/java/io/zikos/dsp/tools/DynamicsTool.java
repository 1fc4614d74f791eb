package io.zikos.dsp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Tool {@code analyze_dynamics}: Dynamics: mean level, range, trend (crescendo, decrescendo or steady) and a level envelope. */
public final class DynamicsTool extends RecordingTool {

    @Override
    public String name() {
        return "analyze_dynamics";
    }

    @Override
    public String description() {
        return "Dynamics: mean level, range, trend (crescendo, decrescendo or steady) and a level envelope.";
    }

    @Override
    protected JsonNode result(AnalysisCache.Entry entry, ObjectNode arguments) {
        return pick(entry, "source", "dynamics");
    }
}

package io.zikos.dsp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Tool {@code analyze_recording}: the comprehensive report (tempo, notes, intonation, timing, key, chords, dynamics,
 * articulation, phrases and a plain-text summary) from one decode. Bulky curves are left out unless asked for.
 */
public final class AnalyzeRecordingTool extends RecordingTool {

    @Override
    public String name() {
        return "analyze_recording";
    }

    @Override
    public String description() {
        return "Full practice analysis of a recording in one call: tempo and beats, notes, intonation (out-of-tune "
                + "notes), timing (rushed/dragged notes), key, chords, dynamics, articulation, phrases and a "
                + "plain-text summary. Use this first; the other tools return parts of the same analysis.";
    }

    @Override
    protected void extraProperties(ObjectNode properties) {
        properties.putObject("include_curves").put("type", "boolean")
                .put("description", "also return the pitch curve and dynamics envelope (large); default false");
    }

    @Override
    protected JsonNode result(AnalysisCache.Entry entry, ObjectNode arguments) {
        ObjectNode r = entry.report().deepCopy();
        JsonNode inc = arguments.get("include_curves");
        if (inc == null || !inc.asBoolean(false)) {
            r.remove("pitch_curve");
            JsonNode dyn = r.get("dynamics");
            if (dyn instanceof ObjectNode d) {
                d.remove("envelope");
            }
        }
        return r;
    }
}

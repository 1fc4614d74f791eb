package io.zikos.dsp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.ToolContext;
import io.zikos.api.ToolException;
import io.zikos.dsp.analysis.AnalysisOptions;
import io.zikos.dsp.analysis.TakeComparer;

/** Tool {@code compare_takes}: what improved and what regressed between two takes of the same passage. */
public final class CompareTakesTool extends RecordingTool {

    @Override
    public String name() {
        return "compare_takes";
    }

    @Override
    public String description() {
        return "Compare two takes of the same passage (first = earlier take, second = later take): tempo, "
                + "steadiness, pitch error, out-of-tune notes, timing error, rushed/dragged notes and dynamic range, "
                + "each marked improved, regressed or unchanged, plus how similar the notes are (1 = same notes).";
    }

    @Override
    public ObjectNode parameters() {
        ObjectNode schema = MAPPER.createObjectNode();
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        props.putObject("first_recording_id").put("type", "string").put("description", "id of the earlier take");
        props.putObject("second_recording_id").put("type", "string").put("description", "id of the later take");
        props.putObject("instrument").put("type", "string").put("description", "optional instrument or voice");
        schema.putArray("required").add("first_recording_id").add("second_recording_id");
        schema.put("additionalProperties", false);
        return schema;
    }

    @Override
    public JsonNode invoke(ObjectNode arguments, ToolContext context) throws ToolException {
        if (arguments == null) {
            throw new ToolException(ToolException.Code.INVALID_ARGUMENTS, "arguments are missing; call compare_takes"
                    + " with {\"first_recording_id\": \"...\", \"second_recording_id\": \"...\"}");
        }
        checkKnown(arguments);
        String a = requireString(arguments, "first_recording_id");
        String b = requireString(arguments, "second_recording_id");
        if (a.equals(b)) {
            throw new ToolException(ToolException.Code.INVALID_ARGUMENTS,
                    "both ids name the same recording; pass the ids of two different takes");
        }
        AnalysisOptions options = AnalysisOptions.of(instrument(arguments));
        AnalysisCache.Entry ea = AnalysisCache.get(context, a, options);
        AnalysisCache.Entry eb = AnalysisCache.get(context, b, options);
        TakeComparer.Comparison c = new TakeComparer().compare(ea.analysis(), eb.analysis());
        ObjectNode r = MAPPER.createObjectNode();
        r.put("first_recording_id", a);
        r.put("second_recording_id", b);
        if (!Double.isNaN(c.noteSimilarity())) {
            r.put("note_similarity", Math.round(c.noteSimilarity() * 1000) / 1000.0);
        }
        ArrayNode ch = r.putArray("changes");
        for (TakeComparer.Change x : c.changes()) {
            ch.addObject().put("metric", x.metric()).put("first", Math.round(x.first() * 10) / 10.0)
                    .put("second", Math.round(x.second() * 10) / 10.0).put("unit", x.unit())
                    .put("verdict", x.verdict());
        }
        ArrayNode imp = r.putArray("improved");
        c.improved().forEach(imp::add);
        ArrayNode reg = r.putArray("regressed");
        c.regressed().forEach(reg::add);
        return r;
    }

    @Override
    protected JsonNode result(AnalysisCache.Entry entry, ObjectNode arguments) {
        throw new UnsupportedOperationException("compare_takes overrides invoke");
    }
}

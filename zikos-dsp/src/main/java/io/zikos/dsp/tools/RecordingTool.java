package io.zikos.dsp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.AudioTool;
import io.zikos.api.ToolContext;
import io.zikos.api.ToolException;
import io.zikos.dsp.analysis.AnalysisOptions;
import io.zikos.dsp.analysis.Instrument;
import java.util.Iterator;
import java.util.Set;

/**
 * Base of the analysis tools: validates {@code recording_id} and the optional {@code instrument} and
 * {@code beats_per_bar}, gets the shared analysis, and lets each tool pick its part of the report. Subclasses are
 * stateless, so thread-safe.
 */
public abstract class RecordingTool implements AudioTool {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Builds this tool's result from the shared analysis. */
    protected abstract JsonNode result(AnalysisCache.Entry entry, ObjectNode arguments) throws ToolException;

    /** Extra properties of this tool's schema (besides recording_id, instrument and beats_per_bar). */
    protected void extraProperties(ObjectNode properties) {
    }

    @Override
    public ObjectNode parameters() {
        ObjectNode schema = MAPPER.createObjectNode();
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        props.putObject("recording_id").put("type", "string")
                .put("description", "id of the recording to analyse (given with the user's audio)");
        props.putObject("instrument").put("type", "string")
                .put("description", "optional instrument or voice (e.g. flute, violin, cello, voice, guitar, piano)"
                        + "; narrows the pitch search");
        props.putObject("beats_per_bar").put("type", "integer").put("minimum", 1)
                .put("maximum", AnalysisOptions.MAX_BEATS_PER_BAR)
                .put("description", "optional metre: beats in a bar as the player counts them (3 for a waltz); "
                        + "bar numbers assume 4 when left out");
        extraProperties(props);
        schema.putArray("required").add("recording_id");
        schema.put("additionalProperties", false);
        return schema;
    }

    @Override
    public JsonNode invoke(ObjectNode arguments, ToolContext context) throws ToolException {
        if (arguments == null) {
            throw new ToolException(ToolException.Code.INVALID_ARGUMENTS,
                    "arguments are missing; call " + name() + " with {\"recording_id\": \"...\"}");
        }
        checkKnown(arguments);
        String id = requireString(arguments, "recording_id");
        return result(AnalysisCache.get(context, id, options(arguments)), arguments);
    }

    void checkKnown(ObjectNode arguments) throws ToolException {
        Set<String> known = new java.util.HashSet<>();
        parameters().get("properties").fieldNames().forEachRemaining(known::add);
        for (Iterator<String> it = arguments.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new ToolException(ToolException.Code.INVALID_ARGUMENTS, "unknown argument '" + f
                        + "'; " + name() + " accepts " + known);
            }
        }
    }

    static String requireString(ObjectNode arguments, String field) throws ToolException {
        JsonNode v = arguments.get(field);
        if (v == null || v.isNull()) {
            throw new ToolException(ToolException.Code.INVALID_ARGUMENTS, "missing '" + field
                    + "': pass the recording id given with the user's audio, e.g. {\"" + field + "\": \"rec_...\"}");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new ToolException(ToolException.Code.INVALID_ARGUMENTS, "'" + field
                    + "' must be a non-empty string (the recording id)");
        }
        return v.asText();
    }

    /** The instrument and metre arguments, each optional. */
    static AnalysisOptions options(ObjectNode arguments) throws ToolException {
        AnalysisOptions options = AnalysisOptions.of(instrument(arguments));
        JsonNode v = arguments.get("beats_per_bar");
        if (v == null || v.isNull()) {
            return options;
        }
        if (!v.canConvertToExactIntegral() || v.asInt() < 1 || v.asInt() > AnalysisOptions.MAX_BEATS_PER_BAR) {
            throw new ToolException(ToolException.Code.INVALID_ARGUMENTS, "'beats_per_bar' must be a whole number "
                    + "from 1 to " + AnalysisOptions.MAX_BEATS_PER_BAR + " (3 for a waltz), or left out");
        }
        return options.withBeatsPerBar(v.asInt());
    }

    static Instrument instrument(ObjectNode arguments) throws ToolException {
        JsonNode v = arguments.get("instrument");
        if (v == null || v.isNull()) {
            return Instrument.ANY;
        }
        if (!v.isTextual()) {
            throw new ToolException(ToolException.Code.INVALID_ARGUMENTS, "'instrument' must be a string such as "
                    + "\"violin\", or left out");
        }
        try {
            return Instrument.parse(v.asText());
        } catch (IllegalArgumentException e) {
            throw new ToolException(ToolException.Code.INVALID_ARGUMENTS, e.getMessage());
        }
    }

    /** A copy of the named fields of the report. */
    static ObjectNode pick(AnalysisCache.Entry e, String... fields) {
        ObjectNode out = MAPPER.createObjectNode();
        for (String f : fields) {
            JsonNode v = e.report().get(f);
            if (v != null) {
                out.set(f, v.deepCopy());
            }
        }
        return out;
    }
}

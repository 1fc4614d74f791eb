package io.zikos.core.coach;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Shrinks a full analysis result to what belongs pinned in every request: scalar findings, short lists (flagged
 * notes, key alternatives, phrases) and the text summary stay; long per-frame or per-note series (pitch curve,
 * loudness envelope, every note, every beat) are replaced by their length and a pointer to the tool that returns
 * them. The pinned message is paid for on every turn, so it must stay small whatever the recording's length.
 */
final class BaselineDigest {

    /** Lists longer than this are left out of the pinned digest. */
    static final int MAX_LIST = 12;

    private BaselineDigest() {
    }

    static JsonNode of(JsonNode full) {
        return compact(full);
    }

    private static JsonNode compact(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                JsonNode v = f.getValue();
                if (v.isArray() && v.size() > MAX_LIST) {
                    out.putObject(f.getKey()).put("omitted_items", v.size())
                            .put("detail", "call the matching analysis tool with this recording_id for the full list");
                } else {
                    out.set(f.getKey(), compact(v));
                }
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> out.add(compact(e)));
            return out;
        }
        return node.deepCopy();
    }
}

package io.zikos.core.coach;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * A recording that arrived in a coaching session.
 *
 * @param id            its id in the audio store (what tools take as {@code recording_id})
 * @param label         how the conversation refers to it ("take 1", "take 2", ...)
 * @param baseline      the full baseline analysis (the conversation holds a compact digest of it), or {@code null}
 * @param baselineError why there is no baseline (bad audio, no analysis tools installed), or {@code null}
 */
public record Recording(String id, String label, JsonNode baseline, String baselineError) {
    public Recording {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        baseline = baseline == null ? null : baseline.deepCopy();
    }

    public Optional<JsonNode> baselineAnalysis() {
        return Optional.ofNullable(baseline).map(JsonNode::deepCopy);
    }
}

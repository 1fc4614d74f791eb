package io.zikos.samples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.AudioStore;
import io.zikos.api.AudioTool;
import io.zikos.api.Cancellation;
import io.zikos.api.ToolContext;
import io.zikos.api.ToolException;
import io.zikos.core.tools.ToolRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

/**
 * Produces the practice report of a stored recording by running the same {@code analyze_recording} tool the coach
 * uses (so a recording analysed for the page is not analysed again for the chat: the tool caches its analysis), and
 * keeps the last few reports in memory for the page's report view.
 */
final class ReportService {

    /** Instrument names the analysis understands look like this; anything else is not passed on. */
    private static final Pattern INSTRUMENT = Pattern.compile("[a-z][a-z_ -]{0,29}");
    /** Beats per bar as typed; the tool checks the range. */
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,2}");
    private static final int CACHE = 32;

    private final AudioStore store;
    private final AudioTool analyzer;
    // Analysis is CPU-bound; two at a time keeps a small machine responsive while several people upload.
    private final Semaphore running = new Semaphore(2);
    private final Map<String, ObjectNode> reports = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ObjectNode> eldest) {
            return size() > CACHE;
        }
    };

    ReportService(AudioStore store, ToolRegistry tools) {
        this.store = store;
        this.analyzer = tools.find("analyze_recording").orElse(null);
    }

    boolean available() {
        return analyzer != null;
    }

    /**
     * Analyses a stored recording (id already validated by the caller and present in the store).
     *
     * @param instrument  optional instrument name, or null
     * @param beatsPerBar optional beats per bar ("3"), or null
     * @throws ToolException with a message for the musician when the audio cannot be analysed
     */
    ObjectNode analyse(String id, String displayName, String instrument, String beatsPerBar) throws ToolException,
            InterruptedException {
        if (analyzer == null) {
            throw new ToolException(ToolException.Code.INTERNAL,
                    "no analysis tools are installed (add io.zikos:zikos-dsp to the classpath)");
        }
        ObjectNode args = JsonNodeFactory.instance.objectNode().put("recording_id", id).put("include_curves", true);
        if (instrument != null && !instrument.isBlank() && !instrument.equals("any")) {
            String in = instrument.strip().toLowerCase(java.util.Locale.ROOT);
            if (!INSTRUMENT.matcher(in).matches()) {
                throw new ToolException(ToolException.Code.INVALID_ARGUMENTS, "unknown instrument");
            }
            args.put("instrument", in);
        }
        if (beatsPerBar != null && !beatsPerBar.isBlank()) {
            // the tool checks the range and says what it accepts
            if (!WHOLE_NUMBER.matcher(beatsPerBar.strip()).matches()) {
                throw new ToolException(ToolException.Code.INVALID_ARGUMENTS,
                        "beats per bar must be a whole number, such as 3 for a waltz");
            }
            args.put("beats_per_bar", Integer.parseInt(beatsPerBar.strip()));
        }
        running.acquire();
        JsonNode result;
        try {
            result = analyzer.invoke(args, new ToolContext(store, Cancellation.none()));
        } finally {
            running.release();
        }
        ObjectNode report = result.isObject() ? ((ObjectNode) result).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        // The tool names the recording by id; the page shows the name the musician knows.
        report.put("source", displayName == null || displayName.isBlank() ? "your recording" : displayName);
        synchronized (reports) {
            reports.put(id, report);
        }
        return report;
    }

    /** The report made earlier for {@code id}, re-analysing when it fell out of the cache. */
    Optional<ObjectNode> report(String id) throws ToolException, InterruptedException {
        synchronized (reports) {
            ObjectNode r = reports.get(id);
            if (r != null) {
                return Optional.of(r);
            }
        }
        if (store.path(id).isEmpty()) {
            return Optional.empty();
        }
        String name = store.info(id).map(i -> i.originalName()).orElse("");
        return Optional.of(analyse(id, name, null, null));
    }
}

package io.zikos.samples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.AudioStore;
import io.zikos.api.AudioTool;
import io.zikos.api.Cancellation;
import io.zikos.api.RecordingInfo;
import io.zikos.api.ToolContext;
import io.zikos.api.ToolException;
import io.zikos.core.tools.ToolRegistry;
import io.zikos.dsp.analysis.AnalysisOptions;
import io.zikos.dsp.analysis.Instrument;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Produces the practice report of a stored recording by running the same {@code analyze_recording} tool the coach
 * uses (so a recording analysed for the page is not analysed again for the chat: the tool caches its analysis), and
 * keeps the last few reports in memory for the page's report view. A report that fell out of memory (or was made
 * before a restart) is made again with the instrument and beats per bar its upload gave, which the store keeps with
 * the recording, so the page shows the same pitch ranges and bar numbers.
 */
final class ReportService {

    private static final int CACHE = 32;

    /**
     * What an upload asked the analysis for, validated: an instrument name and beats per bar, each may be null. Kept
     * with the recording in the store (as its attributes), so a report made again, even after a restart, is made
     * with them.
     */
    record Settings(String instrument, Integer beatsPerBar) {
        static final Settings NONE = new Settings(null, null);
        private static final String INSTRUMENT_KEY = "instrument";
        private static final String BEATS_KEY = "beats_per_bar";

        /**
         * Checks what the upload form gave, with the analysis's own readers (so the page accepts what the CLI does,
         * "3/4" included), and keeps them in canonical form.
         *
         * @param instrument  optional instrument name, or null
         * @param beatsPerBar optional beats per bar ("3") or time signature ("3/4"), or null
         * @throws ToolException saying what is wrong, for the musician
         */
        static Settings parse(String instrument, String beatsPerBar) throws ToolException {
            try {
                return new Settings(instrumentName(instrument), beats(beatsPerBar));
            } catch (IllegalArgumentException e) {
                throw new ToolException(ToolException.Code.INVALID_ARGUMENTS, e.getMessage());
            }
        }

        /** The settings kept with a recording; one that no longer parses (an edited store) is left out. */
        static Settings of(Map<String, String> attributes) {
            String instrument = null;
            Integer beats = null;
            try {
                instrument = instrumentName(attributes.get(INSTRUMENT_KEY));
            } catch (IllegalArgumentException e) {
                // left out: the report is made without it
            }
            try {
                beats = beats(attributes.get(BEATS_KEY));
            } catch (IllegalArgumentException e) {
                // left out: bars are counted in four, and the report says it assumed that
            }
            return new Settings(instrument, beats);
        }

        /** The instrument's canonical name, or null for none ("any" or blank). */
        private static String instrumentName(String text) {
            Instrument i = Instrument.parse(text);
            return i == Instrument.ANY ? null : i.name().toLowerCase(Locale.ROOT);
        }

        private static Integer beats(String text) {
            return text == null || text.isBlank() ? null : AnalysisOptions.parseBeatsPerBar(text);
        }

        /** These settings as a recording's attributes in the store. */
        Map<String, String> attributes() {
            Map<String, String> out = new LinkedHashMap<>();
            if (instrument != null) {
                out.put(INSTRUMENT_KEY, instrument);
            }
            if (beatsPerBar != null) {
                out.put(BEATS_KEY, beatsPerBar.toString());
            }
            return Map.copyOf(out);
        }
    }

    private final AudioStore store;
    private final AudioTool analyzer;
    // Analysis is CPU-bound; two at a time keeps a small machine responsive while several people upload.
    private final Semaphore running = new Semaphore(2);
    private final Map<String, ObjectNode> reports;

    ReportService(AudioStore store, ToolRegistry tools) {
        this(store, tools, CACHE);
    }

    /**
     * A report service that keeps at most {@code capacity} reports in memory (tests use a small one).
     *
     * @param capacity how many reports to keep; older ones are made again on request
     */
    ReportService(AudioStore store, ToolRegistry tools, int capacity) {
        this.store = store;
        this.analyzer = tools.find("analyze_recording").orElse(null);
        this.reports = lru(capacity);
    }

    /** A map that keeps the {@code capacity} most recently used entries; callers synchronize on it. */
    private static <V> Map<String, V> lru(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    boolean available() {
        return analyzer != null;
    }

    /**
     * Analyses a stored recording with the settings its upload kept with it in the store.
     *
     * @throws ToolException with a message for the musician when the audio cannot be analysed
     */
    ObjectNode analyse(RecordingInfo recording) throws ToolException, InterruptedException {
        String id = recording.id();
        String displayName = recording.originalName();
        Settings given = Settings.of(recording.attributes());
        if (analyzer == null) {
            throw new ToolException(ToolException.Code.INTERNAL,
                    "no analysis tools are installed (add io.zikos:zikos-dsp to the classpath)");
        }
        ObjectNode args = JsonNodeFactory.instance.objectNode().put("recording_id", id).put("include_curves", true);
        if (given.instrument() != null) {
            args.put("instrument", given.instrument());
        }
        if (given.beatsPerBar() != null) {
            args.put("beats_per_bar", given.beatsPerBar());
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

    /**
     * The report made earlier for {@code id}, re-analysing with the settings kept with the recording when it fell out
     * of the cache.
     */
    Optional<ObjectNode> report(String id) throws ToolException, InterruptedException {
        synchronized (reports) {
            ObjectNode r = reports.get(id);
            if (r != null) {
                return Optional.of(r);
            }
        }
        Optional<RecordingInfo> info = store.info(id); // empty when the recording is not (or no longer) stored
        if (info.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(analyse(info.get()));
    }
}

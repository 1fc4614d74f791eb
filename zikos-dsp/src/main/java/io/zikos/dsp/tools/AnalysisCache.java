package io.zikos.dsp.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.AudioInputException;
import io.zikos.api.AudioSource;
import io.zikos.api.ToolContext;
import io.zikos.api.ToolException;
import io.zikos.dsp.analysis.Analysis;
import io.zikos.dsp.analysis.AnalysisOptions;
import io.zikos.dsp.report.PracticeReport;
import io.zikos.dsp.report.RecordingAnalysis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One decode and analysis per recording, shared by every tool: a model that asks for tempo, then intonation, then key
 * of the same recording pays once. Entries are keyed by file, its modification time and the options (instrument,
 * metre), and the cache holds only the last few recordings.
 */
final class AnalysisCache {
    private static final int CAPACITY = 8;
    private static final RecordingAnalysis ANALYSIS = new RecordingAnalysis();
    private static final Map<String, Entry> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > CAPACITY;
        }
    };

    /** An analysis and its JSON report. */
    record Entry(Analysis analysis, ObjectNode report) {
    }

    private AnalysisCache() {
    }

    static Entry get(ToolContext context, String recordingId, AnalysisOptions options) throws ToolException {
        Optional<Path> path;
        try {
            path = context.audioStore().path(recordingId);
        } catch (IllegalArgumentException e) {
            throw new ToolException(ToolException.Code.INVALID_ARGUMENTS, "'" + recordingId
                    + "' is not a recording id. Use the id given with the user's recording.");
        }
        if (path.isEmpty()) {
            throw new ToolException(ToolException.Code.NOT_FOUND, "no recording with id '" + recordingId
                    + "'. Use the id given with the user's recording, or ask the user to upload it again.");
        }
        Path p = path.get();
        String key;
        try {
            key = p.toAbsolutePath() + "|" + Files.getLastModifiedTime(p).toMillis() + "|" + options;
        } catch (IOException e) {
            throw new ToolException(ToolException.Code.NOT_FOUND, "recording '" + recordingId
                    + "' cannot be read any more; ask the user to upload it again.", e);
        }
        synchronized (CACHE) {
            Entry e = CACHE.get(key);
            if (e != null) {
                return e;
            }
        }
        if (context.cancellation().isCancelled()) {
            throw new ToolException(ToolException.Code.CANCELLED, "cancelled");
        }
        Entry e;
        try {
            Analysis a = ANALYSIS.analyze(AudioSource.of(p), options);
            e = new Entry(a, PracticeReport.toJson(a, recordingId));
        } catch (AudioInputException ex) {
            throw new ToolException(ToolException.Code.BAD_AUDIO, "recording '" + recordingId
                    + "' cannot be analysed: " + ex.getMessage(), ex);
        } catch (RuntimeException ex) {
            throw new ToolException(ToolException.Code.INTERNAL, "analysis of '" + recordingId + "' failed: " + ex,
                    ex);
        }
        synchronized (CACHE) {
            CACHE.put(key, e);
        }
        return e;
    }
}

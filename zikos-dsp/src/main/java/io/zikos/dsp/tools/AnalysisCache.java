package io.zikos.dsp.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.AudioInputException;
import io.zikos.api.AudioSource;
import io.zikos.api.ToolContext;
import io.zikos.api.ToolException;
import io.zikos.dsp.analysis.Analysis;
import io.zikos.dsp.analysis.AnalysisOptions;
import io.zikos.dsp.analysis.Instrument;
import io.zikos.dsp.report.PracticeReport;
import io.zikos.dsp.report.RecordingAnalysis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One decode and analysis per recording, shared by every tool: a model that asks for tempo, then intonation, then key
 * of the same recording pays once. Entries are keyed by file, its modification time and the instrument (which changes
 * the pitch search); the metre only renumbers bars, so a call that names one renumbers the cached analysis instead of
 * analysing again. The cache holds only the last few recordings. Tools asking for the same recording at the same
 * moment (a model calling several in parallel) wait for the one analysis under way instead of each running it.
 */
final class AnalysisCache {
    private static final int CAPACITY = 8;
    private static final RecordingAnalysis ANALYSIS = new RecordingAnalysis();
    private static final Map<String, Recording> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Recording> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Analyses under way, by cache key: a second caller waits for the first's instead of starting its own. */
    private static final ConcurrentMap<String, CompletableFuture<Recording>> IN_FLIGHT = new ConcurrentHashMap<>();
    /** How often (ms) a caller waiting for another's analysis checks whether it was itself cancelled. */
    private static final long WAIT_POLL_MS = 100;

    private static final AtomicLong ANALYSES_RUN = new AtomicLong();

    /** An analysis and its JSON report. */
    record Entry(Analysis analysis, ObjectNode report) {
    }

    /** One recording's analysis, and its renumbered copies for each metre asked for (at most a dozen, all small). */
    private static final class Recording {
        private final Entry analysed;
        private final ConcurrentMap<Integer, Entry> byMetre = new ConcurrentHashMap<>();

        Recording(Entry analysed) {
            this.analysed = analysed;
        }

        /** The entry with bars counted in the given metre (the analysed entry when it already is). */
        Entry inMetre(int beatsPerBar, String recordingId) {
            return byMetre.computeIfAbsent(beatsPerBar, b -> {
                Analysis renumbered = analysed.analysis().inMetre(b);
                return renumbered == analysed.analysis() ? analysed
                        : new Entry(renumbered, PracticeReport.toJson(renumbered, recordingId));
            });
        }
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
            key = p.toAbsolutePath() + "|" + Files.getLastModifiedTime(p).toMillis() + "|" + options.instrument();
        } catch (IOException e) {
            throw new ToolException(ToolException.Code.NOT_FOUND, "recording '" + recordingId
                    + "' cannot be read any more; ask the user to upload it again.", e);
        }
        return recording(context, recordingId, p, key, options.instrument())
                .inMetre(options.beatsPerBar(), recordingId);
    }

    /** The cached analysis, the one under way for the same key, or a new one. */
    private static Recording recording(ToolContext context, String recordingId, Path p, String key,
            Instrument instrument) throws ToolException {
        while (true) {
            Recording cached = cached(key);
            if (cached != null) {
                return cached;
            }
            CompletableFuture<Recording> mine = new CompletableFuture<>();
            CompletableFuture<Recording> running = IN_FLIGHT.putIfAbsent(key, mine);
            if (running == null) {
                // Success or failure, the slot is freed before the outcome is published: a waiter woken by it (one
                // that retries after a cancellation) must not find this finished future again.
                Recording r;
                try {
                    r = cachedOrAnalysed(context, recordingId, p, key, instrument);
                } catch (Throwable t) { // an Error too: waiters must not be left waiting
                    IN_FLIGHT.remove(key, mine);
                    mine.completeExceptionally(t);
                    throw t;
                }
                IN_FLIGHT.remove(key, mine);
                mine.complete(r);
                return r;
            }
            Recording theirs = awaitOther(context, running);
            if (theirs != null) {
                return theirs;
            }
            // the caller analysing it was cancelled: this one analyses the recording itself
        }
    }

    /**
     * The cached analysis, else a new one put in the cache. Called holding the in-flight slot: another caller may have
     * cached this key and left the slot between this caller's cache miss and its taking the slot.
     */
    private static Recording cachedOrAnalysed(ToolContext context, String recordingId, Path p, String key,
            Instrument instrument) throws ToolException {
        Recording cached = cached(key);
        if (cached != null) {
            return cached;
        }
        Recording r = new Recording(analyse(context, recordingId, p, instrument));
        synchronized (CACHE) {
            CACHE.put(key, r);
        }
        return r;
    }

    private static Recording cached(String key) {
        synchronized (CACHE) {
            return CACHE.get(key);
        }
    }

    /** Waits for another caller's analysis; null when that caller was cancelled (its failure is not this one's). */
    private static Recording awaitOther(ToolContext context, CompletableFuture<Recording> running)
            throws ToolException {
        while (true) {
            if (context.cancellation().isCancelled()) {
                throw new ToolException(ToolException.Code.CANCELLED, "cancelled");
            }
            try {
                return running.get(WAIT_POLL_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // still analysing: check this caller's cancellation again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ToolException(ToolException.Code.CANCELLED, "interrupted while waiting for the analysis");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ToolException t) {
                    if (t.code() == ToolException.Code.CANCELLED) {
                        return null;
                    }
                    throw new ToolException(t.code(), t.getMessage(), t);
                }
                throw new ToolException(ToolException.Code.INTERNAL, "analysis failed: " + e.getCause(),
                        e.getCause());
            }
        }
    }

    private static Entry analyse(ToolContext context, String recordingId, Path p, Instrument instrument)
            throws ToolException {
        if (context.cancellation().isCancelled()) {
            throw new ToolException(ToolException.Code.CANCELLED, "cancelled");
        }
        Entry e;
        try {
            Analysis a = ANALYSIS.analyze(AudioSource.of(p), AnalysisOptions.of(instrument));
            ANALYSES_RUN.incrementAndGet();
            e = new Entry(a, PracticeReport.toJson(a, recordingId));
        } catch (AudioInputException ex) {
            throw new ToolException(ToolException.Code.BAD_AUDIO, "recording '" + recordingId
                    + "' cannot be analysed: " + ex.getMessage(), ex);
        } catch (RuntimeException ex) {
            throw new ToolException(ToolException.Code.INTERNAL, "analysis of '" + recordingId + "' failed: " + ex,
                    ex);
        }
        return e;
    }

    /** How many recordings this cache has analysed (tests check that a cached analysis is reused). */
    static long analysesRun() {
        return ANALYSES_RUN.get();
    }
}

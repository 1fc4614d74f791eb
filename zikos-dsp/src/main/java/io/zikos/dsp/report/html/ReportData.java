package io.zikos.dsp.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What the page shows, read out of the report JSON once. Reading is lenient on purpose: a missing section (no tempo
 * for a single held note, no pitch for a drum take) just leaves that chart out, and a few alternative field names are
 * accepted so the page does not break when the report grows. Nothing here trusts the JSON to be well-formed.
 */
record ReportData(String fileName, double duration, String instrument, String key, List<NoteView> notes,
                  double[][] pitchCurve, double[][] tempoCurve, double bpm, String tempoTrend, double[] beats,
                  int beatsPerBar, int firstBar, double[][] dynamics, String dynamicsTrend, double thresholdCents,
                  double thresholdMs, String intonationTendency, String timingTendency, double meanAbsCents,
                  double meanAbsMs, double tuningOffsetCents, List<Line> feedback, List<String> warnings) {

    /** A line of the text feedback: a heading ("What to practise:"), a bullet point, or a plain sentence. */
    record Line(Kind kind, String text) {
        enum Kind { HEADING, ITEM, TEXT }
    }

    /** Default flag thresholds when the report does not say (the analysis' own defaults are in the same range). */
    static final double DEFAULT_CENTS = 20;
    static final double DEFAULT_MS = 40;

    /**
     * One note as drawn.
     *
     * @param timingMs onset minus where the beat grid expected it (NaN when unknown); negative = early
     * @param bar      1-based bar, 0 when unknown
     * @param beat     1-based beat in the bar, 0 when unknown
     */
    record NoteView(int index, double onset, double offset, int midi, String name, double cents, double timingMs,
                    int bar, double beat, boolean outOfTune, boolean offBeat) {

        boolean flagged() {
            return outOfTune || offBeat;
        }

        /** "bar 3, beat 2" / "bar 3" / "" — how a musician finds the spot. */
        String where() {
            if (bar <= 0) {
                return "";
            }
            if (beat <= 0) {
                return "bar " + bar;
            }
            // how players count: "beat 3", "the and of 3" for an off-beat eighth, else a decimal
            double r = Math.rint(beat);
            double whole = Math.floor(beat);
            String b;
            if (Math.abs(beat - r) < 0.15) {
                b = "beat " + (long) r;
            } else if (Math.abs(beat - whole - 0.5) < 0.15) {
                b = "the and of " + (long) whole;
            } else {
                b = "beat " + Html.fmt("%.1f", beat);
            }
            return "bar " + bar + ", " + b;
        }
    }

    static ReportData from(JsonNode root) {
        JsonNode r = root == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : root;
        // The analyze command may wrap the analysis: {"file":..., "analysis": {...}, "feedback": ...}.
        JsonNode a = r.has("analysis") && r.get("analysis").isObject() ? r.get("analysis") : r;

        String fileName = firstText(r, "file_name", "file", "original_name", "name", "recording_name", "source");
        if (fileName.isEmpty()) {
            fileName = firstText(r.path("recording"), "original_name", "name", "file");
        }
        fileName = baseName(fileName);
        double duration = firstNumber(a, "duration_seconds", "duration_s", "duration");
        String instrument = firstText(a, "instrument");
        if (instrument.isEmpty()) {
            instrument = firstText(a.path("instrument"), "name", "label");
        }
        JsonNode keyNode = a.path("key");
        String key = keyNode.isTextual() ? keyNode.asText()
                : firstText(keyNode, "name", "label", "key");
        if (key.isEmpty() && keyNode.isObject()) {
            String tonic = firstText(keyNode, "tonic");
            String mode = firstText(keyNode, "mode");
            key = (tonic + " " + mode).trim();
        }

        JsonNode tempo = a.path("tempo");
        double bpm = tempo.isNumber() ? tempo.asDouble() : firstNumber(tempo, "bpm", "tempo_bpm");
        double[] beats = numbers(tempo.path("beats"));
        double[] beatBpm = numbers(tempo.has("beat_bpm") ? tempo.path("beat_bpm") : tempo.path("local_bpm"));
        double[][] tempoCurve = pairs(firstNode(tempo, "curve", "tempo_curve"), "time", "bpm");
        if (tempoCurve.length == 0) {
            tempoCurve = pairs(a.path("tempo_curve"), "time", "bpm");
        }
        if (tempoCurve.length == 0 && beats.length == beatBpm.length && beats.length > 0) {
            tempoCurve = new double[beats.length][];
            for (int i = 0; i < beats.length; i++) {
                tempoCurve[i] = new double[] {beats[i], beatBpm[i]};
            }
        }
        int beatsPerBar = (int) firstNumber(tempo, "beats_per_bar", "beatsPerBar");
        int firstBar = 1;
        String tempoTrend = firstText(tempo, "trend");

        JsonNode dyn = a.path("dynamics");
        double[][] dynamics = pairs(firstNode(dyn, "envelope", "curve"), "time", "db");
        if (dynamics.length == 0) {
            dynamics = pairs(a.path("dynamics_envelope"), "time", "db");
        }
        String dynamicsTrend = firstText(dyn, "trend");

        double[][] pitchCurve = pairs(firstNode(a, "pitch_curve", "pitchCurve"), "time", "midi");

        JsonNode intonation = a.path("intonation");
        JsonNode timing = a.path("timing");
        double thresholdCents = orDefault(firstNumber(intonation, "threshold_cents", "thresholdCents"), DEFAULT_CENTS);
        double thresholdMs = orDefault(firstNumber(timing, "threshold_ms", "thresholdMs"), DEFAULT_MS);
        double[] deviations = numbers(firstNode(timing, "deviations_ms", "deviationsMs"));

        List<NoteView> notes = new ArrayList<>();
        JsonNode notesNode = a.path("notes");
        boolean[] pitchFlag = flaggedIndices(intonation.path("flagged"), notesNode.size());
        boolean[] timeFlag = flaggedIndices(timing.path("flagged"), notesNode.size());
        int[] flagBar = new int[notesNode.size()];
        double[] flagBeat = new double[notesNode.size()];
        collectBars(intonation.path("flagged"), flagBar, flagBeat);
        collectBars(timing.path("flagged"), flagBar, flagBeat);
        for (int i = 0; i < notesNode.size(); i++) {
            JsonNode n = notesNode.get(i);
            double onset = firstNumber(n, "onset", "start", "time");
            double offset = firstNumber(n, "offset", "end");
            if (!Double.isFinite(offset) && Double.isFinite(onset)) {
                offset = onset + orDefault(firstNumber(n, "duration"), 0.2);
            }
            int midi = (int) Math.round(firstNumber(n, "midi", "pitch"));
            if (!Double.isFinite(onset) || midi <= 0 || midi > 127) {
                continue;
            }
            String name = firstText(n, "name", "note");
            if (name.isEmpty()) {
                name = noteName(midi);
            }
            double cents = orDefault(firstNumber(n, "cents", "cents_off"), Double.NaN);
            double dev = i < deviations.length ? deviations[i]
                    : firstNumber(n, "timing_ms", "deviation_ms", "timing_deviation_ms");
            int bar = (int) orDefault(firstNumber(n, "bar"), flagBar[i]);
            double beat = orDefault(firstNumber(n, "beat"), flagBeat[i]);
            boolean outOfTune = pitchFlag[i] || n.path("out_of_tune").asBoolean(false)
                    || (intonation.path("flagged").isMissingNode() && Double.isFinite(cents)
                        && Math.abs(cents) > thresholdCents);
            boolean offBeat = timeFlag[i] || n.path("off_beat").asBoolean(false)
                    || (timing.path("flagged").isMissingNode() && Double.isFinite(dev) && Math.abs(dev) > thresholdMs);
            notes.add(new NoteView(i, onset, Math.max(offset, onset + 0.02), midi, name, cents, dev, bar, beat,
                    outOfTune, offBeat));
        }
        if (!Double.isFinite(duration) || duration <= 0) {
            duration = 0;
            for (NoteView n : notes) {
                duration = Math.max(duration, n.offset());
            }
            for (double[] p : pitchCurve) {
                duration = Math.max(duration, p[0]);
            }
            for (double[] p : dynamics) {
                duration = Math.max(duration, p[0]);
            }
        }

        return new ReportData(fileName, duration, instrument, key, List.copyOf(notes), pitchCurve, tempoCurve,
                Double.isFinite(bpm) ? bpm : 0, tempoTrend, beats, beatsPerBar > 0 ? beatsPerBar : 4, firstBar,
                dynamics, dynamicsTrend, thresholdCents, thresholdMs, firstText(intonation, "tendency"),
                firstText(timing, "tendency"), firstNumber(intonation, "mean_abs_cents", "meanAbsCents"),
                firstNumber(timing, "mean_abs_deviation_ms", "mean_abs_ms", "meanAbsMs"),
                firstNumber(intonation, "tuning_offset_cents", "tuningOffsetCents"), feedback(r),
                texts(firstNode(r, "warnings")));
    }

    /**
     * The text feedback: the report's plain-text summary (lines; "Heading:" lines, "  - item" / "  * item" bullets),
     * or a list of strings / objects with a "text" field. The summary's first line repeats the file name and length
     * shown in the page header, so it is dropped.
     */
    private static List<Line> feedback(JsonNode r) {
        JsonNode f = firstNode(r, "feedback", "summary", "observations", "comments");
        if (f.isMissingNode() && r.path("analysis").isObject()) {
            f = firstNode(r.path("analysis"), "feedback", "summary", "observations");
        }
        if (f.isObject()) {
            JsonNode inner = firstNode(f, "items", "points", "lines", "text", "summary");
            f = inner.isMissingNode() ? f : inner;
        }
        List<Line> out = new ArrayList<>();
        if (f.isTextual()) {
            String[] lines = f.asText().split("\\r?\\n");
            for (int i = 0; i < lines.length; i++) {
                String raw = lines[i];
                String t = raw.strip();
                if (t.isEmpty() || (i == 0 && t.startsWith("Practice report"))) {
                    continue;
                }
                if (t.startsWith("- ") || t.startsWith("* ") || t.startsWith("\u2022 ")) {
                    out.add(new Line(Line.Kind.ITEM, t.substring(2).strip()));
                } else if (t.endsWith(":") && t.length() < 60) {
                    out.add(new Line(Line.Kind.HEADING, t.substring(0, t.length() - 1)));
                } else {
                    out.add(new Line(Line.Kind.TEXT, t));
                }
            }
        } else {
            for (String t : texts(f)) {
                out.add(new Line(Line.Kind.ITEM, t));
            }
        }
        return List.copyOf(out);
    }

    private static List<String> texts(JsonNode f) {
        List<String> out = new ArrayList<>();
        if (f.isTextual()) {
            for (String line : f.asText().split("\\n+")) {
                if (!line.isBlank()) {
                    out.add(line.strip());
                }
            }
        } else if (f.isArray()) {
            for (JsonNode item : f) {
                String t = item.isTextual() ? item.asText() : firstText(item, "text", "message", "summary", "advice");
                if (!t.isBlank()) {
                    out.add(t.strip());
                }
            }
        }
        return List.copyOf(out);
    }

    private static boolean[] flaggedIndices(JsonNode flagged, int n) {
        boolean[] out = new boolean[n];
        for (JsonNode f : flagged) {
            int i = f.isNumber() ? f.asInt() : (int) orDefault(firstNumber(f, "note_index", "noteIndex", "index"), -1);
            if (i >= 0 && i < n) {
                out[i] = true;
            }
        }
        return out;
    }

    private static void collectBars(JsonNode flagged, int[] bar, double[] beat) {
        for (JsonNode f : flagged) {
            int i = (int) orDefault(firstNumber(f, "note_index", "noteIndex", "index"), -1);
            if (i >= 0 && i < bar.length && f.path("bar").asInt(0) > 0) {
                bar[i] = f.path("bar").asInt();
                beat[i] = f.path("beat").asDouble(0);
            }
        }
    }

    /**
     * A curve as {time, value} rows: accepts [[t, v], ...], [{"time"/"t": t, "<v>": v}, ...] or
     * {"times"/"t": [...], "<v>s"/"values": [...]}. Non-finite rows are kept as NaN values (gaps), rows with no time
     * dropped.
     */
    static double[][] pairs(JsonNode node, String timeKey, String valueKey) {
        List<double[]> out = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode row : node) {
                double t;
                double v;
                if (row.isArray() && row.size() >= 2) {
                    t = num(row.get(0));
                    v = num(row.get(1));
                } else if (row.isObject()) {
                    t = firstNumber(row, timeKey, "t", "time_s", "seconds");
                    v = firstNumber(row, valueKey, "value", "v", "y");
                } else {
                    continue;
                }
                if (Double.isFinite(t)) {
                    out.add(new double[] {t, v});
                }
            }
        } else if (node.isObject()) {
            double[] ts = numbers(firstNode(node, "times", "t", "time", timeKey));
            double[] vs = numbers(firstNode(node, valueKey + "s", "values", valueKey, "v"));
            for (int i = 0; i < Math.min(ts.length, vs.length); i++) {
                if (Double.isFinite(ts[i])) {
                    out.add(new double[] {ts[i], vs[i]});
                }
            }
        }
        out.sort((x, y) -> Double.compare(x[0], y[0]));
        return out.toArray(new double[0][]);
    }

    static double[] numbers(JsonNode node) {
        if (!node.isArray()) {
            return new double[0];
        }
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = num(node.get(i));
        }
        return out;
    }

    private static double num(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return Double.NaN;
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isTextual()) {
            try {
                return Double.parseDouble(n.asText());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    static JsonNode firstNode(JsonNode n, String... keys) {
        for (String k : keys) {
            JsonNode v = n.path(k);
            if (!v.isMissingNode() && !v.isNull()) {
                return v;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    static String firstText(JsonNode n, String... keys) {
        for (String k : keys) {
            JsonNode v = n.path(k);
            if (v.isValueNode() && !v.isNull()) {
                return v.asText();
            }
        }
        return "";
    }

    static double firstNumber(JsonNode n, String... keys) {
        for (String k : keys) {
            double v = num(n.path(k));
            if (Double.isFinite(v)) {
                return v;
            }
        }
        return Double.NaN;
    }

    static double orDefault(double v, double d) {
        return Double.isFinite(v) ? v : d;
    }

    private static String baseName(String name) {
        String s = name.replace('\\', '/');
        return s.substring(s.lastIndexOf('/') + 1);
    }

    private static final String[] NAMES = {"C", "C\u266f", "D", "E\u266d", "E", "F", "F\u266f", "G", "A\u266d", "A",
        "B\u266d", "B"};

    static String noteName(int midi) {
        return NAMES[Math.floorMod(midi, 12)] + (Math.floorDiv(midi, 12) - 1);
    }

    static boolean isBlackKey(int midi) {
        int pc = Math.floorMod(midi, 12);
        return pc == 1 || pc == 3 || pc == 6 || pc == 8 || pc == 10;
    }
}

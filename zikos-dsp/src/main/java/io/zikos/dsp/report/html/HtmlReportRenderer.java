package io.zikos.dsp.report.html;

import static io.zikos.dsp.report.html.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.dsp.report.PracticeReport;
import io.zikos.dsp.report.ReportRenderer;
import io.zikos.dsp.report.html.ReportData.NoteView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a practice report (the JSON that {@code zikos analyze} prints and the {@code analyze_recording} tool
 * returns) into one self-contained HTML page a musician can read at a glance: summary cards, the coach's text
 * feedback, the pitch of every note on a piano roll with out-of-tune notes marked in cents, how early or late each
 * note came, the tempo curve, the loudness envelope, and a table of the notes worth another look with bar and beat.
 *
 * <p>The page loads nothing from the network (inline CSS, a few lines of inline script, inline SVG drawn here, and
 * a Content-Security-Policy that forbids any fetch), so it can be mailed, opened from disk or served as-is. Every
 * string taken from the report is HTML-escaped, so a file called {@code <script>.wav} is shown, not run.
 *
 * <pre>{@code
 * String html = HtmlReportRenderer.render(reportJson);
 * Files.writeString(Path.of("report.html"), html);
 * }</pre>
 */
public final class HtmlReportRenderer implements ReportRenderer {

    private static final String RESOURCES = "/io/zikos/dsp/report/html/";
    private static final String CSS = resource("report.css");
    private static final String JS = resource("report.js");

    /** For {@link java.util.ServiceLoader}; callers normally use the static {@link #render(JsonNode)}. */
    public HtmlReportRenderer() {
    }

    @Override
    public String format() {
        return "html";
    }

    @Override
    public void write(ObjectNode report, Path out) throws IOException {
        Files.writeString(out, render(report), StandardCharsets.UTF_8);
    }

    /**
     * Renders the page.
     *
     * @param report the report JSON; sections it lacks are left out of the page
     * @return a complete HTML document (UTF-8)
     */
    public static String render(JsonNode report) {
        ReportData d = ReportData.from(report);
        Charts charts = new Charts(d);
        StringBuilder h = new StringBuilder(64 * 1024);
        String title = d.fileName().isEmpty() ? "Practice report" : "Practice report \u2014 " + d.fileName();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                // The page is self-contained: forbid every network fetch, allow only its own inline style/script.
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<link rel=\"icon\" href=\"data:,\">")
                .append("<title>").append(esc(title)).append("</title><style>").append(CSS)
                .append("</style></head><body><main class=\"report\">");

        header(h, d);
        recordingNotes(h, d);
        cards(h, d);
        advice(h, d);
        if (d.notes().isEmpty() && d.pitchCurve().length == 0) {
            h.append("<section class=\"panel empty\"><p>No notes were found in this recording. If you played, ")
                    .append("check that the microphone picked you up (the file may be silent or very quiet).</p>")
                    .append("</section>");
        }
        section(h, "pitch", "Pitch \u2014 every note against the nearest notes", charts.pitch(),
                legend(swatch("ok", "in tune (within \u00b1" + Math.round(d.thresholdCents()) + "\u00a2)"),
                        swatch("bad", "out of tune, with how far in cents (\u00a2; 100\u00a2 = a semitone)"),
                        swatch("line", "the pitch you actually produced")),
                "Each row is a semitone; shaded rows are the black keys. A note block sits on the row of the note you "
                        + "aimed for; the dark line shows where your pitch really was.");
        section(h, "timing", "Timing \u2014 how early or late each note started", charts.timing(),
                legend(swatch("early", "early (ahead of the beat)"), swatch("late", "late (behind the beat)"),
                        swatch("band", "close enough to the beat")),
                "Bars above the middle line came late, bars below came early; numbers are milliseconds for the "
                        + "notes worth a second look.");
        section(h, "tempo", "Tempo \u2014 did the pulse stay steady?", charts.tempo(),
                legend(swatch("tempo", "your tempo, beat by beat"), swatch("avg", "your average tempo")),
                "A flat line means a steady pulse; a rising line means you sped up.");
        section(h, "dynamics", "Dynamics \u2014 how loud you played", charts.dynamics(),
                legend(swatch("dyn", "loudness (dB below full scale)")),
                "Higher is louder. Look for the shape you intended: crescendos, accents, an even level.");
        flaggedTable(h, d);
        feedback(h, d);
        for (String w : d.warnings()) {
            h.append("<p class=\"warning\">").append(esc(w)).append("</p>");
        }
        h.append("<footer>Made by Zikos from ").append(esc(d.fileName().isEmpty() ? "a recording" : d.fileName()))
                .append(". This page works offline; nothing in it is loaded from the internet.</footer>");
        h.append("</main><script>").append(JS).append("</script></body></html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, ReportData d) {
        h.append("<header><h1>Practice report</h1>");
        if (!d.fileName().isEmpty()) {
            h.append("<p class=\"file\">").append(esc(d.fileName())).append("</p>");
        }
        StringBuilder meta = new StringBuilder();
        if (d.duration() > 0) {
            meta.append("<span>").append(esc(Html.clock(d.duration()))).append(" long</span>");
        }
        if (!d.instrument().isBlank()) {
            meta.append("<span>").append(esc(d.instrument())).append("</span>");
        }
        if (!d.key().isBlank()) {
            meta.append("<span>key: ").append(esc(d.key())).append("</span>");
        }
        meta.append("<span>").append(d.notes().size()).append(d.notes().size() == 1 ? " note" : " notes")
                .append("</span>");
        h.append("<p class=\"meta\">").append(meta).append("</p></header>");
    }

    /** Four cards a player reads first: tuning, timing, tempo, dynamics — green good, amber worth work, red focus. */
    private static void cards(StringBuilder h, ReportData d) {
        List<NoteView> notes = d.notes();
        h.append("<section class=\"cards\">");
        List<NoteView> pitched = notes.stream().filter(v -> Double.isFinite(v.cents())).toList();
        if (!pitched.isEmpty()) {
            long bad = pitched.stream().filter(NoteView::outOfTune).count();
            double share = 1.0 - bad / (double) pitched.size();
            String tone = share >= 0.9 ? "good" : share >= 0.7 ? "fair" : "poor";
            String sub = d.intonationTendency().isBlank() ? "" : "overall: " + d.intonationTendency();
            if (Double.isFinite(d.meanAbsCents())) {
                sub += (sub.isEmpty() ? "" : ", ") + "typically " + Math.round(d.meanAbsCents()) + "\u00a2 off";
            }
            card(h, "Intonation", (pitched.size() - bad) + " of " + pitched.size() + " notes in tune", sub, tone);
        }
        List<NoteView> timed = notes.stream().filter(v -> Double.isFinite(v.timingMs())).toList();
        if (!timed.isEmpty()) {
            long bad = timed.stream().filter(NoteView::offBeat).count();
            double share = 1.0 - bad / (double) timed.size();
            String tone = share >= 0.9 ? "good" : share >= 0.7 ? "fair" : "poor";
            double meanAbs = Double.isFinite(d.meanAbsMs()) ? d.meanAbsMs()
                    : timed.stream().mapToDouble(v -> Math.abs(v.timingMs())).average().orElse(0);
            String sub = "notes land " + Math.round(meanAbs) + " ms from the beat on average"
                    + (d.timingTendency().isBlank() ? "" : "; overall: " + d.timingTendency());
            card(h, "Timing", (timed.size() - bad) + " of " + timed.size() + " notes on time", sub, tone);
        }
        if (d.bpm() > 0) {
            String trend = d.tempoTrend().isBlank() ? "" : d.tempoTrend();
            String tone = trend.isBlank() || trend.equalsIgnoreCase("steady") ? "good" : "fair";
            card(h, "Tempo", Math.round(d.bpm()) + " bpm", trend, tone);
        }
        if (d.dynamics().length > 1) {
            String trend = d.dynamicsTrend().isBlank() ? "see the loudness chart" : d.dynamicsTrend();
            card(h, "Dynamics", trend, "", "neutral");
        }
        h.append("</section>");
    }

    private static void card(StringBuilder h, String title, String value, String sub, String tone) {
        h.append("<div class=\"card ").append(tone).append("\"><div class=\"card-title\">").append(esc(title))
                .append("</div><div class=\"card-value\">").append(esc(value)).append("</div>");
        if (!sub.isBlank()) {
            h.append("<div class=\"card-sub\">").append(esc(sub)).append("</div>");
        }
        h.append("</div>");
    }

    /**
     * The practice advice ("What to practise:" items of the summary) goes right under the cards, where a player
     * looks first; the rest of the summary comes after the charts.
     */
    private static void advice(StringBuilder h, ReportData d) {
        listPanel(h, "advice", "What to practise next", adviceItems(d));
    }

    /** A panel with a heading and a bulleted list, or nothing when the list is empty. */
    private static void listPanel(StringBuilder h, String cssClass, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        h.append("<section class=\"panel ").append(cssClass).append("\"><h2>").append(esc(title)).append("</h2><ul>");
        for (String item : items) {
            h.append("<li>").append(esc(item)).append("</li>");
        }
        h.append("</ul></section>");
    }

    private static List<String> adviceItems(ReportData d) {
        List<String> out = new java.util.ArrayList<>();
        boolean inAdvice = false;
        for (ReportData.Line line : d.feedback()) {
            if (line.kind() == ReportData.Line.Kind.HEADING) {
                inAdvice = isAdviceHeading(line.text());
            } else if (inAdvice && line.kind() == ReportData.Line.Kind.ITEM) {
                out.add(line.text());
            }
        }
        return out;
    }

    private static boolean isAdviceHeading(String text) {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        return t.startsWith("what to practi") || t.startsWith("advice") || t.startsWith("next");
    }

    /** The summary's lines about the recording itself (recorded too loud, a loud room), which qualify everything. */
    private static List<String> recordingLines(ReportData d) {
        return d.feedback().stream().filter(RECORDING_LINE).map(l -> l.text().substring(RECORDING.length()).trim())
                .toList();
    }

    private static final String RECORDING = PracticeReport.RECORDING_PREFIX;
    private static final java.util.function.Predicate<ReportData.Line> RECORDING_LINE =
            l -> l.kind() == ReportData.Line.Kind.TEXT && l.text().startsWith(RECORDING);

    /** What the analysis said about the recording goes first: it qualifies every reading below. */
    private static void recordingNotes(StringBuilder h, ReportData d) {
        listPanel(h, "recording", "About the recording", recordingLines(d));
    }

    /** The analysis' own words, minus what is shown at the top: sentences, headings, bullet lists. */
    private static void feedback(StringBuilder h, ReportData d) {
        List<ReportData.Line> lines = new java.util.ArrayList<>();
        boolean inAdvice = false;
        for (ReportData.Line line : d.feedback()) {
            if (line.kind() == ReportData.Line.Kind.HEADING) {
                inAdvice = isAdviceHeading(line.text());
            }
            if (!inAdvice && !RECORDING_LINE.test(line)) {
                lines.add(line);
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        h.append("<section class=\"panel feedback\"><h2>The details in words</h2>");
        boolean inList = false;
        for (ReportData.Line line : lines) {
            boolean item = line.kind() == ReportData.Line.Kind.ITEM;
            if (item != inList) {
                h.append(item ? "<ul>" : "</ul>");
                inList = item;
            }
            switch (line.kind()) {
                case HEADING -> h.append("<h3>").append(esc(line.text())).append("</h3>");
                case ITEM -> h.append("<li>").append(esc(line.text())).append("</li>");
                default -> h.append("<p>").append(esc(line.text())).append("</p>");
            }
        }
        if (inList) {
            h.append("</ul>");
        }
        h.append("</section>");
    }

    private static void section(StringBuilder h, String id, String title, String svg, String legend, String help) {
        if (svg.isEmpty()) {
            return;
        }
        h.append("<section class=\"panel\" id=\"").append(id).append("\"><h2>").append(esc(title)).append("</h2>")
                .append(legend).append("<div class=\"chart-wrap\">").append(svg).append("</div><p class=\"help\">")
                .append(esc(help)).append("</p></section>");
    }

    private static String legend(String... items) {
        return "<div class=\"legend\">" + String.join("", items) + "</div>";
    }

    private static String swatch(String kind, String text) {
        return "<span class=\"key\"><i class=\"sw " + kind + "\"></i>" + esc(text) + "</span>";
    }

    private static void flaggedTable(StringBuilder h, ReportData d) {
        List<NoteView> flagged = d.notes().stream().filter(NoteView::flagged)
                .sorted(Comparator.comparingDouble(NoteView::onset)).toList();
        h.append("<section class=\"panel\" id=\"flagged\"><h2>Notes to practise</h2>");
        if (flagged.isEmpty()) {
            h.append("<p class=\"all-good\">No note stood out: everything was within \u00b1")
                    .append(Math.round(d.thresholdCents())).append("\u00a2 and \u00b1")
                    .append(Math.round(d.thresholdMs())).append(" ms.</p></section>");
            return;
        }
        h.append("<p class=\"help\">Hover a row to find the note in the charts.</p><table><thead><tr>")
                .append("<th>Where</th><th>Time</th><th>Note</th><th>Pitch</th><th>Timing</th></tr></thead><tbody>");
        for (NoteView v : flagged) {
            String where = v.where();
            h.append("<tr data-note=\"").append(v.index()).append("\"><td>")
                    .append(esc(where.isEmpty() ? "\u2014" : where)).append("</td><td>")
                    .append(esc(Html.clock(v.onset()))).append("</td><td class=\"nm\">").append(esc(v.name()))
                    .append("</td><td class=\"").append(v.outOfTune() ? "bad" : "okc").append("\">")
                    .append(esc(Double.isFinite(v.cents()) ? Charts.centsWords(v.cents()) : "\u2014"))
                    .append("</td><td class=\"").append(v.offBeat() ? (v.timingMs() > 0 ? "late" : "early") : "okc")
                    .append("\">")
                    .append(esc(Double.isFinite(v.timingMs()) ? Charts.msWords(v.timingMs()) : "\u2014"))
                    .append("</td></tr>");
        }
        h.append("</tbody></table></section>");
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReportRenderer.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCES + name + " (broken zikos-dsp jar?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

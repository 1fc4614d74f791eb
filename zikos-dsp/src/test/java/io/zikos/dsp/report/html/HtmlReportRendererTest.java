package io.zikos.dsp.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.AudioSource;
import io.zikos.dsp.analysis.Analysis;
import io.zikos.dsp.analysis.Instrument;
import io.zikos.dsp.report.PracticeReport;
import io.zikos.dsp.report.RecordingAnalysis;
import io.zikos.dsp.report.ReportRenderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportRendererTest {

    static ObjectNode report;
    static String html;

    @BeforeAll
    static void analyseSyntheticTake(@TempDir Path dir) throws Exception {
        Path wav = PracticeTake.write(dir.resolve("take.wav"));
        Analysis a = new RecordingAnalysis().analyze(AudioSource.of(wav), Instrument.ANY);
        report = PracticeReport.toJson(a, "scale take 3.wav");
        html = HtmlReportRenderer.render(report);
    }

    @Test
    void drawsEveryChartOfARealAnalysis() {
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        for (String chart : new String[] {"pitch-chart", "timing-chart", "tempo-chart", "dynamics-chart"}) {
            assertTrue(html.contains("class=\"chart " + chart + "\""), chart + " missing");
        }
        // one note block per transcribed note, and the measured pitch line
        int blocks = count(html, "<rect class=\"note ");
        assertEquals(report.get("notes").size(), blocks);
        assertTrue(blocks >= PracticeTake.MIDI.length - 1, "notes: " + blocks);
        assertTrue(html.contains("class=\"pitch-line\""));
        assertTrue(html.contains("scale take 3.wav"));
    }

    @Test
    void marksTheSharpNoteWithItsCentsAndTheLateNote() {
        // the A4 played 35 cents sharp is flagged on the chart with its cents and listed in the table
        Matcher m = Pattern.compile("class=\"cents-label\" data-note=\"(\\d+)\"[^>]*>\\+(\\d+)\u00a2").matcher(html);
        assertTrue(m.find(), "no cents label in the pitch chart");
        int cents = Integer.parseInt(m.group(2));
        assertTrue(Math.abs(cents - PracticeTake.SHARP_CENTS) <= 8, "cents label " + cents);
        assertTrue(html.contains("cents sharp"), "flagged table should say 'cents sharp'");
        // the late note shows as a flagged late bar
        assertTrue(html.contains("class=\"tbar late flagged\""), "no flagged late bar");
        Matcher late = Pattern.compile("class=\"tlabel late\"[^>]*>(\\d+)</text>").matcher(html);
        assertTrue(late.find(), "no late label in the timing chart");
        double ms = Integer.parseInt(late.group(1));
        assertTrue(Math.abs(ms - PracticeTake.LATE_SECONDS * 1000) <= 30, "late label " + ms + " ms");
        assertTrue(html.contains(" ms late"));
        assertTrue(html.contains("Notes to practise"));
    }

    @Test
    void barNumbersFollowTheBeatGrid() {
        if (report.path("tempo").path("beats").size() < 8) {
            return; // no beat grid: the chart falls back to clock time, covered by the empty-report test
        }
        assertTrue(html.contains("class=\"bar-number\""));
        assertTrue(html.contains(">1</text>") && html.contains(">2</text>"));
    }

    @Test
    void escapesEverythingTakenFromTheReport() throws Exception {
        ObjectNode evil = report.deepCopy();
        evil.put("source", "takes/<b onmouseover=alert('x')>take\".wav");
        evil.put("summary", "Practice report: x\n<img src=x onerror=alert(1)>\nWhat to practise:\n  * <b>bold</b>");
        ((ObjectNode) evil.get("key")).put("label", "<svg onload=alert(2)>");
        ((ObjectNode) evil.get("notes").get(0)).put("name", "</title><script>alert(3)</script>");
        String page = HtmlReportRenderer.render(evil);
        assertFalse(page.contains("<script>alert"), "script injected");
        assertFalse(page.contains("<img src=x"), "img injected");
        assertFalse(page.contains("<svg onload"), "svg injected");
        assertFalse(page.contains("<b>bold"), "markup injected");
        assertFalse(page.contains("<b onmouseover"), "file name injected");
        assertTrue(page.contains("&lt;b onmouseover=alert(&#39;x&#39;)&gt;take&quot;.wav"));
        assertEquals(1, count(page, "<script>"), "only the report's own script");
    }

    @Test
    void isSelfContained() {
        // nothing that could make the browser fetch: no external URLs besides the SVG namespace, no src/href links
        String stripped = html.replace("http://www.w3.org/2000/svg", "");
        assertFalse(stripped.contains("http://") || stripped.contains("https://"), "external URL in the page");
        assertFalse(html.contains(" src="), "src attribute in the page");
        assertTrue(html.contains("Content-Security-Policy"));
    }

    @Test
    void rendersAnEmptyOrBrokenReportWithoutFailing() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String empty = HtmlReportRenderer.render(json.readTree("{\"source\":\"silence.wav\",\"notes\":[]}"));
        assertTrue(empty.contains("No notes were found"));
        String odd = HtmlReportRenderer.render(json.readTree(
                "{\"notes\":[{\"onset\":\"x\"},{\"onset\":1,\"offset\":0.5,\"midi\":300},{\"onset\":1,\"midi\":60}],"
                        + "\"pitch_curve\":[[0,null],[1,\"NaN\"],[2]],\"tempo\":{\"curve\":[{\"time\":1}]}}"));
        assertTrue(odd.contains("pitch-chart"), "the one valid note is drawn");
        assertTrue(HtmlReportRenderer.render(null).contains("No notes were found"));
    }

    @Test
    void isTheHtmlReportRendererServiceForAnalyzeHtml(@TempDir Path dir) throws Exception {
        ReportRenderer r = ServiceLoader.load(ReportRenderer.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.format().equals("html")).findFirst().orElseThrow();
        Path out = dir.resolve("r.html");
        r.write(report, out);
        assertEquals(html, Files.readString(out));
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    @Test
    void whatTheAnalysisSaysAboutTheRecordingComesFirstAndOnce() {
        assertFalse(html.contains("About the recording"), "a clean take has no note about the recording");
        ObjectNode clipped = report.deepCopy();
        String line = PracticeReport.RECORDING_PREFIX + " 12% of the take is at full scale (0 dBFS), so it was most likely recorded too loud.";
        clipped.put("summary", line + "\n" + report.get("summary").asText());
        String page = HtmlReportRenderer.render(clipped);
        int note = page.indexOf("About the recording");
        assertTrue(note > 0, "no note about the recording");
        assertTrue(note < page.indexOf("class=\"cards\""), "the note comes before the cards");
        assertEquals(1, count(page, "most likely recorded too loud"), "shown once");
    }
}

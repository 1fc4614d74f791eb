package io.zikos.samples.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zikos.api.RecordingInfo;
import io.zikos.api.ToolException;
import io.zikos.core.store.FileAudioStore;
import io.zikos.core.tools.ToolRegistry;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report cache of the web sample. */
class ReportServiceTest {

    @TempDir
    Path dir;

    @Test
    void anEvictedReportIsMadeAgainWithTheSettingsItsUploadGave() throws Exception {
        FileAudioStore store = new FileAudioStore(dir);
        ReportService reports = new ReportService(store, ToolRegistry.discover(), 1);
        String waltz = upload(store, reports, "waltz.wav", "Piano", "3");
        upload(store, reports, "other.wav", null, null); // pushes the waltz's report out

        assertIsTheWaltz(reports.report(waltz).orElseThrow());
    }

    @Test
    void afterARestartAReportIsMadeWithTheSettingsItsUploadGave() throws Exception {
        String waltz = upload(new FileAudioStore(dir), new ReportService(new FileAudioStore(dir),
                ToolRegistry.discover()), "waltz.wav", "Piano", "3");

        // a new store and report service over the same directory: nothing in memory
        assertIsTheWaltz(new ReportService(new FileAudioStore(dir), ToolRegistry.discover()).report(waltz)
                .orElseThrow());
    }

    @Test
    void settingsAreReadLikeTheCliReadsThemAndOneThatNoLongerParsesIsLeftOut() throws Exception {
        assertEquals(Map.of("instrument", "piano", "beats_per_bar", "3"),
                ReportService.Settings.parse(" Piano", "3/4").attributes());
        assertEquals(Map.of("instrument", "alto_sax"), ReportService.Settings.parse("alto sax", "").attributes());
        assertFalse(ReportService.Settings.parse(" Any", null).attributes().containsKey("instrument"));
        for (String[] bad : new String[][] {{"kazoo", null}, {null, "13"}, {null, "waltz"}}) {
            assertThrows(ToolException.class, () -> ReportService.Settings.parse(bad[0], bad[1]));
        }
        // an edited store: the bad metre is dropped, the instrument kept
        assertEquals(new ReportService.Settings("piano", null),
                ReportService.Settings.of(Map.of("instrument", "piano", "beats_per_bar", "waltz")));
    }

    private static String upload(FileAudioStore store, ReportService reports, String name, String instrument,
                                 String beatsPerBar) throws Exception {
        ReportService.Settings settings = ReportService.Settings.parse(instrument, beatsPerBar);
        RecordingInfo info = store.store(new ByteArrayInputStream(TestTake.wav()), name, settings.attributes());
        reports.analyse(info);
        return info.id();
    }

    private static void assertIsTheWaltz(JsonNode report) {
        assertEquals(3, report.at("/tempo/beats_per_bar").asInt(), report.at("/tempo").toString());
        assertTrue(report.at("/tempo/beats_per_bar_given").asBoolean());
        assertEquals("piano", report.path("instrument").asText());
        assertEquals("waltz.wav", report.path("source").asText());
    }
}

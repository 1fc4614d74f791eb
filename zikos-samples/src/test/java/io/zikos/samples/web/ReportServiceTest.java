package io.zikos.samples.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zikos.core.store.FileAudioStore;
import io.zikos.core.tools.ToolRegistry;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
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
        String waltz = store.store(new ByteArrayInputStream(TestTake.wav()), "waltz.wav").id();
        String other = store.store(new ByteArrayInputStream(TestTake.wav()), "other.wav").id();
        reports.analyse(waltz, "waltz.wav", "Piano", "3");
        reports.analyse(other, "other.wav", null, null); // pushes the waltz's report out

        JsonNode again = reports.report(waltz).orElseThrow();
        assertEquals(3, again.at("/tempo/beats_per_bar").asInt(), again.at("/tempo").toString());
        assertTrue(again.at("/tempo/beats_per_bar_given").asBoolean());
        assertEquals("piano", again.path("instrument").asText());
        assertEquals("waltz.wav", again.path("source").asText());
    }
}

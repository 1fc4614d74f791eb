package io.zikos.dsp.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zikos.api.AudioSource;
import io.zikos.dsp.analysis.Analysis;
import io.zikos.dsp.analysis.Instrument;
import io.zikos.dsp.report.PracticeReport;
import io.zikos.dsp.report.RecordingAnalysis;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a real report in headless Chromium: it must render (screenshot with content, the page's script ran) and log
 * nothing to the console. Skipped where {@code /usr/bin/chromium} is not installed; CI installs it.
 */
@Tag("browser")
class HtmlReportBrowserTest {

    @Test
    void reportRendersInHeadlessChromiumWithoutConsoleErrors(@TempDir Path dir) throws Exception {
        assumeTrue(HeadlessChromium.available(), "chromium not installed (apt-get install chromium)");
        Path wav = PracticeTake.write(dir.resolve("take.wav"));
        Analysis a = new RecordingAnalysis().analyze(AudioSource.of(wav), Instrument.ANY);
        Path page = Files.writeString(dir.resolve("report.html"),
                HtmlReportRenderer.render(PracticeReport.toJson(a, "scale take 3.wav")));

        Path png = dir.resolve("report.png");
        HeadlessChromium.Run shot = HeadlessChromium.run(page, dir, "--screenshot=" + png, 1280, 1800);
        assertEquals(0, shot.exitCode());
        assertTrue(shot.consoleLines().isEmpty(), "console output: " + shot.consoleLines());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1280, img.getWidth());
        assertTrue(distinctColours(img) > 50, "screenshot looks blank");

        HeadlessChromium.Run dom = HeadlessChromium.run(page, dir, "--dump-dom", 1280, 1800);
        assertTrue(dom.stdout().contains("data-report-ready=\"1\""), "the page's script did not run to the end");
        assertTrue(dom.consoleLines().isEmpty(), "console output: " + dom.consoleLines());

        // The README's screenshot is refreshed only on request (-Dzikos.updateScreenshots), so test runs never edit the tree.
        String repo = Boolean.getBoolean("zikos.updateScreenshots") ? System.getProperty("zikos.testdata") : null;
        if (repo != null) {
            Path docs = Files.createDirectories(Path.of(repo).getParent().resolve("docs/img"));
            Files.copy(png, docs.resolve("report.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static int distinctColours(BufferedImage img) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                colours.add(img.getRGB(x, y));
            }
        }
        return colours.size();
    }
}

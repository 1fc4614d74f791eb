package io.zikos.samples.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zikos.core.coach.PracticeCoach;
import io.zikos.core.store.FileAudioStore;
import io.zikos.core.testing.ScriptedBackend;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web sample end to end in headless Chromium (Debian's {@code chromium}, driven over the DevTools protocol):
 * upload a file, see the report, ask the coach (a scripted model) and watch the reply stream in; then record a take
 * with Chromium's fake microphone. No console errors allowed. Skipped where chromium is not installed.
 */
@Tag("browser")
class WebSampleBrowserTest {
    static final String REPLY = "Nice scale! Your A4 on the way up was about 35 cents sharp: play it slowly against a "
            + "drone until it settles. On the way down, the A4 came a little late.";

    /** The report in the page's frame has loaded and its script ran (the frame may be mid-navigation). */
    static final String REPORT_READY = "(function(){var f=document.getElementById('report');"
            + "var d=f && f.contentDocument; return !!(d && d.documentElement"
            + " && d.documentElement.getAttribute('data-report-ready')==='1');})()";

    @Test
    void uploadSeeTheReportAndChatWithTheCoach(@TempDir Path dir) throws Exception {
        assumeTrue(Cdp.available(), "chromium not installed (apt-get install chromium)");
        FileAudioStore store = new FileAudioStore(dir.resolve("store"), 20_000_000);
        ScriptedBackend model = ScriptedBackend.of(REPLY, "Got your new take: the tone is steady.");
        PracticeCoach coach = PracticeCoach.builder(model).audioStore(store).build();
        Path take = Files.write(dir.resolve("C major scale.wav"), TestTake.wav());
        try (WebServer server = new WebServer(new WebServer.Config("127.0.0.1", 0, store, 20_000_000, coach,
                "scripted test model", null)).start();
             Cdp browser = Cdp.launch(dir, 1440, 1250, "--use-fake-ui-for-media-stream",
                     "--use-fake-device-for-media-stream")) {
            browser.navigate(server.url());
            browser.waitFor("document.getElementById('model-status').textContent.includes('scripted test model')",
                    Duration.ofSeconds(10));

            // 1. upload a file: the report appears in the page
            browser.setFile("#file", take);
            browser.waitFor(REPORT_READY, Duration.ofSeconds(60));
            String reportText = browser.eval("document.getElementById('report').contentDocument.body.innerText")
                    .asText();
            assertTrue(reportText.contains("C major scale.wav"), reportText);
            assertTrue(reportText.contains("Pitch"), reportText);
            assertEquals(1, browser.eval("document.getElementById('report').contentDocument"
                    + ".querySelectorAll('svg.pitch-chart').length").asInt());
            assertTrue(browser.eval("document.getElementById('upload-status').textContent").asText()
                    .startsWith("Analysed"));

            // 2. chat: the reply streams into the coach's bubble piece by piece
            browser.eval("window.__mutations = 0; new MutationObserver(function(m){ window.__mutations += m.length; })"
                    + ".observe(document.getElementById('chat-log'), {childList: true, subtree: true, "
                    + "characterData: true}); true");
            browser.eval("document.getElementById('chat-input').value = 'Was I in tune?';"
                    + "document.getElementById('chat-send').click(); true");
            browser.waitFor("document.querySelector('.msg.coach.complete')", Duration.ofSeconds(30));
            assertEquals(REPLY, browser.eval("document.querySelector('.msg.coach.complete').textContent").asText());
            assertTrue(browser.eval("window.__mutations").asInt() > 10, "reply did not stream");
            assertTrue(browser.eval("document.getElementById('chat-log').innerText").asText()
                    .contains("take 1 added to the conversation"));
            Path png = dir.resolve("web.png");
            browser.screenshot(png);
            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(1440, img.getWidth());

            // 3. record in the browser with the fake microphone (a beep): a webm take is uploaded and analysed
            browser.eval("document.getElementById('record').click(); true");
            browser.waitFor("document.getElementById('record').textContent.includes('Stop')", Duration.ofSeconds(10));
            Thread.sleep(2500);
            browser.eval("document.getElementById('record').click(); true");
            browser.waitFor("document.querySelectorAll('#takes li').length === 2", Duration.ofSeconds(60));
            String second = browser.eval("document.querySelectorAll('#takes li')[1].textContent").asText();
            assertTrue(second.matches("take 2 · recording-.*\\.(webm|ogg)"), second);
            assertEquals(2, store.list().size());

            assertTrue(browser.problems().isEmpty(), "browser problems: " + browser.problems());
            // The README's screenshot is refreshed only on request (-Dzikos.updateScreenshots), so test runs never edit the tree.
            String repo = Boolean.getBoolean("zikos.updateScreenshots") ? System.getProperty("zikos.testdata") : null;
            if (repo != null) {
                Path docs = Files.createDirectories(Path.of(repo).getParent().resolve("docs/img"));
                Files.copy(png, docs.resolve("web.png"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void withoutAModelThePageSaysSoAndStillShowsTheReport(@TempDir Path dir) throws Exception {
        assumeTrue(Cdp.available(), "chromium not installed (apt-get install chromium)");
        FileAudioStore store = new FileAudioStore(dir.resolve("store"), 20_000_000);
        Path take = Files.write(dir.resolve("take.wav"), TestTake.wav());
        try (WebServer server = new WebServer(new WebServer.Config("127.0.0.1", 0, store, 20_000_000, null, null,
                null)).start();
             Cdp browser = Cdp.launch(dir, 1280, 900)) {
            browser.navigate(server.url());
            browser.waitFor("document.querySelector('.msg.notice')", Duration.ofSeconds(10));
            assertTrue(browser.eval("document.querySelector('.msg.notice').textContent").asText()
                    .contains("No model is configured"));
            browser.setFile("#file", take);
            browser.waitFor(REPORT_READY, Duration.ofSeconds(60));
            browser.eval("document.getElementById('chat-input').value = 'hello';"
                    + "document.getElementById('chat-send').click(); true");
            browser.waitFor("document.querySelectorAll('.msg.notice').length === 2", Duration.ofSeconds(10));
            assertTrue(browser.problems().isEmpty(), "browser problems: " + browser.problems());
        }
    }

    @Test
    void aFileOverTheLimitGetsTheLimitMessageNotANetworkError(@TempDir Path dir) throws Exception {
        assumeTrue(Cdp.available(), "chromium not installed (apt-get install chromium)");
        FileAudioStore store = new FileAudioStore(dir.resolve("store"), 2_000_000);
        Path big = Files.write(dir.resolve("long take.wav"), new byte[3_000_000]);
        try (WebServer server = new WebServer(new WebServer.Config("127.0.0.1", 0, store, 2_000_000, null, null,
                null)).start();
             Cdp browser = Cdp.launch(dir, 1280, 900)) {
            browser.navigate(server.url());
            browser.waitFor("document.querySelector('.msg.notice')", Duration.ofSeconds(10));
            browser.setFile("#file", big);
            browser.waitFor("document.getElementById('upload-status').classList.contains('error')",
                    Duration.ofSeconds(10));
            String status = browser.eval("document.getElementById('upload-status').textContent").asText();
            assertTrue(status.contains("long take.wav is larger than the 1 MB limit"), status);
            assertEquals(0, store.list().size());
        }
    }
}

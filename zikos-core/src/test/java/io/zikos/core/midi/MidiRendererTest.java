package io.zikos.core.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MidiRendererTest {

    /** One bar of A4 (440 Hz), one bar of rest, one bar of A3 at 120 bpm: 6 s of music. */
    static final String PROBE = "tempo: 120\ntime: 4/4\ntrack: Organ program=organ\nf A4/w | r/w | A3/w |";

    static void assertAudible(MidiRenderer.Rendering r) throws Exception {
        WavProbe w = new WavProbe(r.wav());
        assertEquals(44100f, w.format.getSampleRate());
        assertEquals(6.0 + MidiRenderer.TAIL_SECONDS, w.seconds(), 0.01);
        assertEquals(w.seconds(), r.durationSeconds(), 1e-6);
        double note1 = w.rmsDb(0.2, 1.8);
        double rest = w.rmsDb(2.6, 3.9);
        double note2 = w.rmsDb(4.2, 5.8);
        System.out.printf("%s: note %.1f dBFS, rest %.1f dBFS, note %.1f dBFS%n", r.route(), note1, rest, note2);
        assertTrue(note1 > -40 && note2 > -40, "notes too quiet: " + note1 + ", " + note2);
        assertTrue(rest < note1 - 30, "the rest is not quiet: " + rest);
        // The right pitches, at the right times.
        assertEquals(440, w.peakHz(0.3, 1.3, 400, 480), 3);
        assertEquals(220, w.peakHz(4.3, 5.3, 200, 240), 3);
    }

    @Test
    void rendersAudibleAudioOfTheExpectedLengthThroughThePublicApi() throws Exception {
        Score s = ExerciseNotation.parse(PROBE);
        // No SoundFont: the public-API route with the JDK's default bank, which works on any JDK.
        MidiRenderer.Rendering r = new MidiRenderer(null, false).render(s);
        assertEquals("jdk-default-soundbank", r.route());
        assertAudible(r);
    }

    @Test
    void rendersWithTheDebianSoundFontWhenTheJvmAllowsIt(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of(MidiRenderer.DEBIAN_SOUNDFONT)),
                "fluid-soundfont-gm is not installed (apt-get install fluid-soundfont-gm)");
        // The SoundFont route needs --add-exports, which a test JVM normally lacks: run it in a child JVM.
        Path out = dir.resolve("sf.wav");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "--add-exports", "java.desktop/com.sun.media.sound=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path") + File.pathSeparator + testClasses(),
                RenderMain.class.getName(), out.toString()))
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("route=soundfont"), log);
        Matcher drums = Pattern.compile("drums_route=soundfont drums_db=(-?[0-9.]+)")
                .matcher(log);
        assertTrue(drums.find(), log);
        assertTrue(Double.parseDouble(drums.group(1)) > -40, "the drum kit is audible: " + log);
        MidiRenderer.Rendering r = new MidiRenderer.Rendering(Files.readAllBytes(out), 7.5, "soundfont",
                Path.of(MidiRenderer.DEBIAN_SOUNDFONT));
        assertAudible(r);
    }

    private static String testClasses() throws Exception {
        return Path.of(RenderMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}

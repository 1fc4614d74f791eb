package io.zikos.core.midi;

import java.nio.file.Files;
import java.nio.file.Path;

/** Child-JVM entry point for {@link MidiRendererTest}: renders {@link MidiRendererTest#PROBE} to the given file. */
public final class RenderMain {
    private RenderMain() {
    }

    public static void main(String[] args) throws Exception {
        MidiRenderer.Rendering r = new MidiRenderer(Path.of(MidiRenderer.DEBIAN_SOUNDFONT))
                .render(ExerciseNotation.parse(MidiRendererTest.PROBE));
        Files.write(Path.of(args[0]), r.wav());
        System.out.println("route=" + r.route());
        MidiRenderer.Rendering kit = new MidiRenderer(Path.of(MidiRenderer.DEBIAN_SOUNDFONT))
                .render(ExerciseNotation.parse("track: Kit drums\nC2/q D2 C2 D2 | F#2/8 F#2 F#2 F#2 F#2 F#2 F#2 F#2 |"));
        System.out.printf(java.util.Locale.ROOT, "drums_route=%s drums_db=%.1f%n", kit.route(),
                new WavProbe(kit.wav()).rmsDb(0, 4));
    }
}

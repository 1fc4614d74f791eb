package io.zikos.dsp.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zikos.dsp.report.PracticeReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading how loud the room is under the playing, and saying so when it is too loud. */
class BackgroundNoiseTest {

    /** Two phrases of quarter notes at 100 bpm with a bar's rest between and after them. */
    private static float[] phrasesWithRests() {
        int[] line = {60, 62, 64, 65, 67, 65, 64, 62, 64, 65, 67, 69, 67, 65, 64, 60};
        List<Synth.Tone> tones = new ArrayList<>();
        double t = 0.5;
        for (int i = 0; i < line.length; i++) {
            tones.add(new Synth.Tone(t, 0.54, line[i]));
            t += 0.6;
            if (i == 7) {
                t += 2.4;
            }
        }
        return Synth.render(tones, t + 2.4);
    }

    @Test
    void aLoudRoomIsToldWithItsSignalToNoiseRatio() {
        Analysis a = new Analyzer().analyze(Synth.pcm(TextureTest.withNoise(phrasesWithRests(), 10, 3)));
        assertTrue(a.noise().noisy(), "noise: " + a.noise());
        // the ratio of the whole take's power is 10 dB; the loud playing stands further above the floor
        assertEquals(15, a.noise().signalToNoiseDb(), 6, "noise: " + a.noise());
        String text = PracticeReport.toText(a, "kitchen.wav");
        assertTrue(text.contains("the room is loud"), text);
    }

    @Test
    void aQuietRoomIsNotMentioned() {
        Analysis a = new Analyzer().analyze(Synth.pcm(TextureTest.withNoise(phrasesWithRests(), 40, 4)));
        assertFalse(a.noise().noisy(), "noise: " + a.noise());
        assertTrue(a.noise().signalToNoiseDb() > 30, "noise: " + a.noise());
        assertFalse(PracticeReport.toText(a, "studio.wav").contains("Recording:"));
    }

    @Test
    void silentRestsAreNoNoiseFloor() {
        // rests of exact zeros read -180 dBFS; their frames are too quiet for the pitch track to call periodic, so
        // they used to be reported as a noise floor 164 dB under the playing
        Analysis a = new Analyzer().analyze(Synth.pcm(phrasesWithRests()));
        assertTrue(Double.isNaN(a.noise().floorDbfs()), "noise: " + a.noise());
        assertTrue(Double.isNaN(a.noise().signalToNoiseDb()), "noise: " + a.noise());
        assertFalse(a.noise().noisy());
    }

    @Test
    void quietNotesAreNotTakenForNoise() {
        // no rests, and the last notes much softer: the quietest frames are music, so no noise floor is read
        int[] line = {60, 62, 64, 65, 67, 65, 64, 62, 60, 62, 64, 65, 67, 65, 64, 62};
        List<Synth.Tone> tones = new ArrayList<>();
        for (int i = 0; i < line.length; i++) {
            tones.add(new Synth.Tone(0.5 + 0.6 * i, 0.6, line[i], 0, i < 8 ? 0.5 : 0.05));
        }
        Analysis a = new Analyzer().analyze(Synth.pcm(Synth.render(tones, 10.3)));
        assertTrue(Double.isNaN(a.noise().signalToNoiseDb()), "noise: " + a.noise());
        assertFalse(a.noise().noisy());
    }
}

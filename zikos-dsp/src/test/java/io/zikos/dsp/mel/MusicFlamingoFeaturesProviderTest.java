package io.zikos.dsp.mel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zikos.api.AudioInputException;
import io.zikos.api.AudioSource;
import io.zikos.api.MelFeatures;
import io.zikos.api.Preprocessor;
import io.zikos.api.PreprocessorProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MusicFlamingoFeaturesProviderTest {

    private static PreprocessorProvider provider() {
        for (PreprocessorProvider p : ServiceLoader.load(PreprocessorProvider.class)) {
            if (p.name().equals(PreprocessorProvider.MUSIC_FLAMINGO_FEATURES)) {
                return p;
            }
        }
        throw new AssertionError("music-flamingo-features is not registered in META-INF/services");
    }

    @Test
    void decodesAFileAndMatchesTransformers(@TempDir Path dir) throws IOException {
        Path wav = dir.resolve("tone_a4_7s.wav");
        Files.write(wav, MelFixtures.bytes("tone_a4_7s.wav"));
        Preprocessor<?> p = provider().create(Map.of("maxWindows", "20"));
        assertEquals(MelFeatures.class, p.outputType());
        MelFeatures f = assertInstanceOf(MelFeatures.class, p.process(AudioSource.of(wav)));
        float[] expected = MelFixtures.f32("tone_a4_7s.features.f32");
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - f.data()[i]));
        }
        assertTrue(max <= 1e-4, "max abs diff " + max);
        assertEquals(175, f.audioTokenCount());
        assertEquals(700, f.validFrames()[0]);
    }

    @Test
    void capsAndTruncatesOrRejectsPerSetting() {
        float[] seventyFiveSeconds = new float[75 * 16000];
        for (int i = 0; i < seventyFiveSeconds.length; i++) {
            seventyFiveSeconds[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
        }
        AudioSource pcm = AudioSource.ofPcm(seventyFiveSeconds, 16000);
        MelFeatures capped = (MelFeatures) provider().create(Map.of("maxWindows", "2")).process(pcm);
        assertEquals(2, capped.windows());
        assertTrue(capped.truncated());
        assertEquals(1500, capped.audioTokenCount());
        MelFeatures whole = (MelFeatures) provider().create(Map.of()).process(pcm);
        assertEquals(3, whole.windows());
        assertEquals(1875, whole.audioTokenCount());
        AudioInputException e = assertThrows(AudioInputException.class,
                () -> provider().create(Map.of("maxWindows", "2", "overflow", "reject")).process(pcm));
        assertEquals(AudioInputException.Problem.TOO_LONG, e.problem());
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> provider().create(Map.of("maxWindow", "20")));
        assertThrows(IllegalArgumentException.class, () -> provider().create(Map.of("maxWindows", "twenty")));
        assertThrows(IllegalArgumentException.class, () -> provider().create(Map.of("maxWindows", "0")));
        assertThrows(IllegalArgumentException.class, () -> provider().create(Map.of("overflow", "drop")));
    }
}

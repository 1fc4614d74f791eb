package io.zikos.dsp.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zikos.api.AudioInputException;
import io.zikos.api.AudioSource;
import io.zikos.api.PcmAudio;
import io.zikos.api.Preprocessor;
import io.zikos.api.PreprocessorProvider;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class PcmPreprocessorProviderTest {

    private static PreprocessorProvider discovered() {
        return ServiceLoader.load(PreprocessorProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(PreprocessorProvider.PCM)).findFirst().orElseThrow();
    }

    @Test
    void isDiscoveredWithDefaults() {
        PreprocessorProvider p = discovered();
        assertTrue(p instanceof PcmPreprocessorProvider);
        PcmPreprocessorProvider.PcmPreprocessor pre = (PcmPreprocessorProvider.PcmPreprocessor) p.create(Map.of());
        assertEquals(22050, pre.sampleRate());
        assertFalse(pre.trimSilence());
        assertEquals(1200, pre.decoder().settings().maxSeconds());
        assertEquals(PcmAudio.class, pre.outputType());
    }

    @Test
    void appliesSettings() {
        @SuppressWarnings("unchecked")
        Preprocessor<PcmAudio> pre = (Preprocessor<PcmAudio>) discovered()
                .create(Map.of("sampleRate", "16000", "trimSilence", "true", "maxSeconds", "5"));
        float[] x = new float[16000 * 3];
        float[] tone = Fixtures.tone(440, 0.5, 1.0, 16000);
        System.arraycopy(tone, 0, x, 16000, tone.length);
        PcmAudio out = pre.process(AudioSource.ofPcm(x, 16000));
        assertEquals(16000, out.sampleRate());
        assertEquals(0.95, out.offsetSeconds(), 0.011);
        assertEquals(3.0, out.originalDuration(), 1e-9);
        assertThrows(AudioInputException.class, () -> pre.process(AudioSource.ofPcm(new float[16000 * 6], 16000)));
    }

    @Test
    void rejectsBadSettings() {
        PreprocessorProvider p = discovered();
        assertThrows(IllegalArgumentException.class, () -> p.create(Map.of("samplerate", "16000")));
        assertThrows(IllegalArgumentException.class, () -> p.create(Map.of("sampleRate", "fast")));
        assertThrows(IllegalArgumentException.class, () -> p.create(Map.of("sampleRate", "16000.5")));
        assertThrows(IllegalArgumentException.class, () -> p.create(Map.of("trimSilence", "maybe")));
        assertThrows(IllegalArgumentException.class, () -> p.create(Map.of("maxSeconds", "-1")));
    }
}

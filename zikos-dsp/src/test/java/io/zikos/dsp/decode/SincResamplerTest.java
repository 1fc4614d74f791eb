package io.zikos.dsp.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zikos.api.AudioSource;
import io.zikos.api.PcmAudio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SincResamplerTest {

    @ParameterizedTest(name = "{0} Hz tone {1} -> {2} Hz")
    @CsvSource({"1000, 44100, 16000", "440, 44100, 16000", "6500, 44100, 16000", "1000, 16000, 44100",
            "3000, 48000, 22050", "440, 22050, 44100", "5000, 44100, 22050"})
    void resampledToneIsWithinMinus60dBOfTheAnalyticSine(double freq, int from, int to) {
        float[] in = Fixtures.tone(freq, 0.5, 2.0, from);
        PcmAudio out = AudioDecoder.withDefaults().decode(AudioSource.ofPcm(in, from), to);
        assertEquals(Math.ceil(in.length * (double) to / from), out.samples().length, 0.0);
        double db = Fixtures.errorDb(out.samples(), freq, 0.5, to, to / 10);
        System.out.printf("sinc %d->%d, %.0f Hz: error %.1f dB%n", from, to, freq, db);
        assertTrue(db < -60, "resampling error " + db + " dB");
    }

    @Test
    void removesContentAboveTheNewNyquistFrequency() {
        // 10 kHz cannot exist at 16 kHz: it must be filtered, not folded down to 6 kHz.
        float[] out = SincResampler.resample(Fixtures.tone(10_000, 0.5, 1.0, 44100), 44100, 16000);
        double rms = Fixtures.rms(out, 1600, out.length - 1600);
        double db = 20 * Math.log10(rms / (0.5 / Math.sqrt(2)));
        assertTrue(db < -70, "alias level " + db + " dB");
    }

    @Test
    void sameRateIsIdentity() {
        float[] x = Fixtures.tone(100, 0.1, 0.1, 8000);
        assertSame(x, SincResampler.resample(x, 8000, 8000));
    }
}

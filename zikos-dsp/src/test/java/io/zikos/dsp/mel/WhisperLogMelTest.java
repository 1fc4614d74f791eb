package io.zikos.dsp.mel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zikos.api.MelFeatures;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Java features against transformers' own outputs (shared/fixtures/whisper_mel, transformers 5.17, torch path). */
class WhisperLogMelTest {

    @ParameterizedTest
    @ValueSource(strings = {"tone_a4_7s", "chirp_45s", "silence_2s", "exact_30s", "odd_len_30s"})
    void featuresMaskWindowsAndTokensMatchTransformers(String clip) throws IOException {
        JsonNode meta = MelFixtures.json(clip);
        float[] pcm = MelFixtures.wav(clip);
        assertEquals(meta.path("n_samples_16k").asInt(), pcm.length);
        float[] expected = MelFixtures.f32(clip + ".features.f32");
        int[] expectedMask = MelFixtures.i32(clip + ".mask.i32");
        for (int cap : new int[] {WhisperLogMel.MAX_WINDOWS_AF3, WhisperLogMel.MAX_WINDOWS_MF}) {
            MelFeatures f = WhisperLogMel.compute(pcm, cap);
            assertEquals(meta.path("n_windows").asInt(), f.windows());
            assertEquals(128, f.melBins());
            assertEquals(3000, f.frames());
            int[] valid = new int[meta.path("valid_frames_per_window").size()];
            for (int i = 0; i < valid.length; i++) {
                valid[i] = meta.path("valid_frames_per_window").get(i).asInt();
            }
            assertArrayEquals(valid, f.validFrames());
            assertEquals(meta.path("audio_token_count").asInt(), f.audioTokenCount());
            assertFalse(f.truncated());
            assertArrayEquals(expectedMask, f.mask(), "mask");
            assertEquals(expected.length, f.data().length);
            double maxAbs = 0;
            double sumAbs = 0;
            for (int i = 0; i < expected.length; i++) {
                double d = Math.abs(expected[i] - f.data()[i]);
                maxAbs = Math.max(maxAbs, d);
                sumAbs += d;
            }
            double meanAbs = sumAbs / expected.length;
            System.out.printf("%s (cap %d): max abs %.3g, mean abs %.3g%n", clip, cap, maxAbs, meanAbs);
            assertTrue(maxAbs <= 1e-4, clip + ": max abs diff " + maxAbs);
            assertTrue(meanAbs <= 1e-6, clip + ": mean abs diff " + meanAbs);
        }
    }

    @Test
    void twentyOneMinutesAreCappedPerModel() throws IOException {
        JsonNode facts = MelFixtures.json("common").path("long_21min");
        float[] zeros = new float[21 * 60 * 16000];
        assertEquals(facts.path("AudioFlamingo3Processor").path("windows_before_cap").asInt(),
                WhisperLogMel.windowsNeeded(zeros.length));
        for (String processor : new String[] {"AudioFlamingo3Processor", "MusicFlamingoProcessor"}) {
            JsonNode p = facts.path(processor);
            int cap = p.path("max_audio_len_s").asInt() / 30;
            MelFeatures f = WhisperLogMel.compute(zeros, cap, true);
            assertEquals(p.path("n_windows").asInt(), f.windows());
            assertTrue(f.truncated());
            int total = 0;
            for (int v : f.validFrames()) {
                total += v;
            }
            assertEquals(p.path("total_valid_frames_L").asInt(), total);
            assertEquals(p.path("audio_token_count").asInt(), f.audioTokenCount());
            for (float v : f.data()) {
                if (v != -1.5f) {
                    throw new AssertionError(processor + ": expected every feature to be -1.5, got " + v);
                }
            }
        }
    }

    @Test
    void filterBankAndWindowMatchTheExtractors() throws IOException {
        double[] ref = MelFixtures.f64("mel_filters_128.f64"); // [201][128]
        double max = 0;
        for (int k = 0; k < 201; k++) {
            for (int m = 0; m < 128; m++) {
                max = Math.max(max, Math.abs(ref[k * 128 + m] - WhisperLogMel.FILTERS.weights[m][k]));
            }
        }
        assertTrue(max < 1e-12, "filter bank differs by " + max);
        float[] hann = MelFixtures.f32("hann_400.f32");
        for (int n = 0; n < 400; n++) {
            // torch evaluates the cosine in float32: up to one float ulp (the README's 2.5e-7) from ours
            assertEquals(hann[n], WhisperLogMel.HANN[n], 2.5e-7, "hann[" + n + "]");
        }
    }

    @Test
    void batchFftMatchesADirectDft() {
        Random rnd = new Random(7);
        for (int n : new int[] {400, 80, 20, 16, 4}) {
            BatchRealFft fft = new BatchRealFft(n);
            int count = 7; // a partial batch
            double[][] x = new double[count][n];
            for (int b = 0; b < count; b++) {
                for (int i = 0; i < n; i++) {
                    x[b][i] = rnd.nextGaussian();
                }
                for (int j = 0; j < n / 2; j++) {
                    fft.set(j, b, x[b][2 * j], x[b][2 * j + 1]);
                }
            }
            fft.transform(count);
            for (int b = 0; b < count; b++) {
                for (int k = 0; k <= n / 2; k++) {
                    double re = 0;
                    double im = 0;
                    for (int j = 0; j < n; j++) {
                        re += x[b][j] * Math.cos(2 * Math.PI * j * k / n);
                        im -= x[b][j] * Math.sin(2 * Math.PI * j * k / n);
                    }
                    double p = re * re + im * im;
                    assertEquals(p, fft.power[k][b], 1e-9 * (1 + p), "n=" + n + " frame " + b + " k=" + k);
                }
            }
        }
    }

    @Test
    void framesReadFromTheSignalMatchADirectDft() {
        Random rnd = new Random(11);
        int count = 9; // a partial batch
        int first = 37;
        float[] signal = new float[first + (count - 1) * WhisperLogMel.HOP + 400 + 5];
        for (int i = 0; i < signal.length; i++) {
            signal[i] = (float) rnd.nextGaussian();
        }
        BatchRealFft fft = new BatchRealFft(400);
        fft.transformFrames(signal, first, WhisperLogMel.HOP, WhisperLogMel.HANN, count);
        for (int b = 0; b < count; b++) {
            for (int k = 0; k <= 200; k++) {
                double re = 0;
                double im = 0;
                for (int j = 0; j < 400; j++) {
                    double x = signal[first + b * WhisperLogMel.HOP + j] * WhisperLogMel.HANN[j];
                    re += x * Math.cos(2 * Math.PI * j * k / 400);
                    im -= x * Math.sin(2 * Math.PI * j * k / 400);
                }
                double p = re * re + im * im;
                assertEquals(p, fft.power[k][b], 1e-9 * (1 + p), "frame " + b + " k=" + k);
            }
        }
    }

    @Test
    void parallelWindowsGiveTheSameResult() throws IOException {
        float[] pcm = MelFixtures.wav("chirp_45s");
        MelFeatures a = WhisperLogMel.compute(pcm, 40, false);
        MelFeatures b = WhisperLogMel.compute(pcm, 40, true);
        assertArrayEquals(a.data(), b.data());
        assertArrayEquals(a.validFrames(), b.validFrames());
    }

    @Test
    void fastScaledLog10IsAccurate() {
        Random rnd = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            float x = (float) Math.pow(10, -12 + 20 * rnd.nextDouble());
            double expected = (Math.log10(x) + 4) / 4;
            assertEquals(expected, WhisperLogMel.scaledLog10(x), 1e-13, "scaledLog10(" + x + ")");
        }
        assertEquals(-1.5, WhisperLogMel.scaledLog10(1e-10f), 1e-8); // 1e-10f is not exactly 1e-10
        assertEquals(1.0, WhisperLogMel.scaledLog10(1f), 1e-13);
        assertEquals(1.25, WhisperLogMel.scaledLog10(10f), 1e-13);
        assertEquals((Math.log10(Float.MIN_NORMAL) + 4) / 4, WhisperLogMel.scaledLog10(Float.MIN_NORMAL), 1e-13);
        assertEquals((Math.log10(Float.MAX_VALUE) + 4) / 4, WhisperLogMel.scaledLog10(Float.MAX_VALUE), 1e-13);
    }

    @Test
    void tokenCountFormula() {
        assertEquals(750, WhisperLogMel.audioTokenCount(3000));
        assertEquals(175, WhisperLogMel.audioTokenCount(700));
        assertEquals(755, WhisperLogMel.audioTokenCount(3021));
        assertEquals(0, WhisperLogMel.audioTokenCount(0));
        assertEquals(0, WhisperLogMel.audioTokenCount(1));
        assertEquals(0, WhisperLogMel.audioTokenCount(2));
        assertEquals(1, WhisperLogMel.audioTokenCount(3));
        for (int l = 1; l < 10_000; l++) {
            assertEquals((l + 1) / 2 / 2, WhisperLogMel.audioTokenCount(l), "floor(ceil(L/2)/2) for L=" + l);
        }
    }
}

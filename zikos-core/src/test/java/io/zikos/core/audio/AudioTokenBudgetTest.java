package io.zikos.core.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AudioTokenBudgetTest {

    @Test
    void tokenCountsMatchTheProcessorsFormula() {
        // Values from shared/fixtures/whisper_mel: 7 s -> 700 frames -> 175, 45 s -> 4500 -> 1125,
        // 30 s + 3277 samples -> 3021 -> 755, 20 min -> 120000 -> 30000.
        assertEquals(175, AudioTokenBudget.tokensForSamples(112_000));
        assertEquals(1125, AudioTokenBudget.tokensForSamples(720_000));
        assertEquals(755, AudioTokenBudget.tokensForSamples(483_277));
        assertEquals(30_000, AudioTokenBudget.tokensForSamples(19_200_000));
        assertEquals(755, AudioTokenBudget.tokensForValidFrames(new int[] {3000, 21}));
        assertEquals(750, AudioTokenBudget.tokensForValidFrames(AudioTokenBudget.FRAMES_PER_WINDOW));
        assertEquals(0, AudioTokenBudget.tokensForValidFrames(0));
        assertEquals(AudioTokenBudget.TOKENS_PER_SECOND * 60, AudioTokenBudget.tokensForSamples(60 * 16_000));
    }

    @Test
    void maxSamplesIsTheLongestClipWithinTheTokens() {
        for (int t = 1; t < 3000; t += 37) {
            long max = AudioTokenBudget.maxSamplesForTokens(t);
            assertTrue(AudioTokenBudget.tokensForSamples(max) <= t, "fits at t=" + t);
            assertTrue(AudioTokenBudget.tokensForSamples(max + 1) > t, "one more sample overflows at t=" + t);
        }
        assertEquals(0, AudioTokenBudget.maxSamplesForTokens(0));
    }

    @Test
    void fittingAudioIsKeptWhole() {
        AudioTokenBudget budget = AudioTokenBudget.musicFlamingo(AudioTokenBudget.Policy.REJECT);
        AudioTokenBudget.Allocation a = budget.allocate(10L * 60 * 16_000, 500); // 10 min = 15000 tokens
        assertEquals(10L * 60 * 16_000, a.keepSamples());
        assertEquals(15_000, a.audioTokens());
        assertFalse(a.truncated());
    }

    @Test
    void twentyMinutesAreTruncatedToWhatFitsNextToTheText() {
        AudioTokenBudget budget = AudioTokenBudget.musicFlamingo(AudioTokenBudget.Policy.TRUNCATE_WITH_WARNING);
        AudioTokenBudget.Allocation a = budget.allocate(20L * 60 * 16_000, 1_000);
        assertTrue(a.truncated());
        assertEquals(23_000, a.audioTokens());
        assertEquals(23_000 / 25.0, a.keepSamples() / 16_000.0, 0.02); // 920 s
        assertTrue(a.audioTokens() + 1_000 <= AudioTokenBudget.MUSIC_FLAMINGO_INPUT_TOKENS);
    }

    @Test
    void rejectSaysByHowMuch() {
        AudioTokenBudget budget = AudioTokenBudget.musicFlamingo(AudioTokenBudget.Policy.REJECT);
        AudioBudgetExceededException e = assertThrows(AudioBudgetExceededException.class,
                () -> budget.allocate(20L * 60 * 16_000, 1_000));
        assertEquals(30_000, e.audioTokens());
        assertEquals(23_000, e.availableTokens());
        assertTrue(e.getMessage().contains("920.0 s"), e.getMessage());
    }

    @Test
    void severalClipsSpendTheBudgetInOrder() {
        AudioTokenBudget budget = new AudioTokenBudget(2_000, AudioTokenBudget.Policy.TRUNCATE_WITH_WARNING);
        List<AudioTokenBudget.Allocation> all = budget.allocateAll(List.of(480_000L, 480_000L, 480_000L), 200);
        assertEquals(750, all.get(0).audioTokens());
        assertFalse(all.get(0).truncated());
        assertEquals(750, all.get(1).audioTokens());
        assertEquals(300, all.get(2).audioTokens());
        assertTrue(all.get(2).truncated());
        // Text alone over the limit leaves nothing for audio.
        assertEquals(0, budget.allocate(16_000, 2_500).keepSamples());
    }
}

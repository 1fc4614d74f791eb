package io.zikos.core.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zikos.api.MelFeatures;
import java.util.List;
import org.junit.jupiter.api.Test;

class AudioPrefillTest {

    private static final int SOUND = 250;

    @Test
    void tokenCountsFollowConvAndPooling() {
        assertEquals(750, AudioPrefill.tokensForFrames(3000));
        // Python floor division: 1 or 2 valid frames give no token, 3 give one
        assertEquals(0, AudioPrefill.tokensForFrames(1));
        assertEquals(0, AudioPrefill.tokensForFrames(2));
        assertEquals(1, AudioPrefill.tokensForFrames(3));
        // models.md: (((L - 1) // 2 + 1) - 2) // 2 + 1
        assertEquals(175, AudioPrefill.tokensForFrames(700));
    }

    @Test
    void expandReplacesEachPlaceholderByItsCount() {
        int[] out = AudioPrefill.expand(new int[] {1, SOUND, 2, SOUND, 3}, SOUND, new int[] {2, 3});
        assertArrayEquals(new int[] {1, SOUND, SOUND, 2, SOUND, SOUND, SOUND, 3}, out);
        assertThrows(IllegalArgumentException.class, () -> AudioPrefill.expand(new int[] {1, SOUND}, SOUND,
                new int[] {1, 1}));
    }

    @Test
    void validRowsOfEachWindowAreScatteredIntoThePlaceholdersInOrder() {
        // 2 windows of 12 frames: 12 valid -> 3 tokens, 5 valid -> 1 token ((5-1)/2+1 = 3; (3-2)/2+1 = 1)
        FakeModels.FakeAudioLm lm = new FakeModels.FakeAudioLm(3, seq -> FakeModels.oneHot(7));
        MelFeatures f = new MelFeatures(new float[2 * 1 * 12], 2, 1, 12, new int[] {12, 5}, 4, false);
        try (DecoderState s = lm.newState()) {
            AudioPrefill.Prefilled p = AudioPrefill.prefill(s, lm, new int[] {5, SOUND, 6}, SOUND, List.of(f));
            assertArrayEquals(new int[] {5, SOUND, SOUND, SOUND, SOUND, 6}, p.inputIds());
            float[] e = lm.embeddingCalls.get(0);
            float[] expected = {
                -5, -1,
                1000, 0, 1000, 1, 1000, 2, // window 0, all 3 tokens
                1001, 0,                   // window 1, first token only
                -6, -1};
            assertArrayEquals(expected, e);
            assertEquals(6, s.length());
        }
    }

    @Test
    void textOnlyPromptsUseIds() {
        FakeModels.FakeAudioLm lm = new FakeModels.FakeAudioLm(3, seq -> FakeModels.oneHot(7));
        try (DecoderState s = lm.newState()) {
            AudioPrefill.Prefilled p = AudioPrefill.prefill(s, lm, new int[] {5, 6}, SOUND, List.of());
            assertArrayEquals(new int[] {5, 6}, p.inputIds());
            assertEquals(0, lm.embeddingCalls.size());
            assertEquals(7, Sampler.argmax(p.logits()));
        }
    }
}

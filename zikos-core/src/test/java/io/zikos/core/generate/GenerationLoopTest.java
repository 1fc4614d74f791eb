package io.zikos.core.generate;

import static io.zikos.core.generate.FakeModels.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zikos.api.Cancellation;
import io.zikos.api.FinishReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GenerationLoopTest {

    private static final int EOS = 299;
    private static final int[] PROMPT = {1, 2, 3};

    private static GenerationConfig greedy(int max) {
        return GenerationConfig.greedy(max, Set.of(EOS));
    }

    @Test
    void greedyFollowsTheLogitsAndStopsOnAStopTokenIncludedInIdsButNotText() {
        int[] script = concat(bytes("ok!"), new int[] {EOS, 'x'});
        FakeModels.ScriptedLm lm = FakeModels.ScriptedLm.emitting(PROMPT.length, script);
        List<Integer> tokens = new ArrayList<>();
        StringBuilder streamed = new StringBuilder();
        GenerationResult r;
        try (DecoderState s = lm.newState()) {
            r = GenerationLoop.generate(s, PROMPT, greedy(50), new FakeModels.ByteTokenizer(), new TokenStreamListener() {
                @Override
                public void onToken(int id) {
                    tokens.add(id);
                }

                @Override
                public void onText(String delta) {
                    streamed.append(delta);
                }
            }, Cancellation.none());
        }
        assertArrayEquals(new int[] {'o', 'k', '!', EOS}, r.tokenIds());
        assertEquals(List.of((int) 'o', (int) 'k', (int) '!', EOS), tokens);
        assertEquals("ok!", r.text());
        assertEquals("ok!", streamed.toString());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals(3, r.promptTokens());
        // prefill + one step per token except the stop token
        assertEquals(4, lm.forwardCalls.get());
        assertEquals(0, lm.openStates.get());
    }

    @Test
    void maxNewTokensEndsWithLengthWithoutAWastedForward() {
        FakeModels.ScriptedLm lm = FakeModels.ScriptedLm.emitting(PROMPT.length, bytes("abcdefgh"));
        try (DecoderState s = lm.newState()) {
            GenerationResult r = GenerationLoop.generate(s, PROMPT, greedy(5), null, TokenStreamListener.NONE,
                    Cancellation.none());
            assertArrayEquals(bytes("abcde"), r.tokenIds());
            assertEquals(FinishReason.LENGTH, r.finishReason());
            assertEquals("", r.text());
            assertEquals(5, lm.forwardCalls.get());
            assertEquals(PROMPT.length + 4, s.length());
        }
    }

    @Test
    void ignoreEosKeepsGeneratingPastStopTokens() {
        FakeModels.ScriptedLm lm = FakeModels.ScriptedLm.emitting(PROMPT.length, 'a', EOS, 'b', EOS);
        try (DecoderState s = lm.newState()) {
            GenerationResult r = GenerationLoop.generate(s, PROMPT, greedy(4).withIgnoreEos(true), null,
                    TokenStreamListener.NONE, Cancellation.none());
            assertArrayEquals(new int[] {'a', EOS, 'b', EOS}, r.tokenIds());
            assertEquals(FinishReason.LENGTH, r.finishReason());
        }
    }

    @Test
    void stopSequenceCutsTheTextAndIsNeverStreamed() {
        FakeModels.ScriptedLm lm = FakeModels.ScriptedLm.emitting(PROMPT.length, bytes("one ENtwo END three"));
        GenerationConfig config = new GenerationConfig(100, 0, 0, 1, 1, null, Set.of(EOS), List.of("END"), false);
        StringBuilder streamed = new StringBuilder();
        List<String> deltas = new ArrayList<>();
        try (DecoderState s = lm.newState()) {
            GenerationResult r = GenerationLoop.generate(s, PROMPT, config, new FakeModels.ByteTokenizer(),
                    new TokenStreamListener() {
                        @Override
                        public void onText(String delta) {
                            streamed.append(delta);
                            deltas.add(delta);
                        }
                    }, Cancellation.none());
            assertEquals("one ENtwo ", r.text());
            assertEquals("one ENtwo ", streamed.toString());
            assertEquals(FinishReason.STOP, r.finishReason());
            assertEquals("one ENtwo END".length(), r.generatedTokens());
        }
        assertTrue(deltas.stream().noneMatch(d -> d.contains("END")));
    }

    @Test
    void heldBackTextIsReleasedWhenGenerationEndsOtherwise() {
        FakeModels.ScriptedLm lm = FakeModels.ScriptedLm.emitting(PROMPT.length, bytes("abcEN"));
        GenerationConfig config = new GenerationConfig(5, 0, 0, 1, 1, null, Set.of(EOS), List.of("END"), false);
        StringBuilder streamed = new StringBuilder();
        try (DecoderState s = lm.newState()) {
            GenerationResult r = GenerationLoop.generate(s, PROMPT, config, new FakeModels.ByteTokenizer(),
                    new TokenStreamListener() {
                        @Override
                        public void onText(String delta) {
                            streamed.append(delta);
                        }
                    }, Cancellation.none());
            assertEquals("abcEN", r.text());
            assertEquals(FinishReason.LENGTH, r.finishReason());
        }
        assertEquals("abcEN", streamed.toString());
    }

    @Test
    void multiByteCharactersSplitAcrossTokensStreamWhole() {
        String text = "é€😀 ok";
        FakeModels.ScriptedLm lm = FakeModels.ScriptedLm.emitting(PROMPT.length, concat(bytes(text), new int[] {EOS}));
        List<String> deltas = new ArrayList<>();
        try (DecoderState s = lm.newState()) {
            GenerationResult r = GenerationLoop.generate(s, PROMPT, greedy(100), new FakeModels.ByteTokenizer(),
                    new TokenStreamListener() {
                        @Override
                        public void onText(String delta) {
                            deltas.add(delta);
                        }
                    }, Cancellation.none());
            assertEquals(text, r.text());
        }
        assertEquals(text, String.join("", deltas));
        assertTrue(deltas.stream().noneMatch(d -> d.indexOf('\uFFFD') >= 0), deltas::toString);
        assertTrue(deltas.contains("😀"), deltas::toString);
    }

    @Test
    void cancellationStopsBetweenTokens() {
        FakeModels.ScriptedLm lm = FakeModels.ScriptedLm.emitting(PROMPT.length, bytes("abcdefghij"));
        Cancellation c = new Cancellation();
        try (DecoderState s = lm.newState()) {
            GenerationResult r = GenerationLoop.generate(s, PROMPT, greedy(100), null, new TokenStreamListener() {
                @Override
                public void onToken(int id) {
                    if (id == 'c') {
                        c.cancel();
                    }
                }
            }, c);
            assertArrayEquals(bytes("abc"), r.tokenIds());
            assertEquals(FinishReason.CANCELLED, r.finishReason());
        }
    }

    @Test
    void samplingIsDeterministicForASeedAndVariesAcrossSeeds() {
        // A flat-ish distribution over 20 tokens so samples differ.
        FakeModels.ScriptedLm lm = new FakeModels.ScriptedLm(seq -> {
            float[] l = new float[FakeModels.VOCAB];
            Arrays.fill(l, -100f);
            for (int i = 0; i < 20; i++) {
                l[100 + i] = 1f + (i % 3) * 0.1f;
            }
            return l;
        });
        int[] a = sample(lm, 42L);
        int[] b = sample(lm, 42L);
        int[] c = sample(lm, 7L);
        assertArrayEquals(a, b);
        assertNotEquals(Arrays.toString(a), Arrays.toString(c));
        assertTrue(Arrays.stream(a).allMatch(t -> t >= 100 && t < 120));
        assertTrue(Arrays.stream(a).distinct().count() > 3, "should sample, not argmax");
    }

    private static int[] sample(CausalLm lm, long seed) {
        GenerationConfig config = new GenerationConfig(30, 1.0, 0, 1.0, 1.0, seed, Set.of(EOS), List.of(), false);
        try (DecoderState s = lm.newState()) {
            return GenerationLoop.generate(s, PROMPT, config, null, TokenStreamListener.NONE, Cancellation.none())
                    .tokenIds();
        }
    }

    @Test
    void topKOneAndTinyTopPAreGreedy() {
        float[] logits = new float[FakeModels.VOCAB];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) Math.sin(i);
        }
        int best = Sampler.argmax(logits);
        for (long seed = 0; seed < 20; seed++) {
            var topK = new GenerationConfig(1, 1.5, 1, 1.0, 1.0, seed, Set.of(), List.of(), false);
            assertEquals(best, new Sampler(topK, logits.length, new int[0]).next(logits.clone()));
            var topP = new GenerationConfig(1, 1.0, 0, 1e-6, 1.0, seed, Set.of(), List.of(), false);
            assertEquals(best, new Sampler(topP, logits.length, new int[0]).next(logits.clone()));
        }
    }

    @Test
    void topKRestrictsSamplesToTheKMostLikely() {
        float[] logits = new float[FakeModels.VOCAB];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = i % 50; // ties across repeats; the top 3 values are 49 at 49, 99, 149 ...
        }
        logits[7] = 100;
        logits[8] = 99.5f;
        logits[9] = 99f;
        var config = new GenerationConfig(1, 5.0, 3, 1.0, 1.0, 1L, Set.of(), List.of(), false);
        Sampler s = new Sampler(config, logits.length, new int[0]);
        boolean[] seen = new boolean[logits.length];
        for (int i = 0; i < 300; i++) {
            seen[s.next(logits.clone())] = true;
        }
        assertTrue(seen[7] && seen[8] && seen[9]);
        for (int i = 0; i < seen.length; i++) {
            if (i < 7 || i > 9) {
                assertFalse(seen[i], "token " + i + " is outside the top 3");
            }
        }
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsLikeTransformers() {
        float[] logits = new float[FakeModels.VOCAB];
        logits[5] = 2.0f;   // in the prompt
        logits[6] = 1.9f;   // new
        logits[7] = -1.0f;  // in the prompt
        var config = new GenerationConfig(1, 0, 0, 1.0, 2.0, null, Set.of(), List.of(), false);
        Sampler s = new Sampler(config, logits.length, new int[] {5, 7});
        float[] copy = logits.clone();
        assertEquals(6, s.next(copy));
        assertEquals(1.0f, copy[5]);
        assertEquals(-2.0f, copy[7]);
        assertEquals(1.9f, copy[6]);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

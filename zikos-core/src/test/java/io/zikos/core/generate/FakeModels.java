package io.zikos.core.generate;

import io.zikos.api.MelFeatures;
import io.zikos.core.text.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Test doubles: a scripted causal LM and a byte-level tokenizer (one token per UTF-8 byte, ids 0..255). */
final class FakeModels {

    private FakeModels() {
    }

    static final int VOCAB = 300;

    /** A model whose next-token logits are a function of the whole sequence so far. */
    static class ScriptedLm implements CausalLm {
        final Function<List<Integer>, float[]> logitsOf;
        final AtomicInteger forwardCalls = new AtomicInteger();
        final AtomicInteger openStates = new AtomicInteger();
        final List<float[]> embeddingCalls = new ArrayList<>();
        /** Set by {@link #close()}, for tests that check a refused or failed model is released. */
        final AtomicBoolean closed = new AtomicBoolean();

        ScriptedLm(Function<List<Integer>, float[]> logitsOf) {
            this.logitsOf = logitsOf;
        }

        /** Emits {@code script[i]} as the i-th generated token (then repeats the last one). */
        static ScriptedLm emitting(int promptLength, int... script) {
            return new ScriptedLm(seq -> {
                int step = Math.min(seq.size() - promptLength, script.length - 1);
                return oneHot(script[step]);
            });
        }

        @Override
        public DecoderState newState() {
            openStates.incrementAndGet();
            List<Integer> seq = new ArrayList<>();
            return new DecoderState() {
                boolean closed;

                @Override
                public float[] forward(int[] tokenIds) {
                    forwardCalls.incrementAndGet();
                    for (int t : tokenIds) {
                        seq.add(t);
                    }
                    return logitsOf.apply(List.copyOf(seq));
                }

                @Override
                public float[] forwardEmbeddings(float[] embeddings, int count) {
                    embeddingCalls.add(embeddings.clone());
                    for (int i = 0; i < count; i++) {
                        seq.add(-1);
                    }
                    return logitsOf.apply(List.copyOf(seq));
                }

                @Override
                public int length() {
                    return seq.size();
                }

                @Override
                public void close() {
                    if (!closed) {
                        closed = true;
                        openStates.decrementAndGet();
                    }
                }
            };
        }

        @Override
        public int vocabSize() {
            return VOCAB;
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    static float[] oneHot(int id) {
        float[] l = new float[VOCAB];
        l[id] = 10f;
        return l;
    }

    static int[] bytes(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            ids[i] = b[i] & 0xff;
        }
        return ids;
    }

    /** Byte-level tokenizer: decoding a partial UTF-8 sequence yields U+FFFD like byte-level BPE decoders. */
    static final class ByteTokenizer extends ByteTokenizerBase {
        @Override
        public int[] encode(String text) {
            return bytes(text);
        }
    }

    /** Decoding half of {@link ByteTokenizer}; ids of 256 and above decode to nothing. */
    abstract static class ByteTokenizerBase implements Tokenizer {

        @Override
        public String decode(int[] ids) {
            byte[] b = new byte[ids.length];
            int n = 0;
            for (int id : ids) {
                if (id < 256) {
                    b[n++] = (byte) id;
                }
            }
            return new String(b, 0, n, StandardCharsets.UTF_8);
        }

        @Override
        public OptionalInt tokenId(String token) {
            return OptionalInt.empty();
        }

        @Override
        public int vocabularySize() {
            return VOCAB;
        }

        @Override
        public void close() {
        }
    }

    /** An audio model whose embeddings encode where they came from, so scatter order can be checked. */
    static final class FakeAudioLm extends ScriptedLm implements AudioLanguageModel {
        static final int HIDDEN = 2;
        final int tokensPerWindow;

        FakeAudioLm(int tokensPerWindow, Function<List<Integer>, float[]> logitsOf) {
            super(logitsOf);
            this.tokensPerWindow = tokensPerWindow;
        }

        @Override
        public int hiddenSize() {
            return HIDDEN;
        }

        /** Row (w, t) = [1000 + w, t]. */
        @Override
        public float[] encodeAudioWindows(MelFeatures features) {
            float[] out = new float[features.windows() * tokensPerWindow * HIDDEN];
            for (int w = 0; w < features.windows(); w++) {
                for (int t = 0; t < tokensPerWindow; t++) {
                    out[(w * tokensPerWindow + t) * HIDDEN] = 1000 + w + 100 * features.data()[0];
                    out[(w * tokensPerWindow + t) * HIDDEN + 1] = t;
                }
            }
            return out;
        }

        /** Row i = [-id, -1]. */
        @Override
        public float[] embedTokens(int[] ids) {
            float[] out = new float[ids.length * HIDDEN];
            for (int i = 0; i < ids.length; i++) {
                out[i * HIDDEN] = -ids[i];
                out[i * HIDDEN + 1] = -1;
            }
            return out;
        }
    }
}

package io.zikos.core.generate;

import io.zikos.api.Cancellation;
import io.zikos.api.FinishReason;
import io.zikos.core.text.Tokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * The engine-independent decoding loop: prefill, then one token per step through a {@link DecoderState}'s KV cache,
 * choosing each token with a {@link Sampler}, streaming text through a {@link StreamingDetokenizer}, and stopping on
 * stop token ids, stop sequences, the token budget or cancellation. Stateless and thread-safe; each call uses its own
 * state.
 */
public final class GenerationLoop {

    private GenerationLoop() {
    }

    /**
     * Prefills {@code promptIds} and generates.
     *
     * @param tokenizer for text and stop sequences; {@code null} to produce ids only
     */
    public static GenerationResult generate(DecoderState state, int[] promptIds, GenerationConfig config,
                                            Tokenizer tokenizer, TokenStreamListener listener,
                                            Cancellation cancellation) {
        if (promptIds.length == 0) {
            throw new IllegalArgumentException("the prompt is empty");
        }
        if (cancellation.isCancelled()) {
            return new GenerationResult(new int[0], "", FinishReason.CANCELLED, promptIds.length);
        }
        float[] logits = state.forward(promptIds);
        return continueFrom(state, promptIds, logits, config, tokenizer, listener, cancellation);
    }

    /**
     * Generates from logits the caller already has, for prompts prefilled another way (audio embeddings via
     * {@link DecoderState#forwardEmbeddings}).
     *
     * @param promptIds    the prompt's ids (with audio placeholders), for the repetition penalty and token counts
     * @param prefillLogits the logits of the prompt's last position
     */
    public static GenerationResult continueFrom(DecoderState state, int[] promptIds, float[] prefillLogits,
                                                GenerationConfig config, Tokenizer tokenizer,
                                                TokenStreamListener listener, Cancellation cancellation) {
        Sampler sampler = new Sampler(config, prefillLogits.length, promptIds);
        TextStream text = tokenizer == null ? null : new TextStream(tokenizer, config.stopSequences(), listener);
        int[] out = new int[Math.min(config.maxNewTokens(), 1024)];
        int count = 0;
        float[] logits = prefillLogits;
        FinishReason reason = FinishReason.LENGTH;
        int[] step = new int[1];
        while (true) {
            if (cancellation.isCancelled()) {
                reason = FinishReason.CANCELLED;
                break;
            }
            int next = sampler.next(logits);
            if (count == out.length) {
                out = Arrays.copyOf(out, Math.min(config.maxNewTokens(), out.length * 2));
            }
            out[count++] = next;
            sampler.accept(next);
            listener.onToken(next);
            if (!config.ignoreEos() && config.stopTokenIds().contains(next)) {
                reason = FinishReason.STOP;
                break;
            }
            if (text != null && text.push(next)) {
                reason = FinishReason.STOP;
                break;
            }
            if (count >= config.maxNewTokens()) {
                reason = FinishReason.LENGTH;
                break;
            }
            step[0] = next;
            logits = state.forward(step);
        }
        String reply = text == null ? "" : text.finish();
        return new GenerationResult(Arrays.copyOf(out, count), reply, reason, promptIds.length);
    }

    /** Streaming text with hold-back of anything that may be the start of a stop sequence. */
    private static final class TextStream {
        private final StreamingDetokenizer detokenizer;
        private final List<String> stops;
        private final int longestStop;
        private final TokenStreamListener listener;
        private final StringBuilder full = new StringBuilder();
        private int emitted;
        private int stopAt = -1;

        TextStream(Tokenizer tokenizer, List<String> stops, TokenStreamListener listener) {
            this.detokenizer = new StreamingDetokenizer(tokenizer);
            this.stops = stops;
            this.longestStop = stops.stream().mapToInt(String::length).max().orElse(0);
            this.listener = listener;
        }

        /** @return true when a stop sequence was reached */
        boolean push(int id) {
            return append(detokenizer.push(id));
        }

        private boolean append(String delta) {
            if (delta.isEmpty()) {
                return false;
            }
            full.append(delta);
            if (stops.isEmpty()) {
                emit(full.length());
                return false;
            }
            int searchFrom = Math.max(0, emitted - longestStop);
            int first = -1;
            for (String stop : stops) {
                int at = full.indexOf(stop, searchFrom);
                if (at >= 0 && (first < 0 || at < first)) {
                    first = at;
                }
            }
            if (first >= 0) {
                stopAt = first;
                emit(first);
                return true;
            }
            emit(full.length() - heldBack());
            return false;
        }

        /** Length of the longest suffix of the text that is a proper prefix of a stop sequence. */
        private int heldBack() {
            int best = 0;
            for (String stop : stops) {
                for (int len = Math.min(stop.length() - 1, full.length()); len > best; len--) {
                    if (endsWith(full, stop, len)) {
                        best = len;
                        break;
                    }
                }
            }
            return best;
        }

        private static boolean endsWith(StringBuilder text, String stop, int len) {
            int offset = text.length() - len;
            for (int i = 0; i < len; i++) {
                if (text.charAt(offset + i) != stop.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private void emit(int upTo) {
            if (upTo > emitted && upTo < full.length() && Character.isHighSurrogate(full.charAt(upTo - 1))) {
                upTo--; // never split a surrogate pair
            }
            if (upTo > emitted) {
                listener.onText(full.substring(emitted, upTo));
                emitted = upTo;
            }
        }

        String finish() {
            if (stopAt < 0) {
                // Whatever was pending or held back turned out not to be a stop sequence (unless the flush ends one).
                append(detokenizer.flush());
            }
            if (stopAt >= 0) {
                return full.substring(0, stopAt);
            }
            emit(full.length());
            return full.toString();
        }
    }
}

package io.zikos.samples;

import io.zikos.api.AudioClip;
import io.zikos.api.AudioSource;
import io.zikos.api.Cancellation;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRequest;
import io.zikos.api.ChatResponse;
import io.zikos.api.GenerationOptions;
import io.zikos.api.LlmBackend;
import io.zikos.api.StreamingChatListener;
import io.zikos.core.Backends;
import java.nio.file.Path;

/**
 * Swapping inference engines is a class-path change, not a code change. This host code never names an engine:
 * {@link #createBackend(String)} picks whichever backend is installed and recognises the model directory
 * ({@code zikos-backend-onnx} for ONNX exports, {@code zikos-backend-djl} for TorchScript exports). With both on the
 * class path and a directory holding both exports, {@code -Dzikos.engine=onnx} or {@code -Dzikos.engine=djl} chooses
 * one; the same prompt then gives the same greedy reply on either.
 *
 * <pre>
 * java -Dzikos.engine=djl  -cp ... io.zikos.samples.EngineSwapSample MODEL_DIR "Play a C major scale"
 * java -Dzikos.engine=onnx -cp ... io.zikos.samples.EngineSwapSample MODEL_DIR "Play a C major scale"
 * java                     -cp ... io.zikos.samples.EngineSwapSample MF_DIR "What is played here?" take.wav
 * </pre>
 *
 * A directory holding both exports is the output of {@code export_model.py --format onnx --to DIR/onnx} and
 * {@code --format torchscript --to DIR/torchscript}, with {@code config.json} and the tokenizer files copied to DIR.
 */
public final class EngineSwapSample {

    private EngineSwapSample() {
    }

    /** The only line that loads a model: no engine named, nothing engine-specific imported. */
    public static LlmBackend createBackend(String model) {
        return Backends.create(model);
    }

    /**
     * Asks one question (with an optional recording for Music Flamingo) and streams the greedy reply.
     *
     * @param recording an audio file, or {@code null}
     * @param thinking  Qwen3's thinking mode, or {@code null} for the model's default
     * @param listener  receives the reply text as it is generated
     */
    public static ChatResponse ask(LlmBackend backend, String question, Path recording, int maxNewTokens,
                                   Boolean thinking, StreamingChatListener listener) {
        ChatMessage message = recording == null ? ChatMessage.user(question)
                : ChatMessage.user(question, AudioClip.of(AudioSource.of(recording)));
        GenerationOptions greedy = GenerationOptions.builder().temperature(0.0).maxNewTokens(maxNewTokens)
                .thinking(thinking).build();
        return backend.generate(ChatRequest.of(message).withOptions(greedy), listener, Cancellation.none());
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: EngineSwapSample MODEL_DIR QUESTION [RECORDING]  (-Dzikos.engine=onnx|djl)");
            System.exit(2);
        }
        try (LlmBackend backend = createBackend(args[0])) {
            System.out.println("[engine " + backend.capabilities().engine() + "]");
            ChatResponse r = ask(backend, args[1], args.length > 2 ? Path.of(args[2]) : null, 64, null,
                    new StreamingChatListener() {
                        @Override
                        public void onTextDelta(String delta) {
                            System.out.print(delta);
                            System.out.flush();
                        }
                    });
            System.out.println();
            System.out.println("[" + r.finishReason() + ", " + r.usage().outputTokens() + " tokens]");
        }
    }
}

package io.zikos.backend.djl;

import io.zikos.core.generate.LocalModelProvider;

/**
 * Qwen2.5 / Qwen3 instruct models exported to TorchScript, on DJL's PyTorch engine (engine {@code "djl"}). The chat
 * backend itself (prompt format, tokenizer, generation loop, tool calls, thinking) is the engine-neutral one from core;
 * this provider only supplies the DJL model.
 *
 * <p>Rank -1: when both engines are installed and the host names none, ONNX Runtime (the usual server choice) wins;
 * {@code BackendOptions.engine("djl")} or {@code -Dzikos.engine=djl} selects this one.
 */
public final class DjlQwenProvider extends LocalModelProvider {

    public DjlQwenProvider() {
        super("djl-qwen", Kind.CHAT, new DjlCausalLmProvider(), -1);
    }
}

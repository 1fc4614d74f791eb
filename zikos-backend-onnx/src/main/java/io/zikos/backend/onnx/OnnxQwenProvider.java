package io.zikos.backend.onnx;

import io.zikos.core.generate.LocalModelProvider;

/** Qwen2.5 / Qwen3 instruct models exported to ONNX, on ONNX Runtime (CUDA when it loads, else CPU). */
public final class OnnxQwenProvider extends LocalModelProvider {

    public OnnxQwenProvider() {
        super("onnx-qwen", Kind.CHAT, new OnnxCausalLmProvider(), 0);
    }
}

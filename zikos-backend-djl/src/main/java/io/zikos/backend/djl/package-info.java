/**
 * Qwen2.5 / Qwen3 and Audio Flamingo 3 / Music Flamingo on DJL's PyTorch engine (libtorch 2.7.1), from the
 * TorchScript exports of {@code tools/export/export_model.py --format torchscript}. Only the engine-specific part
 * lives here ({@link io.zikos.core.generate.CausalLm} / {@link io.zikos.core.generate.DecoderState} /
 * {@link io.zikos.core.generate.AudioLanguageModel} on DJL); generation, sampling, prompts and the audio scatter are
 * the shared code in {@code io.zikos.core.generate}. Providers register under engine {@code "djl"}. See
 * {@code docs/djl-backend.md}.
 */
package io.zikos.backend.djl;

/**
 * Zikos contracts: what a host programs against and what engines, tools and preprocessors implement.
 *
 * <p>This package has no engine, DSP or model dependency. Everything here is either an immutable value type
 * ({@link io.zikos.api.ChatMessage}, {@link io.zikos.api.ChatRequest}, {@link io.zikos.api.AudioClip} ...)
 * or a small interface discovered through {@link java.util.ServiceLoader}
 * ({@link io.zikos.api.LlmBackendProvider}, {@link io.zikos.api.AudioTool}, {@link io.zikos.api.PreprocessorProvider}).
 */
package io.zikos.api;

/**
 * An {@link io.zikos.api.LlmBackend} for OpenAI-compatible chat-completions servers (vLLM, TensorRT-LLM, DJL Serving,
 * SGLang ...): {@link io.zikos.backend.remote.OpenAiCompatibleBackend}, discovered through
 * {@link io.zikos.backend.remote.RemoteBackendProvider} for {@code http://} and {@code https://} model references.
 */
package io.zikos.backend.remote;

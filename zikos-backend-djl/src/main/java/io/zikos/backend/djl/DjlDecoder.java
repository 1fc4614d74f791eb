package io.zikos.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.zikos.core.generate.CausalLm;
import io.zikos.core.generate.DecoderState;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Qwen2/Qwen3 decoder with KV cache exported to TorchScript, on DJL's PyTorch engine. Signature
 * ({@code tools/export/README.md}): {@code forward(x, attention_mask int64[B,T], position_ids int64[B,S],
 * past_kv[2L,B,kv,P,hd]) -> (logits float32[B,S,V], present[2L,B,kv,T,hd])}, where {@code x} is
 * {@code input_ids int64[B,S]} or, for audio-language decoders, {@code inputs_embeds[B,S,H]}.
 *
 * <p>Thread-safe: the TorchScript module is shared, each {@link DecoderState} owns its {@link NDManager} and cache.
 */
class DjlDecoder implements CausalLm {

    private final TorchScriptModule decoder;
    /** Token embedding for decoders on {@code inputs_embeds}, else {@code null}. */
    private final TorchScriptModule embed;
    private final DjlModelFiles.Dims dims;
    private final AtomicBoolean closed = new AtomicBoolean();

    DjlDecoder(TorchScriptModule decoder, TorchScriptModule embed, DjlModelFiles.Dims dims) {
        this.decoder = decoder;
        this.embed = embed;
        this.dims = dims;
    }

    @Override
    public DecoderState newState() {
        ensureOpen();
        return new DjlDecoderState(this);
    }

    @Override
    public int vocabSize() {
        return dims.vocabSize();
    }

    /** Embedding width. */
    int hiddenSize() {
        return dims.hiddenSize();
    }

    DjlModelFiles.Dims dims() {
        return dims;
    }

    /** The device the modules run on. */
    public ai.djl.Device device() {
        return decoder.device();
    }

    /** Floating type of the cache and embeddings. */
    DataType floatType() {
        return dims.half() ? DataType.FLOAT16 : DataType.FLOAT32;
    }

    boolean takesEmbeddings() {
        return embed != null;
    }

    TorchScriptModule decoderModule() {
        return decoder;
    }

    /**
     * Token embeddings {@code [1, n, H]} in the manager of {@code ids}.
     *
     * @throws IllegalStateException when this decoder has no embedding module
     */
    NDArray embed(NDArray ids) {
        if (embed == null) {
            throw new IllegalStateException("this decoder takes token ids, not embeddings");
        }
        return embed.forward(new NDList(ids)).singletonOrThrow();
    }

    /** A manager for one state or call, on this model's device. */
    NDManager newManager() {
        return NDManager.newBaseManager(decoder.device(), DjlRuntime.ENGINE_NAME);
    }

    void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the DJL model is closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            decoder.close();
            if (embed != null) {
                embed.close();
            }
        }
    }
}

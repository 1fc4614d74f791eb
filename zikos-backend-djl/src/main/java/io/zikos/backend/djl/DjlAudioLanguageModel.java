package io.zikos.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.zikos.api.MelFeatures;
import io.zikos.api.ZikosException;
import io.zikos.core.generate.AudioLanguageModel;
import io.zikos.core.generate.DecoderState;

/**
 * Audio Flamingo 3 / Music Flamingo on DJL's PyTorch engine, in the TorchScript layout of {@code tools/export}:
 * {@code audio_encoder.pt} ({@code input_features float32[W,128,3000]}, {@code input_features_mask int64[W,3000]}
 * and, for Music Flamingo 2601, {@code window_index int64[W]} → {@code (audio_embeds[W,750,H], valid_lengths[W])}),
 * {@code embed_tokens.pt} ({@code input_ids int64[B,S] → [B,S,H]}) and {@code decoder.pt} on {@code inputs_embeds}.
 * Gathering the valid rows and scattering them into the {@code <sound>} positions is shared code in core
 * ({@link io.zikos.core.generate.AudioPrefill}). Thread-safe; each call uses its own {@link NDManager}.
 */
final class DjlAudioLanguageModel implements AudioLanguageModel {

    private final DjlDecoder decoder;
    private final TorchScriptModule encoder;
    private final boolean windowIndex;

    DjlAudioLanguageModel(DjlDecoder decoder, TorchScriptModule encoder, boolean windowIndex) {
        this.decoder = decoder;
        this.encoder = encoder;
        this.windowIndex = windowIndex;
    }

    @Override
    public int hiddenSize() {
        return decoder.hiddenSize();
    }

    @Override
    public float[] encodeAudioWindows(MelFeatures features) {
        decoder.ensureOpen();
        int w = features.windows();
        try (NDManager m = decoder.newManager()) {
            NDArray feats = m.create(features.data(), new Shape(w, features.melBins(), features.frames()));
            int[] mask = features.mask();
            long[] mask64 = new long[mask.length];
            for (int i = 0; i < mask.length; i++) {
                mask64[i] = mask[i];
            }
            NDList in = new NDList(feats, m.create(mask64, new Shape(w, features.frames())));
            if (windowIndex) {
                // Each clip's windows are numbered from 0: the encoder's rotary time embedding needs their position.
                in.add(m.arange(0, w, 1, DataType.INT64));
            }
            NDList out = encoder.forward(in);
            NDArray embeds = out.get(0);
            if (embeds.getShape().dimension() != 3 || embeds.getShape().get(0) != w
                    || embeds.getShape().get(2) != hiddenSize()) {
                throw new ZikosException("audio_encoder.pt returned " + embeds.getShape() + "; expected [" + w
                        + ", tokens, " + hiddenSize() + "]");
            }
            return embeds.toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    @Override
    public float[] embedTokens(int[] ids) {
        decoder.ensureOpen();
        try (NDManager m = decoder.newManager()) {
            long[] longs = new long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                longs[i] = ids[i];
            }
            NDArray e = decoder.embed(m.create(longs, new Shape(1, ids.length)));
            return e.toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    @Override
    public DecoderState newState() {
        return decoder.newState();
    }

    @Override
    public int vocabSize() {
        return decoder.vocabSize();
    }

    /** The device the modules run on. */
    public ai.djl.Device device() {
        return decoder.device();
    }

    @Override
    public void close() {
        decoder.close();
        encoder.close();
    }
}

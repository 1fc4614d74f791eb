package io.zikos.backend.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;
import io.zikos.api.BackendOptions;
import io.zikos.api.MelFeatures;
import io.zikos.api.ModelLoadException;
import io.zikos.api.ZikosException;
import io.zikos.core.generate.AudioLanguageModel;
import io.zikos.core.generate.DecoderState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Audio Flamingo 3 / Music Flamingo on ONNX Runtime, in the layout of {@code tools/export}: an audio encoder +
 * projector ({@code input_features [windows,128,frames]} + a frame mask → audio embeddings
 * {@code [windows, tokensPerWindow, hidden]}), the token embedding ({@code input_ids → inputs_embeds}) and the Qwen2
 * decoder on {@code inputs_embeds} with KV cache. Thread-safe like {@link OnnxDecoder}.
 */
public final class OnnxAudioLanguageModel implements AudioLanguageModel {

    private final OrtSession encoder;
    private final OrtSession embedding;
    private final OnnxDecoder decoder;
    private final String featuresName;
    private final OnnxJavaType featuresType;
    private final String maskName;
    private final String windowIndexName;
    private final String embedsOutput;
    private final OnnxJavaType maskType;
    private final String idsName;
    private final OnnxJavaType idsType;
    private final int hidden;

    private OnnxAudioLanguageModel(OrtSession encoder, OrtSession embedding, OnnxDecoder decoder, Path encoderFile,
                                   Path embedFile) {
        this.encoder = encoder;
        this.embedding = embedding;
        this.decoder = decoder;
        try {
            Map<String, NodeInfo> in = encoder.getInputInfo();
            String features = null;
            String mask = null;
            String window = null;
            for (String name : in.keySet()) {
                if (name.equals("window_index")) {
                    window = name; // Music Flamingo 2601: rotary time embedding needs each window's index
                } else if (name.contains("mask")) {
                    mask = name;
                } else if (name.equals("input_features") || features == null) {
                    features = name;
                }
            }
            if (features == null) {
                throw new ModelLoadException(encoderFile + " has no features input (expected input_features)");
            }
            this.featuresName = features;
            this.featuresType = ((TensorInfo) in.get(features).getInfo()).type;
            this.maskName = mask;
            this.maskType = mask == null ? null : ((TensorInfo) in.get(mask).getInfo()).type;
            this.windowIndexName = window;
            this.embedsOutput = encoder.getOutputInfo().containsKey("audio_embeds") ? "audio_embeds"
                    : encoder.getOutputInfo().keySet().iterator().next();
            Map<String, NodeInfo> ein = embedding.getInputInfo();
            if (ein.size() != 1) {
                throw new ModelLoadException(embedFile + " should take exactly one input (input_ids), has "
                        + ein.keySet());
            }
            this.idsName = ein.keySet().iterator().next();
            this.idsType = ((TensorInfo) ein.get(idsName).getInfo()).type;
            long[] es = ((TensorInfo) embedding.getOutputInfo().values().iterator().next().getInfo()).getShape();
            this.hidden = (int) es[es.length - 1];
        } catch (OrtException e) {
            throw new ModelLoadException("could not inspect " + encoderFile + " / " + embedFile + ": "
                    + e.getMessage(), e);
        }
        if (decoder.embeddingSize() != hidden) {
            throw new ModelLoadException("the decoder's inputs_embeds width " + decoder.embeddingSize()
                    + " does not match the token embedding's " + hidden + "; re-export the model");
        }
    }

    static OnnxAudioLanguageModel load(OnnxModelFiles files, BackendOptions options) {
        Path encFile = files.audioEncoder(options);
        Path embFile = files.embedTokens(options);
        Path decFile = files.decoder(options);
        OnnxSessions.Opened enc = OnnxSessions.open(encFile, options);
        OnnxSessions.Opened emb = null;
        OnnxDecoder dec = null;
        try {
            emb = OnnxSessions.open(embFile, options);
            OrtSession embSession = emb.session();
            EmbedHolder holder = new EmbedHolder();
            dec = new OnnxDecoder(OnnxSessions.open(decFile, options), decFile, files.kvHeads(), files.headDim(),
                    ids -> holder.model.embedTokens(ids));
            if (dec.embeddingSize() <= 0) {
                throw new ModelLoadException(decFile + " takes no inputs_embeds: an audio-language decoder must; "
                        + OnnxModelFiles.EXPORT_HINT);
            }
            OnnxAudioLanguageModel model = new OnnxAudioLanguageModel(enc.session(), embSession, dec, encFile, embFile);
            holder.model = model;
            return model;
        } catch (RuntimeException e) {
            closeQuietly(enc.session());
            if (emb != null) {
                closeQuietly(emb.session());
            }
            if (dec != null) {
                dec.close();
            }
            throw e;
        }
    }

    /** Breaks the construction cycle decoder → embedder → model. */
    private static final class EmbedHolder {
        OnnxAudioLanguageModel model;
    }

    @Override
    public int hiddenSize() {
        return hidden;
    }

    @Override
    public float[] encodeAudioWindows(MelFeatures features) {
        decoder.ensureOpen();
        var env = decoder.env();
        long[] shape = {features.windows(), features.melBins(), features.frames()};
        try (OnnxTensor feats = OnnxDecoderState.floatTensor(env, features.data(), shape, featuresType);
             OnnxTensor mask = maskName == null ? null : maskTensor(features);
             OnnxTensor window = windowIndexName == null ? null : windowIndexTensor(features.windows())) {
            Map<String, OnnxTensor> in = new HashMap<>();
            in.put(featuresName, feats);
            if (mask != null) {
                in.put(maskName, mask);
            }
            if (window != null) {
                in.put(windowIndexName, window);
            }
            try (OrtSession.Result r = encoder.run(in, Set.of(embedsOutput))) {
                return toFloats((OnnxTensor) r.get(embedsOutput).orElseThrow());
            }
        } catch (OrtException e) {
            throw new ZikosException("the ONNX audio encoder failed: " + e.getMessage(), e);
        }
    }

    /** 0, 1, 2 ...: the windows of one recording, in order (transformers' {@code _build_audio_timestamps}). */
    private OnnxTensor windowIndexTensor(int windows) throws OrtException {
        ByteBuffer bb = ByteBuffer.allocateDirect(windows * 8).order(ByteOrder.nativeOrder());
        for (int w = 0; w < windows; w++) {
            bb.putLong(w);
        }
        bb.flip();
        return OnnxTensor.createTensor(decoder.env(), bb.asLongBuffer(), new long[] {windows});
    }

    private OnnxTensor maskTensor(MelFeatures f) throws OrtException {
        int[] mask = f.mask();
        long[] shape = {f.windows(), f.frames()};
        var env = decoder.env();
        switch (maskType) {
            case INT64 -> {
                ByteBuffer bb = ByteBuffer.allocateDirect(mask.length * 8).order(ByteOrder.nativeOrder());
                for (int m : mask) {
                    bb.putLong(m);
                }
                bb.flip();
                return OnnxTensor.createTensor(env, bb.asLongBuffer(), shape);
            }
            case INT32 -> {
                ByteBuffer bb = ByteBuffer.allocateDirect(mask.length * 4).order(ByteOrder.nativeOrder());
                for (int m : mask) {
                    bb.putInt(m);
                }
                bb.flip();
                return OnnxTensor.createTensor(env, bb.asIntBuffer(), shape);
            }
            case BOOL -> {
                ByteBuffer bb = ByteBuffer.allocateDirect(mask.length).order(ByteOrder.nativeOrder());
                for (int m : mask) {
                    bb.put((byte) (m != 0 ? 1 : 0));
                }
                bb.flip();
                return OnnxTensor.createTensor(env, bb, shape, OnnxJavaType.BOOL);
            }
            default -> {
                float[] fm = new float[mask.length];
                for (int i = 0; i < mask.length; i++) {
                    fm[i] = mask[i];
                }
                return OnnxDecoderState.floatTensor(env, fm, shape, maskType);
            }
        }
    }

    @Override
    public float[] embedTokens(int[] ids) {
        decoder.ensureOpen();
        var env = decoder.env();
        long[] shape = {1, ids.length};
        try {
            OnnxTensor t;
            if (idsType == OnnxJavaType.INT32) {
                ByteBuffer bb = ByteBuffer.allocateDirect(ids.length * 4).order(ByteOrder.nativeOrder());
                bb.asIntBuffer().put(ids);
                t = OnnxTensor.createTensor(env, bb.asIntBuffer(), shape);
            } else {
                ByteBuffer bb = ByteBuffer.allocateDirect(ids.length * 8).order(ByteOrder.nativeOrder());
                for (int id : ids) {
                    bb.putLong(id);
                }
                bb.flip();
                t = OnnxTensor.createTensor(env, bb.asLongBuffer(), shape);
            }
            try (t; OrtSession.Result r = embedding.run(Map.of(idsName, t))) {
                return toFloats((OnnxTensor) r.get(0));
            }
        } catch (OrtException e) {
            throw new ZikosException("the ONNX token embedding failed: " + e.getMessage(), e);
        }
    }

    private static float[] toFloats(OnnxTensor t) {
        TensorInfo info = t.getInfo();
        float[] out = new float[(int) info.getNumElements()];
        if (info.type == OnnxJavaType.FLOAT16) {
            ShortBuffer sb = t.getShortBuffer();
            for (int i = 0; i < out.length; i++) {
                out[i] = Fp16Conversions.fp16ToFloat(sb.get(i));
            }
        } else {
            FloatBuffer fb = t.getFloatBuffer();
            fb.get(out);
        }
        return out;
    }

    @Override
    public DecoderState newState() {
        return decoder.newState();
    }

    @Override
    public int vocabSize() {
        return decoder.vocabSize();
    }

    /** The decoder, for diagnostics (execution provider, cache type). */
    public OnnxDecoder decoder() {
        return decoder;
    }

    @Override
    public void close() {
        decoder.close();
        closeQuietly(encoder);
        closeQuietly(embedding);
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException ignored) {
            // closing is best effort
        }
    }

}

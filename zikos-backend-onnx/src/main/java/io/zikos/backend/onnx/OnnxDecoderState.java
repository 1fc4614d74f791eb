package io.zikos.backend.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;
import io.zikos.api.ZikosException;
import io.zikos.core.generate.DecoderState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One sequence on an {@link OnnxDecoder}. The KV cache stays in ONNX Runtime's memory: each step's
 * {@code present.*} outputs are fed back as the next step's {@code past_key_values.*} without copying through Java,
 * and the previous step's result is closed as soon as the new one exists, so a decode loop holds one cache at a
 * time and leaks nothing. Not thread-safe.
 */
final class OnnxDecoderState implements DecoderState {

    private final OnnxDecoder model;
    /** The last step's outputs; owns the present tensors that are the current cache. */
    private OrtSession.Result last;
    private int length;
    private boolean closed;
    /** Decode-step logits [1,1,vocab] in a direct buffer ONNX Runtime writes into; created at the first step. */
    private OnnxTensor stepLogits;
    private FloatBuffer stepLogitsBuffer;

    OnnxDecoderState(OnnxDecoder model) {
        this.model = model;
    }

    @Override
    public float[] forward(int[] tokenIds) {
        if (tokenIds.length == 0) {
            throw new IllegalArgumentException("no tokens to append");
        }
        if (model.inputIdsName == null) {
            float[] embeds = model.embed(tokenIds);
            return forwardEmbeddings(embeds, tokenIds.length);
        }
        try {
            OnnxTensor ids = integerTensor(model.inputIdsType, tokenIds.length, i -> tokenIds[i]);
            return step(model.inputIdsName, ids, tokenIds.length);
        } catch (OrtException e) {
            throw new ZikosException("ONNX Runtime failed to create the input_ids tensor: " + e.getMessage(), e);
        }
    }

    @Override
    public float[] forwardEmbeddings(float[] embeddings, int count) {
        if (model.inputsEmbedsName == null) {
            throw new UnsupportedOperationException("this decoder takes token ids only (no inputs_embeds input)");
        }
        int hidden = model.embeddingSize();
        if (count <= 0 || embeddings.length != (long) count * hidden) {
            throw new IllegalArgumentException("expected " + count + " x " + hidden + " embeddings, got "
                    + embeddings.length + " floats");
        }
        try {
            OnnxTensor t = floatTensor(embeddings, new long[] {1, count, hidden}, model.embedsType);
            return step(model.inputsEmbedsName, t, count);
        } catch (OrtException e) {
            throw new ZikosException("ONNX Runtime failed to create the inputs_embeds tensor: " + e.getMessage(), e);
        }
    }

    private float[] step(String tokenInputName, OnnxTensor tokenInput, int count) {
        if (closed) {
            throw new IllegalStateException("the decoder state was closed");
        }
        List<OnnxTensor> created = new ArrayList<>(4);
        created.add(tokenInput);
        OrtSession.Result result = null;
        try {
            Map<String, OnnxTensor> inputs = new HashMap<>(model.pastNames.size() * 2 + 8);
            inputs.put(tokenInputName, tokenInput);
            int total = length + count;
            if (model.attentionMaskName != null) {
                OnnxTensor mask = integerTensor(model.maskType, total, i -> 1);
                created.add(mask);
                inputs.put(model.attentionMaskName, mask);
            }
            if (model.positionIdsName != null) {
                int start = length;
                OnnxTensor pos = integerTensor(model.positionType, count, i -> start + i);
                created.add(pos);
                inputs.put(model.positionIdsName, pos);
            }
            if (model.useCacheBranchName != null) {
                OnnxTensor branch = OnnxTensor.createTensor(model.env(), new boolean[] {length > 0});
                created.add(branch);
                inputs.put(model.useCacheBranchName, branch);
            }
            for (int i = 0; i < model.pastNames.size(); i++) {
                OnnxTensor past = last == null ? model.emptyPast.get(i)
                        : (OnnxTensor) last.get(model.presentNames.get(i)).orElseThrow();
                inputs.put(model.pastNames.get(i), past);
            }
            float[] logits;
            if (count == 1 && model.logitsType == OnnxJavaType.FLOAT) {
                // Decode step: logits go straight into a reused buffer, read once into the Java array.
                if (stepLogits == null) {
                    int vocab = model.vocabSize();
                    stepLogitsBuffer = ByteBuffer.allocateDirect(vocab * 4).order(ByteOrder.nativeOrder())
                            .asFloatBuffer();
                    stepLogits = OnnxTensor.createTensor(model.env(), stepLogitsBuffer, new long[] {1, 1, vocab});
                }
                result = model.run(inputs, stepLogits);
                logits = new float[model.vocabSize()];
                stepLogitsBuffer.get(0, logits);
            } else {
                result = model.run(inputs);
                logits = lastRow((OnnxTensor) result.get(model.logitsName).orElseThrow(), count);
            }
            OrtSession.Result previous = last;
            last = result;
            result = null;
            length = total;
            if (previous != null) {
                previous.close();
            }
            return logits;
        } catch (OrtException e) {
            throw new ZikosException("ONNX Runtime decoder step failed at position " + length + ": " + e.getMessage(),
                    e);
        } finally {
            created.forEach(OnnxTensor::close);
            if (result != null) {
                result.close();
            }
        }
    }

    /** The last position's logits of a {@code [1, count, vocab]} output, as float32. */
    private float[] lastRow(OnnxTensor logits, int count) throws OrtException {
        TensorInfo info = logits.getInfo();
        long[] shape = info.getShape();
        int vocab = (int) shape[shape.length - 1];
        long rows = info.getNumElements() / vocab;
        int offset = (int) ((rows - 1) * vocab);
        float[] out = new float[vocab];
        if (info.type == OnnxJavaType.FLOAT) {
            FloatBuffer fb = logits.getFloatBuffer();
            fb.position(offset);
            fb.get(out);
        } else if (info.type == OnnxJavaType.FLOAT16) {
            ShortBuffer sb = logits.getShortBuffer();
            for (int i = 0; i < vocab; i++) {
                out[i] = Fp16Conversions.fp16ToFloat(sb.get(offset + i));
            }
        } else if (info.type == OnnxJavaType.BFLOAT16) {
            ShortBuffer sb = logits.getShortBuffer();
            for (int i = 0; i < vocab; i++) {
                out[i] = Fp16Conversions.bf16ToFloat(sb.get(offset + i));
            }
        } else {
            throw new ZikosException("unsupported logits type " + info.type);
        }
        return out;
    }

    private interface IntAt {
        long at(int i);
    }

    private OnnxTensor integerTensor(OnnxJavaType type, int n, IntAt values) throws OrtException {
        long[] shape = {1, n};
        if (type == OnnxJavaType.INT32) {
            ByteBuffer bb = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder());
            for (int i = 0; i < n; i++) {
                bb.putInt((int) values.at(i));
            }
            bb.flip();
            return OnnxTensor.createTensor(model.env(), bb.asIntBuffer(), shape);
        }
        ByteBuffer bb = ByteBuffer.allocateDirect(n * 8).order(ByteOrder.nativeOrder());
        for (int i = 0; i < n; i++) {
            bb.putLong(values.at(i));
        }
        bb.flip();
        return OnnxTensor.createTensor(model.env(), bb.asLongBuffer(), shape);
    }

    /** A float tensor in the model's type (float32 or float16). */
    static OnnxTensor floatTensor(ai.onnxruntime.OrtEnvironment env, float[] data, long[] shape, OnnxJavaType type)
            throws OrtException {
        if (type == OnnxJavaType.FLOAT16) {
            ByteBuffer bb = ByteBuffer.allocateDirect(data.length * 2).order(ByteOrder.nativeOrder());
            for (float f : data) {
                bb.putShort(Fp16Conversions.floatToFp16(f));
            }
            bb.flip();
            return OnnxTensor.createTensor(env, bb, shape, OnnxJavaType.FLOAT16);
        }
        ByteBuffer bb = ByteBuffer.allocateDirect(data.length * 4).order(ByteOrder.nativeOrder());
        bb.asFloatBuffer().put(data);
        return OnnxTensor.createTensor(env, bb.asFloatBuffer(), shape);
    }

    private OnnxTensor floatTensor(float[] data, long[] shape, OnnxJavaType type) throws OrtException {
        return floatTensor(model.env(), data, shape, type);
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (last != null) {
                last.close();
                last = null;
            }
            if (stepLogits != null) {
                stepLogits.close();
                stepLogits = null;
            }
        }
    }

    /** For tests: whether the state still holds native tensors. */
    boolean holdsCache() {
        return last != null;
    }
}

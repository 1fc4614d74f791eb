package io.zikos.backend.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.zikos.api.ModelLoadException;
import io.zikos.core.generate.CausalLm;
import io.zikos.core.generate.DecoderState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A causal decoder with KV cache in the optimum / onnx-community layout: inputs {@code input_ids} and/or
 * {@code inputs_embeds}, {@code attention_mask}, optional {@code position_ids} and {@code use_cache_branch},
 * {@code past_key_values.{i}.key|value}; outputs {@code logits} and {@code present.{i}.key|value}. Names, dtypes
 * (float32 / float16 cache) and shapes are read from the model. One session serves any number of concurrent
 * {@link DecoderState}s (ONNX Runtime's {@code run} is thread-safe).
 */
public class OnnxDecoder implements CausalLm {

    private final OrtEnvironment env = OnnxSessions.environment();
    private final OrtSession session;
    private final boolean cuda;
    final String inputIdsName;
    final OnnxJavaType inputIdsType;
    final String inputsEmbedsName;
    final OnnxJavaType embedsType;
    final String attentionMaskName;
    final OnnxJavaType maskType;
    final String positionIdsName;
    final OnnxJavaType positionType;
    final String useCacheBranchName;
    final List<String> pastNames;
    final List<String> presentNames;
    final OnnxJavaType cacheType;
    final String logitsName;
    final OnnxJavaType logitsType;
    /** The cache outputs only: with the logits pinned to a caller buffer, ORT allocates just these. */
    final Set<String> presentOutputs;
    final Set<String> requestedOutputs;
    private final int vocabSize;
    private final int hiddenSize;
    /** Zero-length past tensors for the first step, shared by all states (read-only inputs). */
    final List<OnnxTensor> emptyPast;
    private final Function<int[], float[]> embedder;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param session  the decoder session (owned: closed with this)
     * @param file     the model file, for messages
     * @param kvHeads  key/value heads, used where the model's past shape is symbolic
     * @param headDim  head size, likewise
     * @param embedder token ids to embeddings for decoders that only take {@code inputs_embeds}, else {@code null}
     */
    OnnxDecoder(OnnxSessions.Opened session, Path file, int kvHeads, int headDim, Function<int[], float[]> embedder) {
        this.session = session.session();
        this.cuda = session.cuda();
        this.embedder = embedder;
        try {
            Map<String, NodeInfo> inputs = this.session.getInputInfo();
            Map<String, NodeInfo> outputs = this.session.getOutputInfo();
            String ids = null;
            String embeds = null;
            String mask = null;
            String pos = null;
            String branch = null;
            List<String> past = new ArrayList<>();
            List<String> unknown = new ArrayList<>();
            for (String name : inputs.keySet()) {
                switch (name) {
                    case "input_ids" -> ids = name;
                    case "inputs_embeds" -> embeds = name;
                    case "attention_mask" -> mask = name;
                    case "position_ids" -> pos = name;
                    case "use_cache_branch" -> branch = name;
                    default -> {
                        if (name.startsWith("past_key_values") || name.startsWith("past_")) {
                            past.add(name);
                        } else {
                            unknown.add(name);
                        }
                    }
                }
            }
            if (!unknown.isEmpty()) {
                throw new ModelLoadException(file + " has inputs this loader does not know: " + unknown
                        + " (expected the optimum decoder layout; export with tools/export/export_model.py)");
            }
            if (ids == null && embeds == null) {
                throw new ModelLoadException(file + " takes neither input_ids nor inputs_embeds: it is not a decoder"
                        + " (export with tools/export/export_model.py)");
            }
            if (past.isEmpty()) {
                throw new ModelLoadException(file + " has no past_key_values inputs: export the decoder with KV cache"
                        + " (tools/export/export_model.py, or optimum's text-generation-with-past task)");
            }
            past.sort(OnnxDecoder::compareCacheNames);
            List<String> present = new ArrayList<>();
            for (String p : past) {
                String out = p.startsWith("past_key_values") ? "present" + p.substring("past_key_values".length())
                        : p.replaceFirst("^past", "present");
                if (!outputs.containsKey(out)) {
                    throw new ModelLoadException(file + " has input " + p + " but no output " + out
                            + " (not an optimum-layout decoder with KV cache)");
                }
                present.add(out);
            }
            String logits = outputs.containsKey("logits") ? "logits" : null;
            if (logits == null) {
                throw new ModelLoadException(file + " has no 'logits' output (outputs: " + outputs.keySet() + ")");
            }
            this.inputIdsName = ids;
            this.inputIdsType = ids == null ? null : tensorInfo(inputs, ids).type;
            this.inputsEmbedsName = embeds;
            this.embedsType = embeds == null ? null : tensorInfo(inputs, embeds).type;
            this.attentionMaskName = mask;
            this.maskType = mask == null ? null : tensorInfo(inputs, mask).type;
            this.positionIdsName = pos;
            this.positionType = pos == null ? null : tensorInfo(inputs, pos).type;
            this.useCacheBranchName = branch;
            this.pastNames = List.copyOf(past);
            this.presentNames = List.copyOf(present);
            TensorInfo pastInfo = tensorInfo(inputs, past.get(0));
            this.cacheType = pastInfo.type;
            long[] shape = pastInfo.getShape();
            long heads = shape.length == 4 && shape[1] > 0 ? shape[1] : kvHeads;
            long dim = shape.length == 4 && shape[3] > 0 ? shape[3] : headDim;
            if (heads <= 0 || dim <= 0) {
                throw new ModelLoadException(file + ": the KV cache shape " + java.util.Arrays.toString(shape)
                        + " is symbolic and config.json gives no num_key_value_heads / head_dim");
            }
            TensorInfo logitsInfo = tensorInfo(outputs, logits);
            long[] ls = logitsInfo.getShape();
            this.vocabSize = (int) ls[ls.length - 1];
            this.logitsName = logits;
            this.logitsType = logitsInfo.type;
            this.presentOutputs = Set.copyOf(present);
            if (embeds != null) {
                long[] es = tensorInfo(inputs, embeds).getShape();
                this.hiddenSize = (int) es[es.length - 1];
            } else {
                this.hiddenSize = -1;
            }
            Set<String> req = new LinkedHashSet<>();
            req.add(logits);
            req.addAll(present);
            this.requestedOutputs = Set.copyOf(req);
            List<OnnxTensor> empties = new ArrayList<>();
            long[] emptyShape = {1, heads, 0, dim};
            for (int i = 0; i < past.size(); i++) {
                empties.add(OnnxTensor.createTensor(env, ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder()),
                        emptyShape, cacheType));
            }
            this.emptyPast = List.copyOf(empties);
        } catch (OrtException e) {
            closeQuietly();
            throw new ModelLoadException("could not inspect " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
        if (vocabSize <= 0) {
            closeQuietly();
            throw new ModelLoadException(file + ": the logits output has no fixed vocabulary dimension");
        }
    }

    private void closeQuietly() {
        try {
            session.close();
        } catch (OrtException ignored) {
            // already failing; the load error is what matters
        }
    }

    private static TensorInfo tensorInfo(Map<String, NodeInfo> nodes, String name) {
        if (!(nodes.get(name).getInfo() instanceof TensorInfo info)) {
            throw new ModelLoadException("ONNX value " + name + " is not a tensor");
        }
        return info;
    }

    /** Orders {@code past_key_values.10.key} after {@code past_key_values.9.value}: by layer number, then name. */
    private static int compareCacheNames(String a, String b) {
        int la = layerNumber(a);
        int lb = layerNumber(b);
        return la != lb ? Integer.compare(la, lb) : a.compareTo(b);
    }

    private static int layerNumber(String name) {
        for (String part : name.split("\\.")) {
            if (!part.isEmpty() && part.chars().allMatch(Character::isDigit)) {
                return Integer.parseInt(part);
            }
        }
        return -1;
    }

    @Override
    public DecoderState newState() {
        ensureOpen();
        return new OnnxDecoderState(this);
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    /** Width of {@code inputs_embeds}, or -1 when the decoder takes only ids. */
    public int embeddingSize() {
        return hiddenSize;
    }

    /** Whether the session runs on the CUDA execution provider. */
    public boolean onCuda() {
        return cuda;
    }

    /** Number of layers' key + value inputs. */
    public int cacheTensors() {
        return pastNames.size();
    }

    /** The KV cache element type (FLOAT or FLOAT16). */
    public OnnxJavaType cacheType() {
        return cacheType;
    }

    OrtEnvironment env() {
        return env;
    }

    OrtSession.Result run(Map<String, OnnxTensor> inputs) throws OrtException {
        ensureOpen();
        return session.run(inputs, requestedOutputs);
    }

    /** Runs with the logits written into a caller-owned tensor (decode steps: no per-step logits allocation). */
    OrtSession.Result run(Map<String, OnnxTensor> inputs, OnnxTensor logitsOut) throws OrtException {
        ensureOpen();
        return session.run(inputs, presentOutputs, Map.of(logitsName, logitsOut));
    }

    float[] embed(int[] ids) {
        if (embedder == null) {
            throw new UnsupportedOperationException("this decoder has no token embedding model");
        }
        return embedder.apply(ids);
    }

    boolean hasEmbedder() {
        return embedder != null;
    }

    void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the model was closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            emptyPast.forEach(OnnxTensor::close);
            closeQuietly();
        }
    }
}

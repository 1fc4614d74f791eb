package io.zikos.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.zikos.core.generate.DecoderState;

/**
 * One sequence on a {@link DjlDecoder}: the KV cache as one native tensor {@code [2L, 1, kv, T, hd]} held by this
 * state's own {@link NDManager}. Each step runs in a sub-manager that is closed when the step ends, so only the new
 * cache survives a step (it is re-attached to the state's manager and the previous one is freed): memory stays at
 * one cache per state, with no per-step leak. Not thread-safe, like every {@link DecoderState}.
 */
final class DjlDecoderState implements DecoderState {

    private final DjlDecoder model;
    private final NDManager manager;
    private NDArray past;
    private int length;
    private boolean closed;

    DjlDecoderState(DjlDecoder model) {
        this.model = model;
        this.manager = model.newManager();
        DjlModelFiles.Dims d = model.dims();
        this.past = manager.zeros(new Shape(2L * d.numLayers(), 1, d.kvHeads(), 0, d.headDim()), model.floatType());
    }

    @Override
    public float[] forward(int[] tokenIds) {
        check(tokenIds.length);
        try (NDManager step = manager.newSubManager()) {
            NDArray ids = step.create(toLongs(tokenIds), new Shape(1, tokenIds.length));
            NDArray x = model.takesEmbeddings() ? model.embed(ids) : ids;
            return run(step, x, tokenIds.length);
        }
    }

    @Override
    public float[] forwardEmbeddings(float[] embeddings, int count) {
        check(count);
        int hidden = model.hiddenSize();
        if (!model.takesEmbeddings()) {
            throw new UnsupportedOperationException("this decoder takes token ids only (text-only export)");
        }
        if (embeddings.length != (long) count * hidden) {
            throw new IllegalArgumentException("expected " + count + " x " + hidden + " floats, got "
                    + embeddings.length);
        }
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(embeddings, new Shape(1, count, hidden));
            if (model.floatType() != DataType.FLOAT32) {
                x = x.toType(model.floatType(), false);
            }
            return run(step, x, count);
        }
    }

    /** Runs one call with {@code x} (ids or embeddings, in {@code step}) and keeps the new cache. */
    private float[] run(NDManager step, NDArray x, int count) {
        int total = length + count;
        NDArray mask = step.ones(new Shape(1, total), DataType.INT64);
        NDArray positions = step.arange(length, total, 1, DataType.INT64).reshape(1, count);
        // Outputs land in the manager of the first input: the step's sub-manager.
        NDList out = model.decoderModule().forward(new NDList(x, mask, positions, past));
        if (out.size() != 2) {
            throw new IllegalStateException("decoder.pt returned " + out.size()
                    + " tensors; expected (logits, present) as in tools/export/README.md");
        }
        NDArray logits = out.get(0);
        float[] last = logits.get(0, count - 1).toType(DataType.FLOAT32, false).toFloatArray();
        NDArray present = out.get(1);
        present.attach(manager);
        past.close();
        past = present;
        length = total;
        return last;
    }

    private void check(int count) {
        if (closed) {
            throw new IllegalStateException("this decoder state is closed");
        }
        model.ensureOpen();
        if (count <= 0) {
            throw new IllegalArgumentException("nothing to append");
        }
    }

    private static long[] toLongs(int[] ids) {
        long[] out = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = ids[i];
        }
        return out;
    }

    /** Native arrays this state holds now (the cache only, between steps); for leak tests. */
    int heldArrays() {
        return manager.getManagedArrays().size();
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            manager.close();
        }
    }
}

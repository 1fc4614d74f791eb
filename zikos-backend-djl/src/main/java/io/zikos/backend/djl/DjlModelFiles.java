package io.zikos.backend.djl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zikos.api.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of a TorchScript export ({@code tools/export/export_model.py --format torchscript}, layout in
 * {@code tools/export/README.md}): {@code decoder.pt} (plus {@code embed_tokens.pt} and {@code audio_encoder.pt} for
 * audio-language models), {@code zikos_export.json} with the dimensions and dtypes, and the tokenizer and config files
 * beside them. A model directory may hold these directly or in a {@code torchscript/} sub-directory.
 *
 * @param root  the directory with {@code config.json} and the tokenizer
 * @param tsDir the directory with the {@code .pt} files
 * @param dims  the decoder's dimensions
 */
record DjlModelFiles(Path root, Path tsDir, Dims dims) {

    static final String DECODER = "decoder.pt";
    static final String EMBED = "embed_tokens.pt";
    static final String AUDIO_ENCODER = "audio_encoder.pt";
    static final String METADATA = "zikos_export.json";
    static final String EXPORT_HINT = "export it with: python tools/export/export_model.py --from HF_DIR --to OUT_DIR "
            + "--format torchscript";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the engine needs to build the KV cache and read the outputs.
     *
     * @param numLayers     decoder layers (the cache holds {@code 2 * numLayers} planes)
     * @param kvHeads       key/value heads
     * @param headDim       head width
     * @param hiddenSize    embedding width
     * @param vocabSize     logits width
     * @param half          whether weights, cache and embeddings are float16
     * @param modelType     {@code model_type} of the export ({@code qwen2}, {@code audioflamingo3}, ...)
     * @param windowIndex   whether the audio encoder takes a {@code window_index} input (Music Flamingo 2601)
     */
    record Dims(int numLayers, int kvHeads, int headDim, int hiddenSize, int vocabSize, boolean half,
                String modelType, boolean windowIndex) {
    }

    /** Whether the directory looks like a TorchScript export (cheap: file names only). */
    static boolean looksLoadable(Path dir) {
        return dir != null && Files.isDirectory(dir) && (Files.isRegularFile(dir.resolve(DECODER))
                || Files.isRegularFile(dir.resolve("torchscript").resolve(DECODER)));
    }

    /**
     * Finds the files and reads the dimensions.
     *
     * @throws ModelLoadException naming what is missing or malformed
     */
    static DjlModelFiles locate(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ModelLoadException("model directory not found: " + dir + "; " + EXPORT_HINT);
        }
        Path ts = Files.isRegularFile(dir.resolve(DECODER)) ? dir
                : Files.isRegularFile(dir.resolve("torchscript").resolve(DECODER)) ? dir.resolve("torchscript") : null;
        if (ts == null) {
            throw new ModelLoadException("no TorchScript " + DECODER + " in " + dir + " or "
                    + dir.resolve("torchscript") + "; " + EXPORT_HINT);
        }
        Path root = Files.isRegularFile(ts.resolve("config.json")) ? ts
                : Files.isRegularFile(dir.resolve("config.json")) ? dir : ts;
        Path metaFile = ts.resolve(METADATA);
        if (!Files.isRegularFile(metaFile)) {
            throw new ModelLoadException("missing " + metaFile + " (the export's dimensions and dtypes); "
                    + EXPORT_HINT);
        }
        JsonNode meta = readJson(metaFile);
        String format = meta.path("format").asText("torchscript");
        if (!"torchscript".equals(format)) {
            throw new ModelLoadException(metaFile + " describes a '" + format + "' export, not TorchScript; "
                    + EXPORT_HINT);
        }
        Dims dims = new Dims(required(meta, "num_layers", metaFile), required(meta, "num_key_value_heads", metaFile),
                required(meta, "head_dim", metaFile), required(meta, "hidden_size", metaFile),
                required(meta, "vocab_size", metaFile),
                "float16".equals(meta.path("dtypes").path("kv_cache").asText("float32")),
                meta.path("model_type").asText(""), meta.path("audio_encoder_window_index_input").asBoolean(false));
        return new DjlModelFiles(root, ts, dims);
    }

    /** Whether this is the audio-language layout (encoder + embedding + decoder on embeddings). */
    boolean isAudioModel() {
        return Files.isRegularFile(tsDir.resolve(AUDIO_ENCODER));
    }

    Path decoder() {
        return tsDir.resolve(DECODER);
    }

    Path file(String name) {
        Path p = tsDir.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new ModelLoadException("missing " + p + "; " + EXPORT_HINT);
        }
        return p;
    }

    private static int required(JsonNode meta, String key, Path file) {
        JsonNode n = meta.get(key);
        if (n == null || !n.canConvertToInt() || n.asInt() <= 0) {
            throw new ModelLoadException(file + " lacks a positive '" + key + "'; " + EXPORT_HINT);
        }
        return n.asInt();
    }

    private static JsonNode readJson(Path file) {
        try {
            JsonNode n = JSON.readTree(file.toFile());
            if (n == null || !n.isObject()) {
                throw new ModelLoadException("malformed JSON in " + file + ": not an object; " + EXPORT_HINT);
            }
            return n;
        } catch (IOException e) {
            throw new ModelLoadException("malformed JSON in " + file + ": " + e.getMessage() + "; " + EXPORT_HINT, e);
        }
    }
}

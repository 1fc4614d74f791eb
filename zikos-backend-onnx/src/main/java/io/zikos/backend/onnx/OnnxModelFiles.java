package io.zikos.backend.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zikos.api.BackendOptions;
import io.zikos.api.Device;
import io.zikos.api.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the files of an exported model. A model directory holds {@code config.json}, the tokenizer files and the ONNX
 * files either beside them or in an {@code onnx/} sub-directory (optimum, onnx-community and
 * {@code tools/export/export_model.py} all use one of the two). The ONNX directory itself may also be given.
 *
 * @param root    the directory with {@code config.json} and the tokenizer
 * @param onnxDir the directory with the {@code .onnx} files
 */
record OnnxModelFiles(Path root, Path onnxDir) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Decoder file names, most preferred first (float32 for CPU). */
    static final List<String> DECODER_NAMES = List.of("model.onnx", "decoder_model_merged.onnx", "decoder.onnx",
            "model_fp16.onnx", "decoder_model_merged_fp16.onnx", "decoder_fp16.onnx");
    /** Audio-language layout of tools/export (see tools/export/README.md). */
    static final List<String> AUDIO_ENCODER_NAMES = List.of("audio_encoder.onnx", "audio_encoder_fp16.onnx");
    static final List<String> EMBED_NAMES = List.of("embed_tokens.onnx", "embed_tokens_fp16.onnx");

    static final String EXPORT_HINT = "export it with: python tools/export/export_model.py --from HF_DIR --to OUT_DIR"
            + " --format onnx";

    /** Locates the directories; fails with a clear message when nothing ONNX is there. */
    static OnnxModelFiles locate(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("model directory not found: " + dir + "; " + EXPORT_HINT);
        }
        Path root = Files.isRegularFile(dir.resolve("config.json")) ? dir
                : dir.getParent() != null && Files.isRegularFile(dir.getParent().resolve("config.json"))
                        ? dir.getParent() : dir;
        Path onnxDir = hasOnnx(dir) ? dir : hasOnnx(dir.resolve("onnx")) ? dir.resolve("onnx") : null;
        if (onnxDir == null) {
            throw new ModelLoadException("no .onnx model in " + dir + " or " + dir.resolve("onnx") + "; "
                    + EXPORT_HINT);
        }
        return new OnnxModelFiles(root, onnxDir);
    }

    /** Whether the directory looks loadable (cheap). */
    static boolean looksLoadable(Path dir) {
        return Files.isDirectory(dir) && (hasOnnx(dir) || hasOnnx(dir.resolve("onnx")));
    }

    private static boolean hasOnnx(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        for (String n : DECODER_NAMES) {
            if (Files.isRegularFile(dir.resolve(n))) {
                return true;
            }
        }
        return false;
    }

    /** Whether this is the audio-language layout (encoder + embedding + decoder). */
    boolean isAudioModel() {
        return find(AUDIO_ENCODER_NAMES, false).isPresent();
    }

    /**
     * The decoder file: the {@code onnxFile} setting when given; the float16 variant first when
     * {@code precision=fp16} or the device is CUDA; float32 first otherwise.
     */
    Path decoder(BackendOptions options) {
        Optional<String> explicit = options.setting("onnxFile");
        if (explicit.isPresent()) {
            Path p = onnxDir.resolve(explicit.get());
            if (!Files.isRegularFile(p)) {
                throw new ModelLoadException("onnxFile setting names " + p + ", which does not exist");
            }
            return p;
        }
        return find(DECODER_NAMES, preferFp16(options))
                .orElseThrow(() -> new ModelLoadException("no decoder (" + DECODER_NAMES + ") in " + onnxDir + "; "
                        + EXPORT_HINT));
    }

    Path audioEncoder(BackendOptions options) {
        return find(AUDIO_ENCODER_NAMES, preferFp16(options)).orElseThrow(() -> new ModelLoadException(
                "no audio encoder (" + AUDIO_ENCODER_NAMES + ") in " + onnxDir + "; " + EXPORT_HINT));
    }

    Path embedTokens(BackendOptions options) {
        return find(EMBED_NAMES, preferFp16(options)).orElseThrow(() -> new ModelLoadException(
                "no token embedding (" + EMBED_NAMES + ") in " + onnxDir + "; " + EXPORT_HINT));
    }

    private static boolean preferFp16(BackendOptions options) {
        return options.setting("precision").map("fp16"::equalsIgnoreCase)
                .orElse(options.device() == Device.CUDA);
    }

    private Optional<Path> find(List<String> names, boolean fp16First) {
        List<String> order = new ArrayList<>(names);
        if (fp16First) {
            order.sort((a, b) -> Boolean.compare(!a.contains("fp16"), !b.contains("fp16")));
        }
        for (String n : order) {
            Path p = onnxDir.resolve(n);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** {@code config.json} (the text part for audio models), or an empty object when absent. */
    JsonNode textConfig() {
        Path file = root.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode c = JSON.readTree(file.toFile());
            return c.has("text_config") ? c.get("text_config") : c;
        } catch (IOException e) {
            throw new ModelLoadException("malformed JSON in " + file + ": " + e.getMessage() + "; " + EXPORT_HINT, e);
        }
    }

    int kvHeads() {
        JsonNode c = textConfig();
        return c.path("num_key_value_heads").asInt(c.path("num_attention_heads").asInt(-1));
    }

    int headDim() {
        JsonNode c = textConfig();
        if (c.hasNonNull("head_dim")) {
            return c.get("head_dim").asInt();
        }
        int heads = c.path("num_attention_heads").asInt(-1);
        return heads > 0 ? c.path("hidden_size").asInt(-1) / heads : -1;
    }
}

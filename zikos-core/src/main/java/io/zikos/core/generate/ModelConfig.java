package io.zikos.core.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zikos.api.GenerationOptions;
import io.zikos.api.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the shared code needs from a model directory's {@code config.json} and {@code generation_config.json}.
 * For audio-language models the text settings live under {@code text_config}.
 *
 * @param modelType             {@code model_type}
 * @param vocabSize             logits width
 * @param maxPositionEmbeddings context window
 * @param eosTokenIds           end-of-sequence ids (generation config first, then config)
 * @param audioTokenId          the {@code <sound>} id of audio models, or -1
 * @param generationDefaults    sampling defaults from the generation config
 */
public record ModelConfig(String modelType, int vocabSize, int maxPositionEmbeddings, Set<Integer> eosTokenIds,
                          int audioTokenId, GenerationOptions generationDefaults) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelConfig {
        eosTokenIds = Set.copyOf(eosTokenIds);
    }

    /**
     * Reads the config of a model directory given either as the directory with {@code config.json} or as its
     * {@code onnx/} (or other) sub-directory holding only the engine files.
     */
    public static ModelConfig find(Path dir) {
        Path parent = dir.toAbsolutePath().getParent();
        boolean here = Files.isRegularFile(dir.resolve("config.json"));
        return read(!here && parent != null && Files.isRegularFile(parent.resolve("config.json")) ? parent : dir);
    }

    /** Reads {@code config.json} (required) and {@code generation_config.json} (optional). */
    public static ModelConfig read(Path dir) {
        JsonNode config = readJson(dir.resolve("config.json"), true);
        JsonNode gen = readJson(dir.resolve("generation_config.json"), false);
        JsonNode text = config.has("text_config") ? config.get("text_config") : config;
        Set<Integer> eos = new LinkedHashSet<>();
        addIds(eos, gen.get("eos_token_id"));
        if (eos.isEmpty()) {
            addIds(eos, text.get("eos_token_id"));
            addIds(eos, config.get("eos_token_id"));
        }
        int audioToken = config.path("audio_token_id").asInt(config.path("audio_token_index").asInt(-1));
        GenerationOptions.Builder defaults = GenerationOptions.builder();
        if (gen.has("do_sample") && !gen.get("do_sample").asBoolean()) {
            defaults.temperature(0.0);
        } else if (gen.has("do_sample")) {
            defaults.temperature(gen.path("temperature").asDouble(1.0));
            if (gen.has("top_k")) {
                defaults.topK(gen.get("top_k").asInt());
            }
            if (gen.has("top_p")) {
                defaults.topP(gen.get("top_p").asDouble());
            }
        }
        if (gen.has("repetition_penalty")) {
            defaults.repetitionPenalty(gen.get("repetition_penalty").asDouble());
        }
        if (gen.has("max_new_tokens")) {
            defaults.maxNewTokens(gen.get("max_new_tokens").asInt());
        }
        return new ModelConfig(config.path("model_type").asText(""), text.path("vocab_size").asInt(0),
                text.path("max_position_embeddings").asInt(32768), eos, audioToken, defaults.build());
    }

    private static void addIds(Set<Integer> out, JsonNode node) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asInt()));
        } else {
            out.add(node.asInt());
        }
    }

    private static JsonNode readJson(Path file, boolean required) {
        if (!Files.isRegularFile(file)) {
            if (required) {
                throw new ModelLoadException("missing " + file + ": a model directory needs the config.json saved by"
                        + " transformers (tools/export/export_model.py copies it next to the exported model)");
            }
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelLoadException("malformed JSON in " + file + ": " + e.getMessage()
                    + " (re-run tools/export/export_model.py)", e);
        }
    }
}

package io.zikos.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zikos.api.ModelFamily;
import io.zikos.api.ModelLoadException;
import io.zikos.api.ModelSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns what a user typed ("Qwen/Qwen2.5-7B-Instruct", "/models/mf-onnx", "http://gpu:8000/v1") into a
 * {@link ModelSpec}: a remote endpoint, or a local directory whose {@code config.json} names its {@code model_type},
 * or a bare hub id recognised by name.
 */
public final class ModelSpecResolver {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelSpecResolver() {
    }

    public static ModelSpec resolve(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new ModelLoadException("no model given: pass a model directory, a hub id or a server URL");
        }
        String ref = reference.strip();
        String lower = ref.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return new ModelSpec(ref, null, URI.create(ref), null, familyFromName(lower));
        }
        Path path = Path.of(ref.startsWith("~/") ? System.getProperty("user.home") + ref.substring(1) : ref);
        if (Files.isDirectory(path)) {
            return fromDirectory(ref, path.toAbsolutePath().normalize());
        }
        if (looksLikePath(ref)) {
            throw new ModelLoadException("model directory " + path.toAbsolutePath()
                    + " does not exist; pass the directory written by tools/export/export_model.py");
        }
        return new ModelSpec(ref, null, null, null, familyFromName(lower));
    }

    private static ModelSpec fromDirectory(String ref, Path dir) {
        Path config = dir.resolve("config.json");
        if (!Files.isRegularFile(config)) {
            throw new ModelLoadException("model directory " + dir + " has no config.json; export the model with "
                    + "tools/export/export_model.py (it copies config.json beside the model files)");
        }
        JsonNode json;
        try {
            json = JSON.readTree(config.toFile());
        } catch (IOException e) {
            throw new ModelLoadException(config + " is not valid JSON: " + e.getMessage(), e);
        }
        String modelType = json.path("model_type").asText(null);
        ModelFamily family = familyFromModelType(modelType);
        if (family == null) {
            family = familyFromName(dir.toString().toLowerCase(Locale.ROOT));
        }
        return new ModelSpec(ref, dir, null, modelType, family);
    }

    /** The family a {@code config.json} {@code model_type} names, or {@code null}. */
    public static ModelFamily familyFromModelType(String modelType) {
        if (modelType == null) {
            return null;
        }
        return switch (modelType.toLowerCase(Locale.ROOT)) {
            case "qwen2" -> ModelFamily.QWEN2;
            case "qwen3" -> ModelFamily.QWEN3;
            case "audioflamingo3", "audio_flamingo_3" -> ModelFamily.AUDIO_FLAMINGO_3;
            case "musicflamingo", "music_flamingo" -> ModelFamily.MUSIC_FLAMINGO;
            default -> null;
        };
    }

    /** The family a hub id or path suggests, or {@code null}. */
    static ModelFamily familyFromName(String lower) {
        if (lower.contains("music-flamingo-2601") || lower.contains("musicflamingo")) {
            return ModelFamily.MUSIC_FLAMINGO;
        }
        if (lower.contains("music-flamingo") || lower.contains("audio-flamingo-3") || lower.contains("af3")
                || lower.contains("audioflamingo3")) {
            return ModelFamily.AUDIO_FLAMINGO_3;
        }
        if (lower.contains("qwen3")) {
            return ModelFamily.QWEN3;
        }
        if (lower.contains("qwen2")) {
            return ModelFamily.QWEN2;
        }
        return null;
    }

    private static boolean looksLikePath(String ref) {
        return ref.startsWith("/") || ref.startsWith("./") || ref.startsWith("../") || ref.startsWith("~")
                || ref.contains("\\") || ref.chars().filter(c -> c == '/').count() > 1;
    }
}

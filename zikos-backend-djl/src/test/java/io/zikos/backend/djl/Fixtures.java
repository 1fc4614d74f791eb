package io.zikos.backend.djl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The tiny models and transformers references under {@code testdata/models} (tools/export/make_tiny_fixtures.py). */
final class Fixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Fixtures the repository must hold; others (qwen3-tiny, mf-tiny) are tested whenever they are present. */
    static final List<String> REQUIRED = List.of("qwen2-tiny", "af3-tiny");

    private Fixtures() {
    }

    static Path models() {
        String dir = System.getProperty("zikos.testdata");
        Path p = dir != null ? Path.of(dir) : Path.of("..", "testdata");
        return p.resolve("models");
    }

    /** Names of the fixtures with a TorchScript export and a reference. */
    static List<String> withTorchScript() {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(models())) {
            s.filter(d -> Files.isRegularFile(d.resolve("reference.json"))
                            && Files.isRegularFile(d.resolve("torchscript").resolve("decoder.pt")))
                    .map(d -> d.getFileName().toString()).sorted().forEach(names::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(names.containsAll(REQUIRED), "missing fixtures under " + models() + ": need " + REQUIRED
                + ", found " + names);
        return names;
    }

    static Path torchscript(String name) {
        return models().resolve(name).resolve("torchscript");
    }

    static JsonNode reference(String name) {
        try {
            return JSON.readTree(models().resolve(name).resolve("reference.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    static Set<Integer> eos(JsonNode reference) {
        Set<Integer> ids = new TreeSet<>();
        reference.get("eos_token_ids").forEach(n -> ids.add(n.asInt()));
        return ids;
    }

    /** Cases that run from token ids alone (no audio clip). */
    static List<JsonNode> textCases(JsonNode reference) {
        List<JsonNode> out = new ArrayList<>();
        reference.get("cases").forEach(c -> {
            if (c.has("input_ids") && !c.has("num_audio_tokens")) {
                out.add(c);
            }
        });
        return out;
    }

    static float maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            return Float.POSITIVE_INFINITY;
        }
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}

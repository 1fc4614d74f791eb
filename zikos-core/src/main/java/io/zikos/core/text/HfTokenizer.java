package io.zikos.core.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zikos.api.ModelLoadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * {@link Tokenizer} over Hugging Face's Rust tokenizers (through DJL's {@code ai.djl.huggingface:tokenizers},
 * fully offline), reading a model's {@code tokenizer.json}.
 *
 * <p>Configured the way a chat prompt needs it: no BOS/EOS or other post-processor tokens are added, no padding,
 * no truncation; special tokens written in the text (for example {@code <|im_start|>}, {@code <sound>}) become
 * their ids because the Rust tokenizer matches added tokens before the model sees the text; decoding keeps special
 * tokens. Decoding a whole id sequence is correct for byte-level BPE (multi-byte characters split over several
 * tokens come out whole); decoding a prefix that ends inside a character yields U+FFFD for the incomplete bytes,
 * so streaming generation must decode incrementally (see the generation loop).
 */
public final class HfTokenizer implements Tokenizer {

    /** Options for DJL: nothing added, nothing padded or cut. */
    private static final Map<String, String> OPTIONS = Map.of(
            "addSpecialTokens", "false",
            "truncation", "false",
            "padding", "false");

    private final HuggingFaceTokenizer delegate;
    private final Map<String, Integer> addedTokens;
    private final Map<String, Integer> vocab;
    private final int vocabularySize;

    private HfTokenizer(HuggingFaceTokenizer delegate, Map<String, Integer> addedTokens, Map<String, Integer> vocab) {
        this.delegate = delegate;
        this.addedTokens = Collections.unmodifiableMap(addedTokens);
        this.vocab = Collections.unmodifiableMap(vocab);
        int max = -1;
        for (int id : vocab.values()) {
            max = Math.max(max, id);
        }
        for (int id : addedTokens.values()) {
            max = Math.max(max, id);
        }
        this.vocabularySize = max + 1;
    }

    /**
     * Loads {@code tokenizer.json} from a model directory.
     *
     * @param modelDir a directory holding {@code tokenizer.json}
     * @throws ModelLoadException when the file is missing or cannot be parsed
     */
    public static HfTokenizer load(Path modelDir) {
        Objects.requireNonNull(modelDir, "modelDir");
        Path file = Files.isDirectory(modelDir) ? modelDir.resolve("tokenizer.json") : modelDir;
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("No tokenizer.json in " + modelDir.toAbsolutePath()
                    + ": copy the model's tokenizer.json (from its Hugging Face repository) into that directory");
        }
        return fromFile(file);
    }

    /**
     * Loads a tokenizer from a {@code tokenizer.json} file.
     *
     * @throws ModelLoadException when the file cannot be read or parsed
     */
    public static HfTokenizer fromFile(Path tokenizerJson) {
        String json;
        try {
            json = Files.readString(tokenizerJson, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read " + tokenizerJson.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        Map<String, Integer> added = new HashMap<>();
        Map<String, Integer> vocab = new HashMap<>();
        try {
            JsonNode root = new ObjectMapper().readTree(json);
            for (JsonNode token : root.path("added_tokens")) {
                added.put(token.path("content").asText(), token.path("id").asInt());
            }
            JsonNode vocabNode = root.path("model").path("vocab");
            if (vocabNode.isObject()) {
                // BPE / WordPiece / WordLevel: {"token": id}
                Iterator<Map.Entry<String, JsonNode>> it = vocabNode.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    vocab.put(e.getKey(), e.getValue().asInt());
                }
            } else if (vocabNode.isArray()) {
                // Unigram: [["piece", score], ...], the id is the position
                int id = 0;
                for (JsonNode piece : vocabNode) {
                    vocab.put(piece.path(0).asText(), id++);
                }
            }
        } catch (IOException e) {
            throw new ModelLoadException(tokenizerJson.toAbsolutePath() + " is not valid JSON: " + e.getMessage(), e);
        }
        HuggingFaceTokenizer delegate;
        try (var in = new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))) {
            delegate = HuggingFaceTokenizer.newInstance(in, OPTIONS);
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("Hugging Face tokenizers could not load " + tokenizerJson.toAbsolutePath()
                    + ": " + e.getMessage(), e);
        }
        return new HfTokenizer(delegate, added, vocab);
    }

    @Override
    public int[] encode(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            return new int[0];
        }
        long[] ids = delegate.encode(text, false, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    @Override
    public String decode(int[] ids) {
        Objects.requireNonNull(ids, "ids");
        if (ids.length == 0) {
            return "";
        }
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longs[i] = ids[i];
        }
        return delegate.decode(longs, false);
    }

    /**
     * Looks up, in order: an added token with this content ({@code <|im_end|>}, {@code <tool_call>}), a vocabulary
     * entry spelled exactly so (byte-level spelling, e.g. {@code Ġthe}), and finally text that encodes to exactly one
     * token ({@code " the"}).
     */
    @Override
    public OptionalInt tokenId(String token) {
        Objects.requireNonNull(token, "token");
        Integer id = addedTokens.get(token);
        if (id == null) {
            id = vocab.get(token);
        }
        if (id != null) {
            return OptionalInt.of(id);
        }
        if (token.isEmpty()) {
            return OptionalInt.empty();
        }
        int[] ids = encode(token);
        return ids.length == 1 ? OptionalInt.of(ids[0]) : OptionalInt.empty();
    }

    @Override
    public int vocabularySize() {
        return vocabularySize;
    }

    /** The added (special and non-special) tokens, content to id. */
    public Map<String, Integer> addedTokens() {
        return addedTokens;
    }

    @Override
    public void close() {
        delegate.close();
    }
}

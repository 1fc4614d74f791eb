package io.zikos.core.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zikos.api.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares {@link HfTokenizer} with ids produced by Python's {@code tokenizers} on a tiny Qwen-style byte-level BPE
 * (see {@code text/make_tiny_tokenizer.py}).
 */
class HfTokenizerTest {

    private static Path modelDir;
    private static HfTokenizer tokenizer;
    private static JsonNode expected;

    @BeforeAll
    static void load(@TempDir Path dir) throws IOException {
        modelDir = dir;
        try (InputStream in = HfTokenizerTest.class.getResourceAsStream("/text/tiny_tokenizer.json")) {
            Files.copy(in, dir.resolve("tokenizer.json"));
        }
        try (InputStream in = HfTokenizerTest.class.getResourceAsStream("/text/tiny_tokenizer.expected.json")) {
            expected = new ObjectMapper().readTree(in);
        }
        tokenizer = HfTokenizer.load(modelDir);
    }

    @AfterAll
    static void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    @Test
    void encodesLikePythonTokenizersWithSpecialTokensAndNothingAdded() {
        for (JsonNode c : expected.path("cases")) {
            String text = c.path("text").asText();
            assertArrayEquals(ints(c.path("ids")), tokenizer.encode(text), "ids for: " + text);
        }
    }

    @Test
    void decodesKeepingSpecialTokensAndMultiByteCharacters() {
        for (JsonNode c : expected.path("cases")) {
            assertEquals(c.path("decoded").asText(), tokenizer.decode(ints(c.path("ids"))));
            // The fixture's texts are NFC already, so decode must give the input back exactly.
            assertEquals(c.path("text").asText(), tokenizer.decode(tokenizer.encode(c.path("text").asText())));
        }
    }

    @Test
    void multiByteCharacterSplitOverTokensOnlyDecodesWhole() {
        int[] ids = tokenizer.encode("🎸");
        assertTrue(ids.length > 1, "the tiny vocabulary splits the emoji into byte tokens");
        int[] prefix = java.util.Arrays.copyOf(ids, ids.length - 1);
        assertTrue(tokenizer.decode(prefix).contains("\uFFFD"), "an incomplete UTF-8 sequence is not a character");
        assertEquals("🎸", tokenizer.decode(ids));
    }

    @Test
    void tokenIdFindsAddedTokensAndSingleTokenText() {
        Iterator<Map.Entry<String, JsonNode>> it = expected.path("token_ids").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            assertEquals(OptionalInt.of(e.getValue().asInt()), tokenizer.tokenId(e.getKey()), e.getKey());
        }
        int[] one = tokenizer.encode("\n");
        assertEquals(1, one.length);
        assertEquals(OptionalInt.of(one[0]), tokenizer.tokenId("\n"));
        assertFalse(tokenizer.tokenId("certainly not a single token").isPresent());
        assertEquals(expected.path("vocab_size").asInt(), tokenizer.vocabularySize());
    }

    @Test
    void missingTokenizerJsonIsAModelLoadException(@TempDir Path empty) {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> HfTokenizer.load(empty));
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
    }

    @Test
    void invalidTokenizerJsonIsAModelLoadException(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), "{ not json");
        assertThrows(ModelLoadException.class, () -> HfTokenizer.load(dir));
    }
}

package io.zikos.backend.djl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zikos.api.BackendOptions;
import io.zikos.api.ModelLoadException;
import io.zikos.core.generate.AudioLanguageModel;
import io.zikos.core.generate.CausalLm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missing and malformed model files give a {@link ModelLoadException} that names the file and the fix. */
class DjlModelFilesTest {

    @TempDir
    Path tmp;

    private Path copyOf(String fixture) throws IOException {
        Path dst = tmp.resolve(fixture);
        Files.createDirectories(dst);
        try (Stream<Path> files = Files.list(Fixtures.torchscript(fixture))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dst.resolve(f.getFileName()));
            }
        }
        return dst;
    }

    private static ModelLoadException failsToLoad(Path dir) {
        return assertThrows(ModelLoadException.class, () -> DjlModels.load(dir, BackendOptions.defaults()).close());
    }

    @Test
    void findsTheExportInsideAModelDirectoryOrDirectly() {
        Path fixture = Fixtures.torchscript("qwen2-tiny");
        assertTrue(DjlModels.looksLoadable(fixture));
        assertTrue(DjlModels.looksLoadable(fixture.getParent()), "a torchscript/ sub-directory is found too");
        assertFalse(DjlModels.looksLoadable(fixture.getParent().resolve("onnx")));
        try (CausalLm lm = DjlModels.load(fixture.getParent(), BackendOptions.defaults())) {
            assertTrue(lm.vocabSize() > 0);
        }
        try (CausalLm lm = DjlModels.load(Fixtures.torchscript("af3-tiny"), BackendOptions.defaults())) {
            assertInstanceOf(AudioLanguageModel.class, lm);
        }
    }

    @Test
    void missingDirectoryOrDecoder() {
        assertTrue(failsToLoad(tmp.resolve("nope")).getMessage().contains("not found"));
        ModelLoadException e = failsToLoad(Fixtures.torchscript("qwen2-tiny").getParent().resolve("onnx"));
        assertTrue(e.getMessage().contains("decoder.pt") && e.getMessage().contains("--format torchscript"),
                e.getMessage());
    }

    @Test
    void missingOrMalformedMetadata() throws IOException {
        Path dir = copyOf("qwen2-tiny");
        Files.delete(dir.resolve("zikos_export.json"));
        assertTrue(failsToLoad(dir).getMessage().contains("zikos_export.json"));
        Files.writeString(dir.resolve("zikos_export.json"), "{ not json");
        assertTrue(failsToLoad(dir).getMessage().contains("malformed JSON"));
        Files.writeString(dir.resolve("zikos_export.json"), "{\"format\": \"torchscript\", \"num_layers\": 2}");
        assertTrue(failsToLoad(dir).getMessage().contains("num_key_value_heads"));
        Files.writeString(dir.resolve("zikos_export.json"), "{\"format\": \"onnx\"}");
        assertTrue(failsToLoad(dir).getMessage().contains("not TorchScript"));
    }

    @Test
    void corruptOrTruncatedTorchScript() throws IOException {
        Path dir = copyOf("qwen2-tiny");
        byte[] bytes = Files.readAllBytes(dir.resolve("decoder.pt"));
        Files.write(dir.resolve("decoder.pt"), java.util.Arrays.copyOf(bytes, bytes.length / 3));
        ModelLoadException e = failsToLoad(dir);
        assertTrue(e.getMessage().contains("decoder.pt") && e.getMessage().contains("Cannot load"), e.getMessage());
        Files.writeString(dir.resolve("decoder.pt"), "this is not a zip archive");
        assertTrue(failsToLoad(dir).getMessage().contains("decoder.pt"));
    }

    @Test
    void audioExportMissingItsEmbedding() throws IOException {
        Path dir = copyOf("af3-tiny");
        Files.delete(dir.resolve("embed_tokens.pt"));
        assertTrue(failsToLoad(dir).getMessage().contains("embed_tokens.pt"));
    }

    @Test
    void badThreadSetting() {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> DjlModels.load(
                Fixtures.torchscript("qwen2-tiny"), BackendOptions.defaults().withSetting("intraOpThreads", "two")));
        assertTrue(e.getMessage().contains("intraOpThreads"));
    }
}

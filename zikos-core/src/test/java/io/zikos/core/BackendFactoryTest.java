package io.zikos.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zikos.api.BackendOptions;
import io.zikos.api.LlmBackend;
import io.zikos.api.LlmBackendProvider;
import io.zikos.api.ModelFamily;
import io.zikos.api.ModelLoadException;
import io.zikos.api.ModelSpec;
import io.zikos.core.generate.CausalLm;
import io.zikos.core.generate.CausalLmProvider;
import io.zikos.core.generate.LocalModelProvider;
import io.zikos.core.testing.ScriptedBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendFactoryTest {

    @TempDir
    Path dir;

    /** A provider that records what it was asked to create. */
    record FakeProvider(String name, String engine, int rank, Set<ModelFamily> families, boolean remote)
            implements LlmBackendProvider {
        @Override
        public boolean supports(ModelSpec spec) {
            return remote ? spec.remoteEndpoint().isPresent() : LlmBackendProvider.super.supports(spec);
        }

        @Override
        public LlmBackend create(ModelSpec spec, BackendOptions options) {
            return ScriptedBackend.of(name);
        }
    }

    private static final FakeProvider ONNX_QWEN = new FakeProvider("onnx-qwen", "onnx", 10,
            Set.of(ModelFamily.QWEN2, ModelFamily.QWEN3), false);
    private static final FakeProvider ONNX_MF = new FakeProvider("onnx-mf", "onnx", 10,
            Set.of(ModelFamily.AUDIO_FLAMINGO_3, ModelFamily.MUSIC_FLAMINGO), false);
    private static final FakeProvider DJL_QWEN = new FakeProvider("djl-qwen", "djl", 5,
            Set.of(ModelFamily.QWEN2, ModelFamily.QWEN3), false);
    /** Like zikos-backend-remote's provider: every family, but only for URLs. */
    private static final FakeProvider REMOTE = new FakeProvider("remote", "remote", 0,
            EnumSet.allOf(ModelFamily.class), true);

    private final BackendFactory factory = new BackendFactory(List.of(DJL_QWEN, ONNX_QWEN, ONNX_MF, REMOTE));

    private Path modelDir(String name, String modelType) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("config.json"), "{\"model_type\": \"" + modelType + "\", \"hidden_size\": 64}");
        return d;
    }

    private String chosen(String model, BackendOptions options) {
        return factory.choose(ModelSpecResolver.resolve(model), options).name();
    }

    @Test
    void routesByConfigModelTypeAndRank() throws IOException {
        assertEquals("onnx-qwen", chosen(modelDir("q", "qwen2").toString(), BackendOptions.defaults()));
        assertEquals("onnx-qwen", chosen(modelDir("q3", "qwen3").toString(), BackendOptions.defaults()));
        assertEquals("onnx-mf", chosen(modelDir("af3", "audioflamingo3").toString(), BackendOptions.defaults()));
        assertEquals("onnx-mf", chosen(modelDir("mf", "musicflamingo").toString(), BackendOptions.defaults()));
    }

    @Test
    void engineOptionOrSystemPropertyPicksTheEngine() throws IOException {
        String q = modelDir("q", "qwen2").toString();
        assertEquals("djl-qwen", chosen(q, BackendOptions.defaults().withEngine("djl")));
        System.setProperty("zikos.engine", "djl");
        try {
            assertEquals("djl-qwen", chosen(q, BackendOptions.defaults()));
            assertEquals("onnx-qwen", chosen(q, BackendOptions.defaults().withEngine("onnx")), "option beats property");
        } finally {
            System.clearProperty("zikos.engine");
        }
    }

    @Test
    void urlsGoToTheRemoteProvider() {
        assertEquals("remote", chosen("http://localhost:8000/v1", BackendOptions.defaults()));
        ModelSpec spec = ModelSpecResolver.resolve("https://gpu.example/v1");
        assertEquals("https://gpu.example/v1", spec.remoteEndpoint().orElseThrow().toString());
    }

    @Test
    void urlCredentialsNeverReachLogsOrErrors() {
        ModelSpec spec = ModelSpecResolver.resolve("https://user:s3cret@gpu.example:8443/v1?api_key=s3cret");
        assertEquals("https://gpu.example:8443/v1", BackendFactory.loggable(spec));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> new BackendFactory(List.of())
                .create(spec, BackendOptions.defaults()));
        assertTrue(!e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void hubIdsAreRecognisedButNeverDownloaded() {
        assertEquals(ModelFamily.QWEN2, ModelSpecResolver.resolve("Qwen/Qwen2.5-7B-Instruct").family());
        assertEquals(ModelFamily.QWEN3, ModelSpecResolver.resolve("Qwen/Qwen3-8B").family());
        assertEquals(ModelFamily.AUDIO_FLAMINGO_3, ModelSpecResolver.resolve("nvidia/music-flamingo-hf").family());
        assertEquals(ModelFamily.MUSIC_FLAMINGO, ModelSpecResolver.resolve("nvidia/music-flamingo-2601-hf").family());
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> factory.create("Qwen/Qwen2.5-7B-Instruct", BackendOptions.defaults()));
        assertTrue(e.getMessage().contains("never downloads weights"), e.getMessage());
        assertTrue(e.getMessage().contains("onnx-qwen [engine onnx"), "lists what is installed: " + e.getMessage());
    }

    @Test
    void nothingFitsNamesTheProblemAndTheFix() throws IOException {
        String llama = modelDir("llama", "llama").toString();
        ModelLoadException unknown = assertThrows(ModelLoadException.class,
                () -> factory.create(llama, BackendOptions.defaults()));
        assertTrue(unknown.getMessage().contains("unrecognised model type 'llama'"), unknown.getMessage());

        String mf = modelDir("mf", "musicflamingo").toString();
        ModelLoadException wrongEngine = assertThrows(ModelLoadException.class,
                () -> factory.create(mf, BackendOptions.defaults().withEngine("djl")));
        assertTrue(wrongEngine.getMessage().contains("on engine 'djl'; it could run on: onnx"), wrongEngine.getMessage());

        // the family is served, but the directory holds no export the engine can load: say so, not "add a backend"
        Path notExported = modelDir("raw", "qwen2");
        Files.writeString(notExported.resolve("model.safetensors"), "");
        CausalLmProvider nothingLoadable = new CausalLmProvider() {
            @Override
            public String engine() {
                return "onnx";
            }

            @Override
            public boolean canLoad(Path modelDirectory) {
                return false;
            }

            @Override
            public CausalLm load(Path modelDirectory, BackendOptions options) {
                throw new AssertionError();
            }

            @Override
            public String exportHint() {
                return "export it with: export_model.py --format onnx";
            }
        };
        LlmBackendProvider picky = new LocalModelProvider("picky-qwen", LocalModelProvider.Kind.CHAT,
                nothingLoadable, 0) { };
        ModelLoadException noFiles = assertThrows(ModelLoadException.class,
                () -> new BackendFactory(List.of(picky)).create(notExported.toString(), BackendOptions.defaults()));
        assertTrue(noFiles.getMessage().contains("No installed engine finds model files it can load in"),
                noFiles.getMessage());
        assertTrue(noFiles.getMessage().contains("model.safetensors") && noFiles.getMessage().contains("--format onnx"),
                noFiles.getMessage());
        assertTrue(!noFiles.getMessage().contains("to the classpath"), noFiles.getMessage());

        // the remote provider lists every family but never runs a directory: what is missing is a local engine
        ModelLoadException remoteOnly = assertThrows(ModelLoadException.class,
                () -> new BackendFactory(List.of(REMOTE)).create(notExported.toString(), BackendOptions.defaults()));
        assertTrue(remoteOnly.getMessage().contains("zikos-backend-onnx"), remoteOnly.getMessage());
        assertTrue(!remoteOnly.getMessage().contains("export_model.py"), remoteOnly.getMessage());

        BackendFactory empty = new BackendFactory(List.of());
        ModelLoadException none = assertThrows(ModelLoadException.class,
                () -> empty.create(modelDir("q", "qwen2").toString(), BackendOptions.defaults()));
        assertTrue(none.getMessage().contains("Installed providers: none"), none.getMessage());
        assertTrue(none.getMessage().contains("zikos-backend-onnx"), none.getMessage());
    }

    @Test
    void missingOrBrokenDirectoriesGetClearErrors() throws IOException {
        ModelLoadException missing = assertThrows(ModelLoadException.class,
                () -> ModelSpecResolver.resolve(dir.resolve("nope").toString()));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        Path noConfig = Files.createDirectories(dir.resolve("empty"));
        ModelLoadException noCfg = assertThrows(ModelLoadException.class,
                () -> ModelSpecResolver.resolve(noConfig.toString()));
        assertTrue(noCfg.getMessage().contains("no config.json"), noCfg.getMessage());
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("config.json"), "{not json");
        ModelLoadException bad = assertThrows(ModelLoadException.class,
                () -> ModelSpecResolver.resolve(broken.toString()));
        assertTrue(bad.getMessage().contains("not valid JSON"), bad.getMessage());
    }

    @Test
    void createsThroughTheChosenProvider() throws IOException {
        try (LlmBackend b = factory.create(modelDir("q", "qwen2").toString(), BackendOptions.defaults())) {
            assertEquals("onnx-qwen", b.generate(io.zikos.api.ChatRequest.of(io.zikos.api.ChatMessage.user("hi"))).text());
        }
    }
}

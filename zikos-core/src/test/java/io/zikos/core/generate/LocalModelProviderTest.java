package io.zikos.core.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zikos.api.BackendOptions;
import io.zikos.api.ModelFamily;
import io.zikos.api.ModelLoadException;
import io.zikos.api.ModelSpec;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalModelProviderTest {

    /**
     * An engine that "loads" whatever model the test hands it and, when given one, answers
     * {@link CausalLmProvider#isAudioModel} with {@code audioLayout} (otherwise it cannot tell without loading).
     */
    static final class FakeEngine implements CausalLmProvider {
        final Supplier<CausalLm> model;
        final Optional<Boolean> audioLayout;

        FakeEngine(Supplier<CausalLm> model) {
            this(model, Optional.empty());
        }

        FakeEngine(Supplier<CausalLm> model, Optional<Boolean> audioLayout) {
            this.model = model;
            this.audioLayout = audioLayout;
        }

        @Override
        public String engine() {
            return "fake";
        }

        @Override
        public boolean canLoad(Path modelDirectory) {
            return modelDirectory != null && modelDirectory.getFileName().toString().startsWith("export");
        }

        @Override
        public CausalLm load(Path modelDirectory, BackendOptions options) {
            return model.get();
        }

        @Override
        public Optional<Boolean> isAudioModel(Path modelDirectory) {
            return audioLayout;
        }

        @Override
        public String exportHint() {
            return "run the fake exporter";
        }
    }

    static final class Provider extends LocalModelProvider {
        Provider(Kind kind, CausalLmProvider engine) {
            super("fake-" + kind, kind, engine, 3);
        }
    }

    @Test
    void describesItselfFromTheEngineAndTheKind(@TempDir Path dir) {
        Provider chat = new Provider(LocalModelProvider.Kind.CHAT, new FakeEngine(() -> null));
        assertEquals("fake", chat.engine());
        assertEquals(3, chat.rank());
        assertTrue(chat.families().contains(ModelFamily.QWEN3));
        assertTrue(chat.supports(new ModelSpec("m", dir.resolve("export-1"), null, "qwen2", ModelFamily.QWEN2)));
        assertFalse(chat.supports(new ModelSpec("m", dir.resolve("other"), null, "qwen2", ModelFamily.QWEN2)));
        assertFalse(chat.supports(new ModelSpec("m", dir.resolve("export-1"), null, "musicflamingo",
                ModelFamily.MUSIC_FLAMINGO)));
    }

    @Test
    void aModelOfTheOtherKindIsClosedAndRefused(@TempDir Path dir) {
        FakeModels.ScriptedLm textOnly = new FakeModels.ScriptedLm(seq -> FakeModels.oneHot(0));
        Provider audio = new Provider(LocalModelProvider.Kind.AUDIO_LANGUAGE, new FakeEngine(() -> textOnly));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> audio.create(
                new ModelSpec("q", dir, null, "musicflamingo", ModelFamily.MUSIC_FLAMINGO), BackendOptions.defaults()));
        assertTrue(e.getMessage().contains("no audio encoder") && e.getMessage().contains("run the fake exporter"),
                e.getMessage());
        assertTrue(textOnly.closed.get(), "the loaded model is released");

        FakeModels.FakeAudioLm audioModel = new FakeModels.FakeAudioLm(4, seq -> FakeModels.oneHot(0));
        Provider chat = new Provider(LocalModelProvider.Kind.CHAT, new FakeEngine(() -> audioModel));
        ModelLoadException e2 = assertThrows(ModelLoadException.class, () -> chat.create(
                new ModelSpec("mf", dir, null, "qwen2", ModelFamily.QWEN2), BackendOptions.defaults()));
        assertTrue(e2.getMessage().contains("audio-language export"), e2.getMessage());
        assertTrue(audioModel.closed.get());
    }

    @Test
    void anEngineThatTellsTheKindFromTheFilesIsRefusedBeforeLoading(@TempDir Path dir) {
        Supplier<CausalLm> mustNotLoad = () -> {
            throw new AssertionError("nothing is loaded");
        };
        Provider audio = new Provider(LocalModelProvider.Kind.AUDIO_LANGUAGE,
                new FakeEngine(mustNotLoad, Optional.of(false)));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> audio.create(
                new ModelSpec("q", dir, null, "musicflamingo", ModelFamily.MUSIC_FLAMINGO), BackendOptions.defaults()));
        assertTrue(e.getMessage().contains("no audio encoder") && e.getMessage().contains("run the fake exporter"),
                e.getMessage());

        Provider chat = new Provider(LocalModelProvider.Kind.CHAT, new FakeEngine(mustNotLoad, Optional.of(true)));
        ModelLoadException e2 = assertThrows(ModelLoadException.class, () -> chat.create(
                new ModelSpec("mf", dir, null, "qwen2", ModelFamily.QWEN2), BackendOptions.defaults()));
        assertTrue(e2.getMessage().contains("audio-language export"), e2.getMessage());
    }

    @Test
    void aRemoteModelIsNotLoadedLocally() {
        Provider chat = new Provider(LocalModelProvider.Kind.CHAT, new FakeEngine(() -> {
            throw new AssertionError("nothing is loaded");
        }));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> chat.create(
                new ModelSpec("Qwen/Qwen2.5-7B-Instruct", null, URI.create("http://localhost:8000/v1"), "qwen2",
                        ModelFamily.QWEN2), BackendOptions.defaults()));
        assertTrue(e.getMessage().contains("local directory") && e.getMessage().contains("run the fake exporter"),
                e.getMessage());
    }
}

package io.zikos.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zikos.api.RecordingInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileAudioStoreTest {

    @TempDir
    Path dir;

    @Test
    void storesAndReadsBackUnderARandomId() throws IOException {
        FileAudioStore store = new FileAudioStore(dir.resolve("rec"));
        byte[] audio = {1, 2, 3, 4};
        RecordingInfo a = store.store(new ByteArrayInputStream(audio), "../../etc/take 1.wav");
        RecordingInfo b = store.store(new ByteArrayInputStream(audio), "take.wav");
        assertTrue(FileAudioStore.isValidId(a.id()));
        assertFalse(a.id().equals(b.id()));
        assertEquals("take 1.wav", a.originalName(), "the display name keeps no path");
        Path p = store.path(a.id()).orElseThrow();
        assertEquals(store.root(), p.getParent());
        assertTrue(p.getFileName().toString().endsWith(".wav"));
        assertArrayEquals(audio, Files.readAllBytes(p));
        assertEquals(4, store.info(a.id()).orElseThrow().sizeBytes());
        assertEquals(2, store.list().size());
        assertTrue(store.delete(a.id()));
        assertTrue(store.path(a.id()).isEmpty());
        assertEquals(1, store.list().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "..", "../secret", "/etc/passwd", "0123456789abcdef0123456789abcde",
        "0123456789abcdef0123456789abcdef0", "0123456789ABCDEF0123456789ABCDEF", "0123456789abcdef/123456789abcdef",
        "0123456789abcdef0123456789abcde*", "..\\..\\x"})
    void rejectsAnythingThatIsNotAnId(String bad) throws IOException {
        FileAudioStore store = new FileAudioStore(dir);
        assertThrows(IllegalArgumentException.class, () -> store.path(bad));
        assertThrows(IllegalArgumentException.class, () -> store.info(bad));
        assertThrows(IllegalArgumentException.class, () -> store.delete(bad));
    }

    @Test
    void rejectsNullIds() throws IOException {
        FileAudioStore store = new FileAudioStore(dir);
        assertThrows(IllegalArgumentException.class, () -> store.path(null));
    }

    @Test
    void anUnknownButWellFormedIdIsSimplyAbsent() throws IOException {
        FileAudioStore store = new FileAudioStore(dir);
        assertTrue(store.path("0123456789abcdef0123456789abcdef").isEmpty());
        assertTrue(store.info("0123456789abcdef0123456789abcdef").isEmpty());
    }

    @Test
    void oversizedOrEmptyOrFailingUploadsLeaveNothingBehind() throws IOException {
        FileAudioStore store = new FileAudioStore(dir, 10);
        assertThrows(IOException.class, () -> store.store(new ByteArrayInputStream(new byte[11]), "big.wav"));
        assertThrows(IOException.class, () -> store.store(new ByteArrayInputStream(new byte[0]), "empty.wav"));
        InputStream failing = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ > 3) {
                    throw new IOException("connection reset");
                }
                return 7;
            }
        };
        assertThrows(IOException.class, () -> store.store(failing, "cut.wav"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "no partial or temporary files may remain");
        }
        assertTrue(store.list().isEmpty());
    }

    @Test
    void attributesAreKeptWithTheRecordingAcrossStoreInstances() throws IOException {
        Path root = dir.resolve("rec");
        String id = new FileAudioStore(root).store(new ByteArrayInputStream(new byte[] {1, 2}), "waltz.wav",
                Map.of("instrument", "piano", "beats_per_bar", "3")).id();
        // a new store over the same directory: what a restarted server sees
        RecordingInfo info = new FileAudioStore(root).info(id).orElseThrow();
        assertEquals(Map.of("instrument", "piano", "beats_per_bar", "3"), info.attributes());
        assertEquals("waltz.wav", info.originalName());
        assertEquals(Map.of(), new FileAudioStore(root).store(new ByteArrayInputStream(new byte[] {1}), "x.wav")
                .attributes());
    }

    @Test
    void oversizedAttributesAreRefusedBeforeAnythingIsStored() throws IOException {
        FileAudioStore store = new FileAudioStore(dir);
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i <= FileAudioStore.MAX_ATTRIBUTES; i++) {
            many.put("k" + i, "v");
        }
        for (Map<String, String> bad : java.util.List.of(many, Map.of("", "v"),
                Map.of("k".repeat(FileAudioStore.MAX_ATTRIBUTE_KEY + 1), "v"),
                Map.of("note", "v".repeat(FileAudioStore.MAX_ATTRIBUTE_VALUE + 1)))) {
            assertThrows(IllegalArgumentException.class,
                    () -> store.store(new ByteArrayInputStream(new byte[] {1}), "a.wav", bad));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing may be written for a refused recording");
        }
    }

    @Test
    void unreadableMetadataKeepsTheRecordingAndIsReportedOnce() throws IOException {
        FileAudioStore store = new FileAudioStore(dir);
        String id = store.store(new ByteArrayInputStream(new byte[] {1, 2, 3}), "take.wav",
                Map.of("instrument", "cello")).id();
        Path meta = dir.resolve(id + ".json");
        Files.writeString(meta, "{not json");
        FileTime modified = Files.getLastModifiedTime(meta);
        String log = capturingStderr(() -> {
            for (int i = 0; i < 3; i++) {
                RecordingInfo info = store.list().get(0);
                assertEquals(id, info.id(), "the recording is still listed");
                assertEquals(3, info.sizeBytes());
                assertEquals(Map.of(), info.attributes());
            }
        });
        assertEquals(1, warnings(log), log);
        assertTrue(store.path(id).isPresent());

        // Deleting forgets the report: the same id and the same broken file, put back, are reported afresh.
        assertTrue(store.delete(id));
        Files.write(dir.resolve(id + ".wav"), new byte[] {1, 2, 3});
        Files.writeString(meta, "{not json");
        Files.setLastModifiedTime(meta, modified);
        log = capturingStderr(() -> store.info(id).orElseThrow());
        assertEquals(1, warnings(log), log);
    }

    /** Lines of the unreadable-metadata warning (its debug follow-up says "cannot read" too, but not this). */
    private static int warnings(String log) {
        return log.split("is kept but without its attributes", -1).length - 1;
    }

    private interface IoAction {
        void run() throws IOException;
    }

    /** What {@code action} writes to standard error, where the test logger writes. */
    private static String capturingStderr(IoAction action) throws IOException {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}

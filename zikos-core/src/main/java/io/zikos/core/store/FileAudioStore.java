package io.zikos.core.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.AudioStore;
import io.zikos.api.RecordingInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AudioStore} on the local file system. Each recording is {@code ROOT/ID.EXT} (the original file's
 * extension when it is a known audio/MIDI one, so decoders and people can tell what it is; otherwise
 * {@code .audio}) plus a small {@code ROOT/ID.json} with its metadata; ids are 32 random hex characters, so they can't be guessed and are safe as
 * file names. Anything that is not such an id is rejected before it gets near a path, which also rules out
 * escaping the root. Writes go to a temporary file in the root that is atomically moved into place, so a crash or a
 * failed upload never leaves half a recording under a valid id.
 */
public final class FileAudioStore implements AudioStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileAudioStore.class);
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final String DEFAULT_EXTENSION = "audio";
    private static final java.util.Set<String> KNOWN_EXTENSIONS = java.util.Set.of("wav", "mp3", "flac", "ogg",
            "oga", "opus", "m4a", "aac", "mp4", "webm", "aif", "aiff", "mid", "midi", "musicxml", "json", "html");
    private static final String META_SUFFIX = ".json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Attributes are a few settings kept with a recording; these bounds keep its metadata file small. */
    static final int MAX_ATTRIBUTES = 32;
    static final int MAX_ATTRIBUTE_KEY = 64;
    static final int MAX_ATTRIBUTE_VALUE = 1024;

    private final Path root;
    private final long maxBytes;
    /**
     * Modification time of each unreadable metadata file already reported, by recording id: a listing repeats, the
     * warning not, unless the file changes. An id is dropped when its recording is deleted, so the map does not grow
     * with every recording ever reported.
     */
    private final Map<String, Long> unreadableMetadataReported = new ConcurrentHashMap<>();

    /**
     * @param root     directory to keep recordings in (created if missing)
     * @param maxBytes largest accepted recording; larger uploads are rejected and nothing is kept
     */
    public FileAudioStore(Path root, long maxBytes) throws IOException {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.root = Files.createDirectories(root).toRealPath();
        this.maxBytes = maxBytes;
    }

    /** A store with a 200 MB cap per recording. */
    public FileAudioStore(Path root) throws IOException {
        this(root, 200L * 1024 * 1024);
    }

    public Path root() {
        return root;
    }

    /** Whether {@code id} has the shape of an id this store issues. */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    @Override
    public RecordingInfo store(InputStream audio, String originalName) throws IOException {
        return store(audio, originalName, Map.of());
    }

    @Override
    public RecordingInfo store(InputStream audio, String originalName, Map<String, String> attributes)
            throws IOException {
        Map<String, String> kept = checkAttributes(attributes);
        String id = newId();
        Path tmp = Files.createTempFile(root, ".upload-", ".tmp");
        try {
            long size = copyCapped(audio, tmp);
            if (size == 0) {
                throw new IOException("the recording is empty (0 bytes); record again or choose another file");
            }
            RecordingInfo info = new RecordingInfo(id, sanitiseName(originalName), size, Instant.now(), kept);
            writeMetadata(info);
            move(tmp, root.resolve(id + "." + extensionOf(originalName)));
            return info;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public Optional<Path> path(String id) {
        requireId(id);
        // The id is validated hex, so it is safe inside a glob and cannot name anything outside the root.
        try (var files = Files.newDirectoryStream(root, id + ".*")) {
            for (Path p : files) {
                if (!p.getFileName().toString().endsWith(META_SUFFIX) && Files.isRegularFile(p)) {
                    return Optional.of(p);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    @Override
    public Optional<RecordingInfo> info(String id) {
        requireId(id);
        if (path(id).isEmpty()) {
            return Optional.empty();
        }
        try {
            var node = JSON.readTree(metaPath(id).toFile());
            Map<String, String> attributes = new HashMap<>();
            node.path("attributes").fields()
                    .forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
            return Optional.of(new RecordingInfo(id, node.path("original_name").asText(""),
                    node.path("size_bytes").asLong(), Instant.parse(node.path("stored_at").asText()), attributes));
        } catch (IOException | RuntimeException e) {
            // Metadata is a convenience: the audio is still there and usable. Its attributes are lost with it, so
            // work redone from this recording (a report remade after a restart) uses default settings: say so.
            Long modified = metaPath(id).toFile().lastModified();
            if (!modified.equals(unreadableMetadataReported.put(id, modified))) {
                LOG.warn("cannot read {} ({}); recording {} is kept but without its attributes, so work redone from "
                        + "it uses default settings", metaPath(id), e.toString(), id);
            } else {
                LOG.debug("cannot read {} ({}), reported before", metaPath(id), e.toString());
            }
            Path p = path(id).orElseThrow();
            return Optional.of(new RecordingInfo(id, "", p.toFile().length(), Instant.ofEpochMilli(p.toFile().lastModified())));
        }
    }

    @Override
    public List<RecordingInfo> list() throws IOException {
        List<RecordingInfo> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(root)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                int dot = name.indexOf('.');
                String id = dot < 0 ? name : name.substring(0, dot);
                if (isValidId(id) && !name.endsWith(META_SUFFIX)) {
                    info(id).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    @Override
    public boolean delete(String id) throws IOException {
        requireId(id);
        Optional<Path> audio = path(id);
        boolean existed = audio.isPresent() && Files.deleteIfExists(audio.get());
        Files.deleteIfExists(metaPath(id));
        unreadableMetadataReported.remove(id);
        return existed;
    }

    /** Refuses attributes that are not a few short strings, before anything is written. */
    private static Map<String, String> checkAttributes(Map<String, String> attributes) {
        if (attributes == null) {
            return Map.of();
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new IllegalArgumentException("at most " + MAX_ATTRIBUTES
                    + " attributes can be kept with a recording, not " + attributes.size());
        }
        attributes.forEach((key, value) -> {
            if (key == null || key.isEmpty() || key.length() > MAX_ATTRIBUTE_KEY) {
                throw new IllegalArgumentException("an attribute name must have 1 to " + MAX_ATTRIBUTE_KEY
                        + " characters: '" + truncate(key) + "'");
            }
            if (value == null || value.length() > MAX_ATTRIBUTE_VALUE) {
                throw new IllegalArgumentException("the value of attribute '" + truncate(key)
                        + "' must be a string of at most " + MAX_ATTRIBUTE_VALUE + " characters");
            }
        });
        return Map.copyOf(attributes);
    }

    private String requireId(String id) {
        if (!isValidId(id)) {
            throw new IllegalArgumentException("not a recording id: '" + truncate(id)
                    + "' (ids are 32 lower-case hex characters issued by the store)");
        }
        return id;
    }

    private Path metaPath(String id) {
        return root.resolve(id + META_SUFFIX);
    }

    private long copyCapped(InputStream in, Path target) throws IOException {
        long total = 0;
        byte[] buf = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.TRUNCATE_EXISTING)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new IOException("the recording is larger than the " + (maxBytes / (1024 * 1024))
                            + " MB limit; trim it or compress it (e.g. to MP3) and try again");
                }
                out.write(buf, 0, n);
            }
        }
        return total;
    }

    private void writeMetadata(RecordingInfo info) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", info.id());
        node.put("original_name", info.originalName());
        node.put("size_bytes", info.sizeBytes());
        node.put("stored_at", info.storedAt().toString());
        ObjectNode attributes = node.putObject("attributes");
        info.attributes().forEach(attributes::put);
        Path tmp = Files.createTempFile(root, ".meta-", ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), node);
            move(tmp, metaPath(info.id()));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String extensionOf(String originalName) {
        if (originalName == null) {
            return DEFAULT_EXTENSION;
        }
        int dot = originalName.lastIndexOf('.');
        String ext = dot < 0 ? "" : originalName.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
        return KNOWN_EXTENSIONS.contains(ext) && !ext.equals("json") ? ext : DEFAULT_EXTENSION;
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Keeps the display name short and free of path separators and control characters. */
    private static String sanitiseName(String name) {
        if (name == null) {
            return "";
        }
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        base = base.replaceAll("\\p{Cntrl}", "");
        return base.length() > 200 ? base.substring(0, 200) : base;
    }

    private static String truncate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}

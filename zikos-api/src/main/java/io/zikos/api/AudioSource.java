package io.zikos.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where audio comes from: a file, encoded bytes (an upload), an open stream, or PCM samples already in memory.
 * Decoders and preprocessors accept any of them.
 */
public sealed interface AudioSource {

    /** A name for messages and logs (file name, "upload.webm", "pcm"). */
    String displayName();

    static AudioSource of(Path file) {
        return new FileSource(file);
    }

    static AudioSource ofBytes(byte[] encoded, String nameHint) {
        return new BytesSource(encoded, nameHint);
    }

    static AudioSource ofPcm(float[] samples, int sampleRate) {
        return new PcmSource(samples, sampleRate);
    }

    /** An encoded file on disk. */
    record FileSource(Path path) implements AudioSource {
        public FileSource {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String displayName() {
            Path name = path.getFileName();
            return name == null ? path.toString() : name.toString();
        }
    }

    /** Encoded audio bytes (for example an HTTP upload). The array is copied. */
    record BytesSource(byte[] bytes, String nameHint) implements AudioSource {
        public BytesSource {
            bytes = Objects.requireNonNull(bytes, "bytes").clone();
            nameHint = nameHint == null ? "audio" : nameHint;
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** Reads a whole stream into a source. */
        public static BytesSource read(InputStream in, String nameHint) throws IOException {
            return new BytesSource(in.readAllBytes(), nameHint);
        }

        @Override
        public String displayName() {
            return nameHint;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BytesSource b && Arrays.equals(bytes, b.bytes) && nameHint.equals(b.nameHint);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(bytes) + nameHint.hashCode();
        }

        @Override
        public String toString() {
            return "BytesSource[" + nameHint + ", " + bytes.length + " bytes]";
        }
    }

    /** Mono float PCM in [-1, 1] at {@code sampleRate}. The array is copied. */
    record PcmSource(float[] samples, int sampleRate) implements AudioSource {
        public PcmSource {
            samples = Objects.requireNonNull(samples, "samples").clone();
            if (sampleRate <= 0) {
                throw new IllegalArgumentException("sampleRate must be positive: " + sampleRate);
            }
        }

        @Override
        public float[] samples() {
            return samples.clone();
        }

        @Override
        public String displayName() {
            return "pcm";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PcmSource p && sampleRate == p.sampleRate && Arrays.equals(samples, p.samples);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(samples) + sampleRate;
        }

        @Override
        public String toString() {
            return "PcmSource[" + samples.length + " samples @ " + sampleRate + " Hz]";
        }
    }
}

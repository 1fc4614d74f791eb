package io.zikos.backend.remote;

import io.zikos.api.AudioInputException;
import io.zikos.api.AudioSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Turns an {@link AudioSource} into the bytes a chat-completions server receives: files and uploads are sent as they
 * are (their container is sniffed from the first bytes), PCM is encoded as a 16-bit mono WAV in memory. Also estimates
 * a clip's duration for token counting without decoding it.
 */
final class AudioEncoding {

    /** Assumed byte rate of compressed audio whose header does not say (128 kbit/s). Errs towards more tokens. */
    private static final double COMPRESSED_BYTES_PER_SECOND = 16_000;
    /** Assumed byte rate of FLAC (about 60 % of 16-bit 44.1 kHz stereo). */
    private static final double FLAC_BYTES_PER_SECOND = 105_000;
    private static final int HEAD_BYTES = 4096;

    private AudioEncoding() {
    }

    /**
     * Encoded audio ready to send.
     *
     * @param bytes  the file bytes
     * @param format the short format name ("wav", "mp3", "flac" ...), as {@code input_audio.format} wants it
     */
    record Encoded(byte[] bytes, String format) {
        String mimeType() {
            return switch (format) {
                case "mp3" -> "audio/mpeg";
                case "m4a" -> "audio/mp4";
                default -> "audio/" + format;
            };
        }
    }

    /** Reads (or encodes) the whole clip. */
    static Encoded encode(AudioSource source) {
        if (source instanceof AudioSource.PcmSource pcm) {
            return new Encoded(wav16(pcm.samples(), pcm.sampleRate()), "wav");
        }
        byte[] bytes = readAll(source);
        if (bytes.length == 0) {
            throw new AudioInputException(AudioInputException.Problem.EMPTY, source.displayName(),
                    "the audio is empty (0 bytes); record again or pick another file");
        }
        return new Encoded(bytes, sniffFormat(bytes, source.displayName()));
    }

    /** The clip's duration in seconds: exact for PCM and WAV, estimated from the size for compressed formats. */
    static double estimateSeconds(AudioSource source) {
        if (source instanceof AudioSource.PcmSource pcm) {
            return pcm.samples().length / (double) pcm.sampleRate();
        }
        byte[] head;
        long size;
        if (source instanceof AudioSource.FileSource file) {
            try (InputStream in = Files.newInputStream(file.path())) {
                head = in.readNBytes(HEAD_BYTES);
                size = Files.size(file.path());
            } catch (IOException e) {
                return 0; // counting must not fail; generate() reports the unreadable file properly
            }
        } else {
            byte[] all = ((AudioSource.BytesSource) source).bytes();
            head = Arrays.copyOf(all, Math.min(all.length, HEAD_BYTES));
            size = all.length;
        }
        String format = sniffFormat(head, source.displayName());
        if (format.equals("wav")) {
            double seconds = wavSeconds(head, size);
            if (seconds >= 0) {
                return seconds;
            }
        }
        return size / (format.equals("flac") ? FLAC_BYTES_PER_SECOND : COMPRESSED_BYTES_PER_SECOND);
    }

    /** 16-bit little-endian mono PCM WAV of samples in [-1, 1] (values outside are clipped). */
    static byte[] wav16(float[] samples, int sampleRate) {
        int dataBytes = Math.multiplyExact(samples.length, 2);
        ByteBuffer buf = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1) // PCM
                .putShort((short) 1) // mono
                .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
        for (float s : samples) {
            float clipped = Float.isNaN(s) ? 0f : Math.max(-1f, Math.min(1f, s));
            buf.putShort((short) Math.round(clipped * 32767f));
        }
        return buf.array();
    }

    /**
     * The container, from its magic bytes; the file extension only when the bytes say nothing.
     *
     * @throws AudioInputException when neither looks like audio
     */
    static String sniffFormat(byte[] b, String name) {
        if (startsWith(b, 0, "RIFF") && startsWith(b, 8, "WAVE")) {
            return "wav";
        }
        if (startsWith(b, 0, "ID3")) {
            return "mp3";
        }
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE0) == 0xE0) {
            // MPEG frame sync; layer bits 00 mean AAC in an ADTS stream.
            return (b[1] & 0x06) == 0 ? "aac" : "mp3";
        }
        if (startsWith(b, 0, "fLaC")) {
            return "flac";
        }
        if (startsWith(b, 0, "OggS")) {
            return "ogg";
        }
        if (b.length >= 4 && (b[0] & 0xFF) == 0x1A && (b[1] & 0xFF) == 0x45 && (b[2] & 0xFF) == 0xDF
                && (b[3] & 0xFF) == 0xA3) {
            return "webm";
        }
        if (startsWith(b, 4, "ftyp")) {
            return "m4a";
        }
        if (startsWith(b, 0, "FORM") && (startsWith(b, 8, "AIFF") || startsWith(b, 8, "AIFC"))) {
            return "aiff";
        }
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        if (dot >= 0 && dot < lower.length() - 1) {
            String ext = lower.substring(dot + 1);
            if (ext.matches("wav|mp3|flac|ogg|opus|webm|m4a|aac|aiff")) {
                return ext;
            }
        }
        throw new AudioInputException(AudioInputException.Problem.NOT_AUDIO, name,
                "not a recognised audio file (expected WAV, MP3, FLAC, OGG, WebM or M4A); "
                        + "convert it or hand the samples over as PCM");
    }

    /** Seconds of a WAV from its header and total size, or -1 when the header cannot be read. */
    private static double wavSeconds(byte[] head, long totalSize) {
        ByteBuffer buf = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 12;
        int byteRate = -1;
        while (pos + 8 <= head.length) {
            String id = new String(head, pos, 4, java.nio.charset.StandardCharsets.US_ASCII);
            long size = Integer.toUnsignedLong(buf.getInt(pos + 4));
            if (id.equals("fmt ") && pos + 20 <= head.length) {
                byteRate = buf.getInt(pos + 16);
            } else if (id.equals("data")) {
                if (byteRate <= 0) {
                    return -1;
                }
                // Streamed WAVs often carry 0 or 0xFFFFFFFF here: fall back to what the file holds.
                long available = totalSize - (pos + 8);
                long dataBytes = size == 0 || size > available ? available : size;
                return dataBytes / (double) byteRate;
            }
            pos += 8 + (int) Math.min(size + (size & 1), Integer.MAX_VALUE - pos - 8);
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int offset, String ascii) {
        if (b.length < offset + ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (b[offset + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] readAll(AudioSource source) {
        if (source instanceof AudioSource.BytesSource bytes) {
            return bytes.bytes();
        }
        AudioSource.FileSource file = (AudioSource.FileSource) source;
        try {
            return Files.readAllBytes(file.path());
        } catch (NoSuchFileException e) {
            throw new AudioInputException(AudioInputException.Problem.NOT_FOUND, source.displayName(),
                    "the audio file does not exist: " + file.path(), e);
        } catch (IOException e) {
            throw new AudioInputException(AudioInputException.Problem.NOT_FOUND, source.displayName(),
                    "cannot read the audio file " + file.path() + ": " + e.getMessage(), e);
        }
    }
}

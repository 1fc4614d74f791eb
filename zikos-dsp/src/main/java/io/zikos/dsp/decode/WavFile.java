package io.zikos.dsp.decode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The header of a RIFF/WAVE file, and a pure-Java reader for the common PCM layouts (8/16/24/32-bit integer,
 * 32/64-bit float, mono or stereo). Lets the decoder skip ffmpeg for the most common input and detect a WAV whose data
 * chunk was cut short, which ffmpeg silently accepts.
 *
 * @param formatTag     1 = integer PCM, 3 = IEEE float (WAVE_FORMAT_EXTENSIBLE resolved to its sub-format)
 * @param channels      interleaved channels
 * @param sampleRate    frames per second
 * @param bitsPerSample bits of one sample of one channel
 * @param blockAlign    bytes per frame
 * @param dataOffset    where the sample data starts in the file
 * @param declaredBytes what the data chunk header claims (-1 when it is a streaming placeholder: 0 or 0xFFFFFFFF)
 * @param availableBytes how many data bytes the file really holds after {@code dataOffset}
 */
record WavFile(int formatTag, int channels, int sampleRate, int bitsPerSample, int blockAlign, long dataOffset,
               long declaredBytes, long availableBytes) {

    static final int PCM = 1;
    static final int FLOAT = 3;
    private static final int EXTENSIBLE = 0xFFFE;

    /** Whether {@link #readMono(Path)} can read this layout; others go through ffmpeg. */
    boolean fastPathSupported() {
        boolean intPcm = formatTag == PCM && (bitsPerSample == 8 || bitsPerSample == 16 || bitsPerSample == 24
                || bitsPerSample == 32);
        boolean floatPcm = formatTag == FLOAT && (bitsPerSample == 32 || bitsPerSample == 64);
        return (intPcm || floatPcm) && (channels == 1 || channels == 2) && blockAlign == channels * bitsPerSample / 8;
    }

    /** Whether the data chunk promises more bytes than the file holds (a cut-off download or recording). */
    boolean truncated() {
        // A missing partial frame at the end is common and harmless; more than one frame missing is not.
        return declaredBytes >= 0 && availableBytes + blockAlign < declaredBytes;
    }

    /** Bytes of sample data that will be read. */
    long dataBytes() {
        long n = declaredBytes < 0 ? availableBytes : Math.min(declaredBytes, availableBytes);
        return blockAlign <= 0 ? 0 : n - n % blockAlign;
    }

    double durationSeconds() {
        return blockAlign <= 0 || sampleRate <= 0 ? 0 : dataBytes() / (double) blockAlign / sampleRate;
    }

    double declaredSeconds() {
        return declaredBytes < 0 || blockAlign <= 0 || sampleRate <= 0 ? durationSeconds()
                : declaredBytes / (double) blockAlign / sampleRate;
    }

    /**
     * Parses the header chunks.
     *
     * @return the header, or {@code null} when the file is not a parseable RIFF/WAVE with fmt and data chunks
     */
    static WavFile parse(Path file) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            if (readFully(ch, b) < 12) {
                return null;
            }
            b.flip();
            if (b.getInt(0) != 0x46464952 /* RIFF */ || b.getInt(8) != 0x45564157 /* WAVE */) {
                return null;
            }
            long pos = 12;
            int formatTag = -1;
            int channels = 0;
            int rate = 0;
            int bits = 0;
            int align = 0;
            ByteBuffer hdr = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            while (pos + 8 <= size) {
                ch.position(pos);
                hdr.clear();
                if (readFully(ch, hdr) < 8) {
                    return null;
                }
                hdr.flip();
                int id = hdr.getInt(0);
                long len = Integer.toUnsignedLong(hdr.getInt(4));
                long body = pos + 8;
                if (id == 0x20746d66 /* "fmt " */) {
                    if (len < 16) {
                        return null;
                    }
                    ByteBuffer f = ByteBuffer.allocate((int) Math.min(len, 64)).order(ByteOrder.LITTLE_ENDIAN);
                    if (readFully(ch, f) < 16) {
                        return null;
                    }
                    formatTag = f.getShort(0) & 0xFFFF;
                    channels = f.getShort(2) & 0xFFFF;
                    rate = f.getInt(4);
                    align = f.getShort(12) & 0xFFFF;
                    bits = f.getShort(14) & 0xFFFF;
                    if (formatTag == EXTENSIBLE && f.position() >= 26) {
                        formatTag = f.getShort(24) & 0xFFFF; // first two bytes of the sub-format GUID
                    }
                } else if (id == 0x61746164 /* "data" */) {
                    if (formatTag < 0) {
                        return null;
                    }
                    long available = size - body;
                    long declared = len == 0 || len == 0xFFFFFFFFL ? -1 : len;
                    return new WavFile(formatTag, channels, rate, bits, align, body, declared, available);
                }
                pos = body + len + (len & 1); // chunks are padded to even sizes
            }
            return null;
        }
    }

    /**
     * Reads the samples as mono float, averaging the two channels of a stereo file (as ffmpeg's downmix does).
     * Integer samples are scaled like ffmpeg's sample-format conversion (divide by 2^(bits-1); 8-bit is unsigned).
     */
    float[] readMono(Path file) throws IOException {
        long bytes = dataBytes();
        long frames = bytes / blockAlign;
        if (frames > Integer.MAX_VALUE - 16) {
            throw new IOException("WAV too large to hold in memory: " + frames + " frames");
        }
        float[] out = new float[(int) frames];
        int bytesPerSample = bitsPerSample / 8;
        byte[] buf = new byte[blockAlign * 8192];
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(dataOffset);
            int frame = 0;
            while (frame < frames) {
                int want = (int) Math.min(buf.length, (frames - frame) * blockAlign);
                int got = in.readNBytes(buf, 0, want);
                if (got < want) {
                    throw new IOException("WAV data ended early");
                }
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, got).order(ByteOrder.LITTLE_ENDIAN);
                int n = got / blockAlign;
                for (int i = 0; i < n; i++) {
                    int base = i * blockAlign;
                    if (channels == 1) {
                        out[frame++] = sample(bb, base, bytesPerSample);
                    } else {
                        float l = sample(bb, base, bytesPerSample);
                        float r = sample(bb, base + bytesPerSample, bytesPerSample);
                        out[frame++] = 0.5f * l + 0.5f * r;
                    }
                }
            }
        }
        return out;
    }

    private float sample(ByteBuffer bb, int at, int bytesPerSample) {
        if (formatTag == FLOAT) {
            return bytesPerSample == 4 ? bb.getFloat(at) : (float) bb.getDouble(at);
        }
        switch (bytesPerSample) {
            case 1:
                return ((bb.get(at) & 0xFF) - 128) * (1.0f / 128);
            case 2:
                return bb.getShort(at) * (1.0f / 32768);
            case 3: {
                int v = (bb.get(at) & 0xFF) | (bb.get(at + 1) & 0xFF) << 8 | bb.get(at + 2) << 16;
                // ffmpeg widens 24-bit to s32 then scales by 2^-31; identical to v / 2^23 in float.
                return v * (1.0f / 8388608);
            }
            default:
                return bb.getInt(at) * (1.0f / 2147483648f);
        }
    }

    private static int readFully(SeekableByteChannel ch, ByteBuffer b) throws IOException {
        int total = 0;
        while (b.hasRemaining()) {
            int n = ch.read(b);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}

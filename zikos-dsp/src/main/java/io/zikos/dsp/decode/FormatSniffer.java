package io.zikos.dsp.decode;

import java.nio.charset.StandardCharsets;

/**
 * Recognises containers by their first bytes, so that a text file or an image renamed {@code .mp3} is reported as
 * "not audio" rather than "corrupt", and a file that starts like audio but fails later as "corrupt".
 */
final class FormatSniffer {

    /** What the first bytes look like. */
    enum Kind {
        /** RIFF/WAVE (or RF64). */
        WAV,
        /** A container or stream that usually holds audio (mp3, flac, ogg, mp4/m4a, webm/mkv, aac, aiff, ...). */
        AUDIO,
        /** Something known not to be audio (text, image, pdf, archive, ...). */
        NOT_AUDIO,
        /** Unknown: let ffmpeg decide. */
        UNKNOWN
    }

    /** Bytes needed for {@link #sniff(byte[], int)}. */
    static final int HEADER_BYTES = 64;

    private FormatSniffer() {
    }

    static Kind sniff(byte[] h, int n) {
        if (n >= 12 && ascii(h, 0, "RIFF") && ascii(h, 8, "WAVE")) {
            return Kind.WAV;
        }
        if (n >= 12 && (ascii(h, 0, "RF64") || ascii(h, 0, "BW64")) && ascii(h, 8, "WAVE")) {
            return Kind.AUDIO;
        }
        if (n >= 4 && (ascii(h, 0, "fLaC") || ascii(h, 0, "OggS") || ascii(h, 0, "ID3") || ascii(h, 0, "FORM")
                || ascii(h, 0, "caff") || ascii(h, 0, "#!AMR") || ascii(h, 0, ".snd") || ascii(h, 0, "MAC ")
                || ascii(h, 0, "wvpk") || ascii(h, 0, "TTA1") || ascii(h, 0, "MThd"))) {
            // MThd (MIDI) is listed so ffmpeg produces the real verdict: it has no MIDI decoder -> NOT_AUDIO.
            return ascii(h, 0, "MThd") ? Kind.NOT_AUDIO : Kind.AUDIO;
        }
        if (n >= 8 && ascii(h, 4, "ftyp")) {
            return Kind.AUDIO; // mp4, m4a, 3gp, mov
        }
        if (n >= 4 && (h[0] & 0xFF) == 0x1A && (h[1] & 0xFF) == 0x45 && (h[2] & 0xFF) == 0xDF && (h[3] & 0xFF) == 0xA3) {
            return Kind.AUDIO; // EBML: webm / matroska
        }
        if (n >= 16 && (h[0] & 0xFF) == 0x30 && (h[1] & 0xFF) == 0x26 && (h[2] & 0xFF) == 0xB2 && (h[3] & 0xFF) == 0x75) {
            return Kind.AUDIO; // ASF / wma
        }
        if (n >= 2 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xE0) == 0xE0) {
            return Kind.AUDIO; // MPEG audio frame sync or ADTS
        }
        if (isKnownNonAudio(h, n)) {
            return Kind.NOT_AUDIO;
        }
        if (looksLikeText(h, n)) {
            return Kind.NOT_AUDIO;
        }
        return Kind.UNKNOWN;
    }

    private static boolean isKnownNonAudio(byte[] h, int n) {
        return n >= 4 && ((h[0] & 0xFF) == 0x89 && ascii(h, 1, "PNG")            // png
                || (h[0] & 0xFF) == 0xFF && (h[1] & 0xFF) == 0xD8 && (h[2] & 0xFF) == 0xFF  // jpeg
                || ascii(h, 0, "GIF8") || ascii(h, 0, "%PDF") || ascii(h, 0, "PK\u0003\u0004")
                || (h[0] & 0xFF) == 0x1F && (h[1] & 0xFF) == 0x8B                 // gzip
                || (h[0] & 0xFF) == 0x7F && ascii(h, 1, "ELF")
                || n >= 12 && ascii(h, 0, "RIFF") && ascii(h, 8, "WEBP"));
    }

    private static boolean looksLikeText(byte[] h, int n) {
        if (n == 0) {
            return false;
        }
        int printable = 0;
        for (int i = 0; i < n; i++) {
            int b = h[i] & 0xFF;
            if (b == 0) {
                return false;
            }
            if (b >= 0x20 && b < 0x7F || b == '\n' || b == '\r' || b == '\t' || b >= 0x80) {
                printable++;
            }
        }
        // UTF-8 text is all printable or high bytes; binary audio without a known magic almost never is.
        return printable == n && new String(h, 0, n, StandardCharsets.UTF_8).chars().anyMatch(Character::isLetter);
    }

    private static boolean ascii(byte[] h, int at, String s) {
        if (at + s.length() > h.length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if ((h[at + i] & 0xFF) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}

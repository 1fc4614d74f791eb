package io.zikos.api;

import java.util.Objects;

/**
 * Whisper-style log-mel features as Music Flamingo's encoder takes them: {@code windows} windows of
 * {@code melBins x frames} float32, row-major ({@code (w*melBins + mel)*frames + frame}), plus the valid frame
 * count of each window.
 *
 * @param data               the features (not copied: treat as read-only)
 * @param windows            number of 30 s windows
 * @param melBins            128
 * @param frames             frames per window (3000)
 * @param validFrames        valid (non-padding) frames of each window
 * @param audioTokenCount    the number of audio tokens the model sees for this sample
 * @param truncated          whether audio past the model's window cap was dropped
 */
public record MelFeatures(float[] data, int windows, int melBins, int frames, int[] validFrames,
                          int audioTokenCount, boolean truncated) {
    public MelFeatures {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(validFrames, "validFrames");
        if (data.length != (long) windows * melBins * frames || validFrames.length != windows) {
            throw new IllegalArgumentException("feature shape does not match its data");
        }
    }

    /** The mask as 0/1 per frame, [windows * frames]. */
    public int[] mask() {
        int[] mask = new int[windows * frames];
        for (int w = 0; w < windows; w++) {
            for (int f = 0; f < validFrames[w]; f++) {
                mask[w * frames + f] = 1;
            }
        }
        return mask;
    }
}

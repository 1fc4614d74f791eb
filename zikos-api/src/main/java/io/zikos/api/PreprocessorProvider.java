package io.zikos.api;

import java.util.Map;

/**
 * Service-provider interface for preprocessors, discovered with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.zikos.api.PreprocessorProvider}). Well-known names:
 * <ul>
 *   <li>{@value #PCM}: decoded mono PCM; settings {@code sampleRate} (default 22050), {@code trimSilence}
 *       (default false), {@code maxSeconds} (default 1200);</li>
 *   <li>{@value #MUSIC_FLAMINGO_FEATURES}: {@link MelFeatures} for Music Flamingo; setting {@code maxWindows}
 *       (20 for AF3 / music-flamingo-hf, 40 for music-flamingo-2601).</li>
 * </ul>
 */
public interface PreprocessorProvider {

    String PCM = "pcm";
    String MUSIC_FLAMINGO_FEATURES = "music-flamingo-features";

    String name();

    /** @throws IllegalArgumentException for unknown or invalid settings */
    Preprocessor<?> create(Map<String, String> settings);
}

package io.zikos.api;

/**
 * One step that turns audio into what a consumer needs: decoded PCM at a rate, model features, ...
 * Created by a {@link PreprocessorProvider}; thread-safe.
 *
 * @param <T> what it produces (for example {@link PcmAudio} or {@link MelFeatures})
 */
public interface Preprocessor<T> {

    Class<T> outputType();

    /**
     * @throws AudioInputException when the audio is unusable (empty, corrupt, too short or long, silent)
     */
    T process(AudioSource source);
}

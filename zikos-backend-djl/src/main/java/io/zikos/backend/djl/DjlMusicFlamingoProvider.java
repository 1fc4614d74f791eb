package io.zikos.backend.djl;

import io.zikos.core.generate.LocalModelProvider;

/**
 * Audio Flamingo 3 / Music Flamingo exported to TorchScript (audio encoder + projector, token embedding, decoder on
 * {@code inputs_embeds}), on DJL's PyTorch engine (engine {@code "djl"}). Audio preprocessing, the audio-token
 * expansion and scatter, the input budget and the output cap are the engine-neutral code in core; audio input needs
 * the zikos-dsp feature extractor on the class path. Rank -1, as {@link DjlQwenProvider}.
 */
public final class DjlMusicFlamingoProvider extends LocalModelProvider {

    public DjlMusicFlamingoProvider() {
        super("djl-music-flamingo", Kind.AUDIO_LANGUAGE, new DjlCausalLmProvider(), -1);
    }
}

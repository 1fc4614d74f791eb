package io.zikos.api;

/** The model architectures Zikos knows how to prompt and run. */
public enum ModelFamily {
    /** Qwen2 / Qwen2.5 instruct: Hermes-style tool calling. */
    QWEN2(false),
    /** Qwen3: tool calling plus a {@code <think>} reasoning mode. */
    QWEN3(false),
    /** NVIDIA Audio Flamingo 3 and the Music Flamingo preview ({@code nvidia/music-flamingo-hf}). */
    AUDIO_FLAMINGO_3(true),
    /** Music Flamingo 2601 ({@code nvidia/music-flamingo-2601-hf}): AF3 + rotary time embeddings, sound bos/eos. */
    MUSIC_FLAMINGO(true);

    private final boolean audio;

    ModelFamily(boolean audio) {
        this.audio = audio;
    }

    /** Whether models of this family listen to audio. */
    public boolean hearsAudio() {
        return audio;
    }
}

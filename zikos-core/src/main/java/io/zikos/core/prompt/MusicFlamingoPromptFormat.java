package io.zikos.core.prompt;

/**
 * Music Flamingo 2601 ({@code nvidia/music-flamingo-2601-hf}): the AF3 layout with Music Flamingo's own default
 * system prompt (byte-exact from transformers' {@code convert_musicflamingo_to_hf.py}, typos included, since the
 * model was tuned on it) and the audio placeholder wrapped in {@code <|sound_bos|>}/{@code <|sound_eos|>}, as
 * {@code MusicFlamingoProcessor.replace_audio_token} does.
 */
public final class MusicFlamingoPromptFormat extends AudioFlamingoPromptFormat {

    /** Music Flamingo's default system prompt, exactly as the converter writes it. */
    public static final String DEFAULT_SYSTEM = "You are Music Flamingo, a multimodal assistant for language and music. "
            + "On each turn you receive an audio clip which contains music and optional text, "
            + "you will receive at least one or both; use your world knowledge and reasoning "
            + "to help the user with any task. Interpret the entirety of the content any input music"
            + "--regardlenss of whether the user calls it audio, music, or sound.";
    public static final String SOUND_BOS = "<|sound_bos|>";
    public static final String SOUND_EOS = "<|sound_eos|>";

    public MusicFlamingoPromptFormat() {
        super(DEFAULT_SYSTEM, SOUND_BOS + SOUND + SOUND_EOS);
    }
}

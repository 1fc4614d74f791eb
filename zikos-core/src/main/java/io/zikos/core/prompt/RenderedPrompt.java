package io.zikos.core.prompt;

import io.zikos.api.AudioClip;
import java.util.List;
import java.util.Objects;

/**
 * A prompt rendered to text, before tokenization.
 *
 * @param text             the prompt; each audio clip appears as exactly one {@link #audioPlaceholder} (for Music
 *                         Flamingo 2601 already wrapped in sound_bos/eos), which the backend expands to the clip's
 *                         audio token count after computing its features
 * @param audioPlaceholder the placeholder token text ({@code <sound>}), or {@code null} for text-only formats
 * @param audio            the clips, in the order their placeholders appear
 */
public record RenderedPrompt(String text, String audioPlaceholder, List<AudioClip> audio) {
    public RenderedPrompt {
        Objects.requireNonNull(text, "text");
        audio = List.copyOf(audio == null ? List.of() : audio);
    }
}

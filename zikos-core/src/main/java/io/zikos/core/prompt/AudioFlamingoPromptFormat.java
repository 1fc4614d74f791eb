package io.zikos.core.prompt;

import io.zikos.api.AudioClip;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRole;
import io.zikos.api.ToolSpecification;
import java.util.ArrayList;
import java.util.List;

/**
 * Audio Flamingo 3 and the Music Flamingo preview ({@code nvidia/music-flamingo-hf}), written out from the AF3
 * processor's chat template: a default system turn when the conversation has none, then per message
 * {@code <|im_start|>role\n} + one {@code <sound>} when it carries audio (before its text) + its text +
 * {@code <|im_end|>\n}. Tools and thinking are ignored (these checkpoints have neither).
 */
public class AudioFlamingoPromptFormat implements PromptFormat {

    /** AF3's default system text. */
    public static final String DEFAULT_SYSTEM = "You are a helpful assistant.";
    /** The audio token the backend expands to the clip's token count. */
    public static final String SOUND = "<sound>";

    private final String defaultSystem;
    private final String placeholderText;

    public AudioFlamingoPromptFormat() {
        this(DEFAULT_SYSTEM, SOUND);
    }

    protected AudioFlamingoPromptFormat(String defaultSystem, String placeholderText) {
        this.defaultSystem = defaultSystem;
        this.placeholderText = placeholderText;
    }

    @Override
    public RenderedPrompt render(List<ChatMessage> messages, List<ToolSpecification> tools,
                                 boolean addGenerationPrompt, Boolean thinking) {
        StringBuilder sb = new StringBuilder();
        List<AudioClip> audio = new ArrayList<>();
        if (messages.isEmpty() || messages.get(0).role() != ChatRole.SYSTEM) {
            sb.append("<|im_start|>system\n").append(defaultSystem).append("<|im_end|>\n");
        }
        for (ChatMessage m : messages) {
            List<AudioClip> clips = m.audio();
            if (clips.size() > 1) {
                throw new IllegalArgumentException("A " + getClass().getSimpleName() + " message holds at most one"
                        + " recording (the template has one audio placeholder per message); put each recording in"
                        + " its own message");
            }
            sb.append("<|im_start|>").append(m.role().wireName()).append('\n');
            if (!clips.isEmpty()) {
                sb.append(placeholderText);
                audio.add(clips.get(0));
            }
            sb.append(TemplateMessages.content(m)).append("<|im_end|>\n");
        }
        if (addGenerationPrompt) {
            sb.append("<|im_start|>assistant\n");
        }
        return new RenderedPrompt(sb.toString(), SOUND, audio);
    }
}

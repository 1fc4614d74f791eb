package io.zikos.api;

import java.util.Objects;

/** One part of a chat message. Audio is a first-class part, not an attachment bolted onto text. */
public sealed interface ContentPart {

    static Text text(String text) {
        return new Text(text);
    }

    static Audio audio(AudioClip clip) {
        return new Audio(clip);
    }

    /** Plain text. */
    record Text(String text) implements ContentPart {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A recording the model (or a tool) should listen to. */
    record Audio(AudioClip clip) implements ContentPart {
        public Audio {
            Objects.requireNonNull(clip, "clip");
        }
    }
}

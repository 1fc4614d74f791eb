package io.zikos.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One message of a conversation. Immutable.
 *
 * <ul>
 *   <li>system / user messages carry {@link ContentPart}s (text and audio);</li>
 *   <li>assistant messages carry text and, optionally, {@link ToolCall}s;</li>
 *   <li>tool messages carry exactly one {@link ToolResult}.</li>
 * </ul>
 *
 * @param role      who wrote it
 * @param parts     text and audio parts, in order
 * @param toolCalls tool calls of an assistant message (empty otherwise)
 * @param toolResult the result of a tool message ({@code null} otherwise)
 */
public record ChatMessage(ChatRole role, List<ContentPart> parts, List<ToolCall> toolCalls, ToolResult toolResult) {
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        parts = List.copyOf(parts == null ? List.of() : parts);
        toolCalls = List.copyOf(toolCalls == null ? List.of() : toolCalls);
        if (role == ChatRole.TOOL && toolResult == null) {
            throw new IllegalArgumentException("a tool message needs a ToolResult");
        }
        if (role != ChatRole.TOOL && toolResult != null) {
            throw new IllegalArgumentException("only tool messages carry a ToolResult");
        }
        if (role != ChatRole.ASSISTANT && !toolCalls.isEmpty()) {
            throw new IllegalArgumentException("only assistant messages carry tool calls");
        }
    }

    public static ChatMessage system(String text) {
        return new ChatMessage(ChatRole.SYSTEM, List.of(ContentPart.text(text)), List.of(), null);
    }

    public static ChatMessage user(String text) {
        return new ChatMessage(ChatRole.USER, List.of(ContentPart.text(text)), List.of(), null);
    }

    /** A user message with a recording; the audio part comes first, as Music Flamingo's template expects. */
    public static ChatMessage user(String text, AudioClip audio) {
        return new ChatMessage(ChatRole.USER, List.of(ContentPart.audio(audio), ContentPart.text(text)), List.of(), null);
    }

    public static ChatMessage assistant(String text) {
        return assistant(text, List.of());
    }

    public static ChatMessage assistant(String text, List<ToolCall> toolCalls) {
        List<ContentPart> parts = text == null || text.isEmpty() ? List.of() : List.of(ContentPart.text(text));
        return new ChatMessage(ChatRole.ASSISTANT, parts, toolCalls, null);
    }

    public static ChatMessage tool(ToolResult result) {
        return new ChatMessage(ChatRole.TOOL, List.of(), List.of(), result);
    }

    /** All text parts joined (without separators); for tool messages, empty. */
    public String text() {
        return parts.stream()
                .filter(ContentPart.Text.class::isInstance)
                .map(p -> ((ContentPart.Text) p).text())
                .collect(Collectors.joining());
    }

    /** The audio clips in this message, in order. */
    public List<AudioClip> audio() {
        return parts.stream()
                .filter(ContentPart.Audio.class::isInstance)
                .map(p -> ((ContentPart.Audio) p).clip())
                .toList();
    }

    public boolean hasAudio() {
        return parts.stream().anyMatch(ContentPart.Audio.class::isInstance);
    }

    public Optional<ToolResult> result() {
        return Optional.ofNullable(toolResult);
    }
}

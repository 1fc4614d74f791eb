package io.zikos.core.coach;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.AudioClip;
import io.zikos.api.AudioTool;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRequest;
import io.zikos.api.ChatResponse;
import io.zikos.api.FinishReason;
import io.zikos.api.GenerationOptions;
import io.zikos.api.LlmBackend;
import io.zikos.api.StreamingChatListener;
import io.zikos.api.ToolContext;
import io.zikos.api.ToolException;
import io.zikos.api.ZikosException;
import java.util.List;
import java.util.Objects;

/**
 * {@code listen(recording_id, question)}: asks an audio-language model (Music Flamingo) that hears the recording
 * itself, for what signal processing cannot say — style, timbre, phrasing, genre, instrument, structure, lyrics.
 * The answer comes back to the chat model as a tool result.
 */
public final class ListenTool implements AudioTool {

    public static final String NAME = "listen";

    private final LlmBackend audioModel;

    /**
     * @param audioModel a backend whose capabilities include audio input
     */
    public ListenTool(LlmBackend audioModel) {
        this.audioModel = Objects.requireNonNull(audioModel, "audioModel");
        if (!audioModel.capabilities().audioInput()) {
            throw new IllegalArgumentException("the listen tool needs an audio model (Music Flamingo); "
                    + audioModel.capabilities().modelId() + " takes no audio");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Ask a music-understanding model that listens to the recording itself. Use it for what measurements "
                + "cannot tell: style, timbre and tone quality, phrasing and expression, genre, instrument, song "
                + "structure, lyrics. Not for tempo, key, chords or tuning (use the analysis tools). Ask one clear "
                + "question.";
    }

    @Override
    public ObjectNode parameters() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        props.putObject("recording_id").put("type", "string").put("description", "id of the recording to listen to");
        props.putObject("question").put("type", "string").put("description", "what to listen for");
        schema.putArray("required").add("recording_id").add("question");
        return schema;
    }

    @Override
    public JsonNode invoke(ObjectNode arguments, ToolContext context) {
        String id = requireText(arguments, "recording_id");
        String question = requireText(arguments, "question");
        AudioClip clip;
        try {
            clip = context.audioStore().clip(id).orElseThrow(() -> new ToolException(ToolException.Code.NOT_FOUND,
                    "no recording with id " + id + "; use the id of a recording in this conversation"));
        } catch (IllegalArgumentException e) {
            throw new ToolException(ToolException.Code.INVALID_ARGUMENTS, e.getMessage());
        }
        int cap = audioModel.capabilities().maxOutputTokens();
        ChatRequest request = new ChatRequest(
                List.of(ChatMessage.user(question.strip() + CoachPrompts.LISTEN_SUFFIX, clip)), List.of(),
                GenerationOptions.builder().maxNewTokens(Math.min(cap, 512)).build());
        ChatResponse response;
        try {
            response = audioModel.generate(request, StreamingChatListener.NONE, context.cancellation());
        } catch (ZikosException e) {
            throw new ToolException(ToolException.Code.BAD_AUDIO, "the listening model could not process recording "
                    + id + ": " + e.getMessage(), e);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("recording_id", id);
        out.put("answer", response.text());
        boolean complete = response.finishReason() != FinishReason.LENGTH;
        out.put("complete", complete);
        if (!complete) {
            out.put("note", "the listening model's answer was cut by its output limit; ask a narrower question "
                    + "for the rest");
        }
        return out;
    }

    private static String requireText(ObjectNode args, String field) {
        JsonNode v = args.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new ToolException(ToolException.Code.INVALID_ARGUMENTS, "'" + field + "' (a string) is required");
        }
        return v.asText();
    }
}

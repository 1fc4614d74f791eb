package io.zikos.backend.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRequest;
import io.zikos.api.ContentPart;
import io.zikos.api.GenerationOptions;
import io.zikos.api.ToolCall;
import io.zikos.api.ToolResult;
import io.zikos.api.ToolSpecification;

import java.util.Base64;
import java.util.List;

/** Maps a {@link ChatRequest} onto an OpenAI {@code /v1/chat/completions} request body. */
final class RequestMapper {

    private final ObjectMapper json;
    private final RemoteSettings.AudioPartStyle audioStyle;

    RequestMapper(ObjectMapper json, RemoteSettings.AudioPartStyle audioStyle) {
        this.json = json;
        this.audioStyle = audioStyle;
    }

    /** The whole request body. */
    ObjectNode chatBody(String model, ChatRequest request, boolean stream, boolean includeUsage) {
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        body.set("messages", messages(request.messages(), true));
        if (!request.tools().isEmpty()) {
            body.set("tools", tools(request.tools()));
        }
        applyOptions(body, request.options());
        if (stream) {
            body.put("stream", true);
            if (includeUsage) {
                body.putObject("stream_options").put("include_usage", true);
            }
        }
        return body;
    }

    /** OpenAI messages; with {@code includeAudio} false, audio parts are left out (for token counting). */
    ArrayNode messages(List<ChatMessage> messages, boolean includeAudio) {
        ArrayNode out = json.createArrayNode();
        for (ChatMessage m : messages) {
            out.add(message(m, includeAudio));
        }
        return out;
    }

    ArrayNode tools(List<ToolSpecification> tools) {
        ArrayNode out = json.createArrayNode();
        for (ToolSpecification t : tools) {
            ObjectNode tool = out.addObject();
            tool.put("type", "function");
            ObjectNode fn = tool.putObject("function");
            fn.put("name", t.name());
            fn.put("description", t.description());
            fn.set("parameters", t.parameters());
        }
        return out;
    }

    private ObjectNode message(ChatMessage m, boolean includeAudio) {
        ObjectNode out = json.createObjectNode();
        out.put("role", m.role().wireName());
        switch (m.role()) {
            case TOOL -> {
                ToolResult result = m.toolResult();
                out.put("tool_call_id", result.toolCallId());
                JsonNode content = result.content();
                out.put("content", content.isTextual() ? content.asText() : content.toString());
            }
            case ASSISTANT -> {
                String text = m.text();
                if (m.toolCalls().isEmpty()) {
                    out.put("content", text);
                } else {
                    if (text.isEmpty()) {
                        out.putNull("content");
                    } else {
                        out.put("content", text);
                    }
                    ArrayNode calls = out.putArray("tool_calls");
                    for (ToolCall call : m.toolCalls()) {
                        ObjectNode c = calls.addObject();
                        c.put("id", call.id());
                        c.put("type", "function");
                        ObjectNode fn = c.putObject("function");
                        fn.put("name", call.name());
                        // OpenAI carries arguments as a JSON *string*, not an object.
                        fn.put("arguments", call.arguments().toString());
                    }
                }
            }
            case SYSTEM, USER -> {
                if (m.hasAudio() && includeAudio) {
                    out.set("content", contentParts(m));
                } else {
                    out.put("content", m.text());
                }
            }
        }
        return out;
    }

    private ArrayNode contentParts(ChatMessage m) {
        ArrayNode parts = json.createArrayNode();
        for (ContentPart part : m.parts()) {
            if (part instanceof ContentPart.Text text) {
                parts.addObject().put("type", "text").put("text", text.text());
            } else if (part instanceof ContentPart.Audio audio) {
                parts.add(audioPart(AudioEncoding.encode(audio.clip().source())));
            }
        }
        return parts;
    }

    ObjectNode audioPart(AudioEncoding.Encoded audio) {
        String base64 = Base64.getEncoder().encodeToString(audio.bytes());
        ObjectNode part = json.createObjectNode();
        if (audioStyle == RemoteSettings.AudioPartStyle.AUDIO_URL) {
            part.put("type", "audio_url");
            part.putObject("audio_url").put("url", "data:" + audio.mimeType() + ";base64," + base64);
        } else {
            part.put("type", "input_audio");
            part.putObject("input_audio").put("data", base64).put("format", audio.format());
        }
        return part;
    }

    private static void applyOptions(ObjectNode body, GenerationOptions o) {
        if (o.maxNewTokens() != null) {
            body.put("max_tokens", o.maxNewTokens());
        }
        if (o.temperature() != null) {
            body.put("temperature", o.temperature());
        }
        if (o.topP() != null) {
            body.put("top_p", o.topP());
        }
        if (o.topK() != null) {
            // Zikos uses 0 for "no limit"; older vLLM only accepts -1 for that, newer accepts both.
            body.put("top_k", o.topK() == 0 ? -1 : o.topK());
        }
        if (o.repetitionPenalty() != null) {
            body.put("repetition_penalty", o.repetitionPenalty());
        }
        if (!o.stopSequences().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            o.stopSequences().forEach(stop::add);
        }
        if (o.seed() != null) {
            body.put("seed", o.seed());
        }
        if (o.thinking() != null) {
            body.putObject("chat_template_kwargs").put("enable_thinking", o.thinking());
        }
    }

}

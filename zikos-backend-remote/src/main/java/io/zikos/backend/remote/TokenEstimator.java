package io.zikos.backend.remote;

import io.zikos.api.AudioClip;
import io.zikos.api.ChatMessage;
import io.zikos.api.ToolCall;
import io.zikos.api.ToolSpecification;

import java.util.List;

/**
 * Token counts without the model's tokenizer, which lives on the server. These are ESTIMATES: text at 3.5 characters
 * per token (Qwen's BPE averages about 3.5-4 on English prose and less on JSON, so this errs towards more tokens),
 * audio at 25 tokens per second (Music Flamingo / AF3: 750 per 30 s window), a few tokens per message for the chat
 * template's role markers and a fixed allowance for the tool preamble.
 */
final class TokenEstimator {

    static final double CHARS_PER_TOKEN = 3.5;
    static final int AUDIO_TOKENS_PER_SECOND = 25;
    /** {@code <|im_start|>role\n ... <|im_end|>\n}. */
    static final int PER_MESSAGE = 5;
    /** The template's "# Tools ... <tools></tools> ... <tool_call>" instructions around the schemas. */
    static final int TOOLS_PREAMBLE = 80;
    /** The generation prompt {@code <|im_start|>assistant\n}. */
    static final int GENERATION_PROMPT = 3;

    private TokenEstimator() {
    }

    static int text(String s) {
        return s == null || s.isEmpty() ? 0 : (int) Math.ceil(s.length() / CHARS_PER_TOKEN);
    }

    static int audio(AudioClip clip) {
        return (int) Math.ceil(AudioEncoding.estimateSeconds(clip.source()) * AUDIO_TOKENS_PER_SECOND);
    }

    /** Audio tokens of all clips in the messages. */
    static int audio(List<ChatMessage> messages) {
        int total = 0;
        for (ChatMessage m : messages) {
            for (AudioClip clip : m.audio()) {
                total += audio(clip);
            }
        }
        return total;
    }

    /** The whole prompt: messages (text, tool calls, tool results, audio), tool schemas and generation prompt. */
    static int prompt(List<ChatMessage> messages, List<ToolSpecification> tools, RequestMapper mapper) {
        int total = GENERATION_PROMPT;
        for (ChatMessage m : messages) {
            total += PER_MESSAGE + text(m.text());
            for (ToolCall call : m.toolCalls()) {
                total += text(call.name()) + text(call.arguments().toString()) + 10;
            }
            if (m.toolResult() != null) {
                total += text(m.toolResult().content().toString()) + 4;
            }
        }
        total += audio(messages);
        if (!tools.isEmpty()) {
            total += TOOLS_PREAMBLE + text(mapper.tools(tools).toString());
        }
        return total;
    }
}

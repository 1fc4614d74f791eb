package io.zikos.core.generate;

import io.zikos.api.BackendCapabilities;
import io.zikos.api.Cancellation;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRequest;
import io.zikos.api.ChatResponse;
import io.zikos.api.FinishReason;
import io.zikos.api.StreamingChatListener;
import io.zikos.api.TokenUsage;
import io.zikos.api.ToolSpecification;
import io.zikos.api.ZikosException;
import io.zikos.core.prompt.PromptFormat;
import io.zikos.core.prompt.RenderedPrompt;
import io.zikos.core.text.Tokenizer;
import io.zikos.core.toolcall.ParsedReply;
import io.zikos.core.toolcall.StreamingReplyParser;
import java.util.List;

/**
 * A text chat model (Qwen2.5, Qwen3) running locally on any engine: the prompt format renders the conversation, the
 * tokenizer encodes it, the engine's {@link CausalLm} runs the shared {@link GenerationLoop}, and the reply goes
 * through {@link StreamingReplyParser} so tool calls and {@code <think>} reasoning reach the listener as they are
 * generated. Thread-safe: each generation uses its own {@link DecoderState}.
 */
public class LocalChatBackend extends LocalBackend<CausalLm> {

    /** Takes ownership of {@code model} and {@code tokenizer}: both are closed with the backend. */
    public LocalChatBackend(CausalLm model, Tokenizer tokenizer, PromptFormat format, LocalModelSettings settings) {
        super(model, tokenizer, format, settings);
    }

    @Override
    protected ChatResponse respond(ChatRequest request, StreamingChatListener listener, Cancellation cancellation) {
        RenderedPrompt prompt = format.render(request.messages(), request.tools(), true,
                request.options().thinking());
        if (!prompt.audio().isEmpty()) {
            throw new ZikosException(settings.modelId() + " does not hear audio: send the recording to an"
                    + " audio model (Music Flamingo) or analyse it with tools");
        }
        int[] ids = tokenizer.encode(prompt.text());
        int room = settings.contextWindow() - ids.length;
        if (room <= 0) {
            throw new ZikosException("the prompt takes " + ids.length + " tokens but " + settings.modelId()
                    + " holds " + settings.contextWindow() + ": shorten the conversation");
        }
        GenerationConfig config = generationConfig(request);
        config = config.withMaxNewTokens(Math.min(config.maxNewTokens(), room));
        StreamingReplyParser parser = new StreamingReplyParser(listener, opensThinking(prompt.text()));
        GenerationResult result;
        try (DecoderState state = model.newState()) {
            result = GenerationLoop.generate(state, ids, config, tokenizer, new TokenStreamListener() {
                @Override
                public void onText(String delta) {
                    parser.accept(delta);
                }
            }, cancellation);
        }
        ParsedReply reply = parser.finish();
        FinishReason reason = result.finishReason() == FinishReason.STOP && !reply.toolCalls().isEmpty()
                ? FinishReason.TOOL_CALLS : result.finishReason();
        return new ChatResponse(ChatMessage.assistant(reply.replyText(), reply.toolCalls()), reply.thinking(), reason,
                new TokenUsage(ids.length, result.generatedTokens()));
    }

    /** Whether the rendered prompt leaves the assistant inside an open {@code <think>} block. */
    static boolean opensThinking(String promptText) {
        int open = promptText.lastIndexOf("<think>");
        return open >= 0 && promptText.indexOf("</think>", open) < 0
                && promptText.lastIndexOf("<|im_start|>assistant") < open;
    }

    @Override
    public BackendCapabilities capabilities() {
        return new BackendCapabilities(settings.modelId(), settings.engine(), settings.toolCalling(), false,
                settings.thinking(), settings.contextWindow(), settings.maxOutputTokens());
    }

    @Override
    public int countTokens(List<ChatMessage> messages, List<ToolSpecification> tools) {
        ensureOpen();
        return tokenizer.encode(format.render(messages, tools, true, null).text()).length;
    }
}

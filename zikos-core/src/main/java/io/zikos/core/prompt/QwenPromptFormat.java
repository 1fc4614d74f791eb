package io.zikos.core.prompt;

import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRole;
import io.zikos.api.ToolCall;
import io.zikos.api.ToolSpecification;
import java.util.List;

/**
 * Qwen2 / Qwen2.5 Instruct, written out from Qwen2.5's {@code chat_template} (Hermes-style tools): default system
 * text, the tools block in the system turn, assistant tool calls rendered back as {@code <tool_call>} blocks, and
 * consecutive tool results merged into one user turn of {@code <tool_response>} blocks. Audio parts are not
 * rendered (Qwen does not hear); {@code thinking} is ignored.
 */
public final class QwenPromptFormat implements PromptFormat {

    /** Qwen2.5's default system text. */
    public static final String DEFAULT_SYSTEM = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";

    static final String TOOLS_HEADER = "# Tools\n\nYou may call one or more functions to assist with the user query."
            + "\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>";
    static final String TOOLS_FOOTER = "\n</tools>\n\nFor each function call, return a json object with function name"
            + " and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>,"
            + " \"arguments\": <args-json-object>}\n</tool_call>";

    @Override
    public RenderedPrompt render(List<ChatMessage> messages, List<ToolSpecification> tools,
                                 boolean addGenerationPrompt, Boolean thinking) {
        List<ToolSpecification> toolList = tools == null ? List.of() : tools;
        StringBuilder sb = new StringBuilder();
        boolean firstIsSystem = !messages.isEmpty() && messages.get(0).role() == ChatRole.SYSTEM;
        String system = firstIsSystem ? messages.get(0).text() : DEFAULT_SYSTEM;
        sb.append("<|im_start|>system\n").append(system);
        if (!toolList.isEmpty()) {
            sb.append("\n\n").append(TOOLS_HEADER).append(TemplateMessages.toolsJsonLines(toolList))
                    .append(TOOLS_FOOTER);
        }
        sb.append("<|im_end|>\n");
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            ChatRole role = m.role();
            if (role == ChatRole.USER || (role == ChatRole.SYSTEM && i > 0)
                    || (role == ChatRole.ASSISTANT && m.toolCalls().isEmpty())) {
                sb.append("<|im_start|>").append(role.wireName()).append('\n').append(m.text()).append("<|im_end|>\n");
            } else if (role == ChatRole.ASSISTANT) {
                sb.append("<|im_start|>assistant");
                if (!m.text().isEmpty()) {
                    sb.append('\n').append(m.text());
                }
                for (ToolCall call : m.toolCalls()) {
                    sb.append('\n').append(TemplateMessages.qwenToolCall(call));
                }
                sb.append("<|im_end|>\n");
            } else if (role == ChatRole.TOOL) {
                appendToolResponse(sb, messages, i);
            }
        }
        if (addGenerationPrompt) {
            sb.append("<|im_start|>assistant\n");
        }
        return new RenderedPrompt(sb.toString(), null, List.of());
    }

    /** Tool results: consecutive tool messages share one user turn. */
    static void appendToolResponse(StringBuilder sb, List<ChatMessage> messages, int i) {
        if (i == 0 || messages.get(i - 1).role() != ChatRole.TOOL) {
            sb.append("<|im_start|>user");
        }
        sb.append("\n<tool_response>\n").append(TemplateMessages.toolContent(messages.get(i)))
                .append("\n</tool_response>");
        if (i == messages.size() - 1 || messages.get(i + 1).role() != ChatRole.TOOL) {
            sb.append("<|im_end|>\n");
        }
    }
}

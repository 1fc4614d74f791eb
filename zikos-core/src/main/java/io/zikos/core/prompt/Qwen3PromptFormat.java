package io.zikos.core.prompt;

import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRole;
import io.zikos.api.ToolCall;
import io.zikos.api.ToolSpecification;
import io.zikos.core.prompt.jinja.PyStrings;
import java.util.List;

/**
 * Qwen3, written out from Qwen3's {@code chat_template}: no default system text, the tools block (after the
 * caller's system text), {@code <think>} reasoning kept only for assistant turns after the last real user query
 * and stripped from earlier ones, and {@code thinking == false} appending an empty think block to the generation
 * prompt ({@code enable_thinking=False}). Audio parts are not rendered.
 */
public final class Qwen3PromptFormat implements PromptFormat {

    @Override
    public RenderedPrompt render(List<ChatMessage> messages, List<ToolSpecification> tools,
                                 boolean addGenerationPrompt, Boolean thinking) {
        List<ToolSpecification> toolList = tools == null ? List.of() : tools;
        StringBuilder sb = new StringBuilder();
        boolean firstIsSystem = !messages.isEmpty() && messages.get(0).role() == ChatRole.SYSTEM;
        if (!toolList.isEmpty()) {
            sb.append("<|im_start|>system\n");
            if (firstIsSystem) {
                sb.append(messages.get(0).text()).append("\n\n");
            }
            sb.append(QwenPromptFormat.TOOLS_HEADER).append(TemplateMessages.toolsJsonLines(toolList))
                    .append(QwenPromptFormat.TOOLS_FOOTER).append("<|im_end|>\n");
        } else if (firstIsSystem) {
            sb.append("<|im_start|>system\n").append(messages.get(0).text()).append("<|im_end|>\n");
        }
        int lastQueryIndex = lastQueryIndex(messages);
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            ChatRole role = m.role();
            if (role == ChatRole.USER || (role == ChatRole.SYSTEM && i > 0)) {
                sb.append("<|im_start|>").append(role.wireName()).append('\n').append(m.text()).append("<|im_end|>\n");
            } else if (role == ChatRole.ASSISTANT) {
                String content = m.text();
                String reasoning = "";
                if (content.contains("</think>")) {
                    String whole = content;
                    content = PyStrings.lstrip(lastPart(whole, "</think>"), "\n");
                    String before = PyStrings.rstrip(whole.substring(0, whole.indexOf("</think>")), "\n");
                    reasoning = PyStrings.lstrip(lastPart(before, "<think>"), "\n");
                }
                boolean last = i == messages.size() - 1;
                if (i > lastQueryIndex && (last || !reasoning.isEmpty())) {
                    sb.append("<|im_start|>assistant\n<think>\n").append(PyStrings.strip(reasoning, "\n"))
                            .append("\n</think>\n\n").append(PyStrings.lstrip(content, "\n"));
                } else {
                    sb.append("<|im_start|>assistant\n").append(content);
                }
                List<ToolCall> calls = m.toolCalls();
                for (int c = 0; c < calls.size(); c++) {
                    if ((c == 0 && !content.isEmpty()) || c > 0) {
                        sb.append('\n');
                    }
                    sb.append(TemplateMessages.qwenToolCall(calls.get(c)));
                }
                sb.append("<|im_end|>\n");
            } else if (role == ChatRole.TOOL) {
                QwenPromptFormat.appendToolResponse(sb, messages, i);
            }
        }
        if (addGenerationPrompt) {
            sb.append("<|im_start|>assistant\n");
            if (Boolean.FALSE.equals(thinking)) {
                sb.append("<think>\n\n</think>\n\n");
            }
        }
        return new RenderedPrompt(sb.toString(), null, List.of());
    }

    /** The index of the last user message that is not a wrapped tool response (the template's last_query_index). */
    private static int lastQueryIndex(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            ChatMessage m = messages.get(i);
            String c = TemplateMessages.content(m);
            if (m.role() == ChatRole.USER && !(c.startsWith("<tool_response>") && c.endsWith("</tool_response>"))) {
                return i;
            }
        }
        return messages.size() - 1;
    }

    /** Python's {@code s.split(sep)[-1]}. */
    private static String lastPart(String s, String sep) {
        int at = s.lastIndexOf(sep);
        return at < 0 ? s : s.substring(at + sep.length());
    }
}

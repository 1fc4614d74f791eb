package io.zikos.core.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.AudioClip;
import io.zikos.api.AudioSource;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRole;
import io.zikos.api.ContentPart;
import io.zikos.api.ModelFamily;
import io.zikos.api.ToolCall;
import io.zikos.api.ToolResult;
import io.zikos.api.ToolSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expected strings below were written out by hand from the models' chat templates (Qwen2.5-Instruct, Qwen3,
 * and the AF3 / Music Flamingo processor templates from transformers' converters, copied under
 * {@code src/test/resources/prompt/}). Each conversation is rendered three ways that must agree: the hand-written
 * format, {@link ChatTemplatePromptFormat} on the real template, and the literal string.
 */
class PromptFormatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode json(String s) {
        try {
            return (ObjectNode) JSON.readTree(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = PromptFormatsTest.class.getResourceAsStream("/prompt/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final ToolSpecification TEMPO = new ToolSpecification("estimate_tempo",
            "Estimates the tempo of a recording in BPM.",
            json("{\"type\":\"object\",\"properties\":{\"recording_id\":{\"type\":\"string\","
                    + "\"description\":\"Recording id, e.g. \\\"rec-1\\\"\"},\"window_s\":{\"type\":\"number\","
                    + "\"default\":0.5}},\"required\":[\"recording_id\"]}"));
    private static final ToolSpecification KEY = new ToolSpecification("detect_key", "Détecte la tonalité ♯/♭.",
            json("{\"type\":\"object\",\"properties\":{}}"));

    private static final String TEMPO_JSON = "{\"type\": \"function\", \"function\": {\"name\": \"estimate_tempo\","
            + " \"description\": \"Estimates the tempo of a recording in BPM.\", \"parameters\": {\"type\": \"object\","
            + " \"properties\": {\"recording_id\": {\"type\": \"string\", \"description\": \"Recording id, e.g."
            + " \\\"rec-1\\\"\"}, \"window_s\": {\"type\": \"number\", \"default\": 0.5}}, \"required\":"
            + " [\"recording_id\"]}}}";
    private static final String KEY_JSON = "{\"type\": \"function\", \"function\": {\"name\": \"detect_key\","
            + " \"description\": \"Détecte la tonalité ♯/♭.\", \"parameters\": {\"type\": \"object\", \"properties\":"
            + " {}}}}";
    private static final String TOOLS_INTRO = "# Tools\n\nYou may call one or more functions to assist with the user"
            + " query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>\n";
    private static final String TOOLS_OUTRO = "\n</tools>\n\nFor each function call, return a json object with"
            + " function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\":"
            + " <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n";

    private static ToolResult result(String id, String tool, String jsonText) {
        return new ToolResult(id, tool, json(jsonText), false);
    }

    private static List<ChatMessage> toolConversation() {
        return List.of(
                ChatMessage.user("How fast is my take?"),
                ChatMessage.assistant("", List.of(
                        new ToolCall("c1", "estimate_tempo", json("{\"recording_id\":\"rec-1\"}")),
                        new ToolCall("c2", "detect_key", null))),
                ChatMessage.tool(result("c1", "estimate_tempo", "{\"bpm\":121.5}")),
                ChatMessage.tool(result("c2", "detect_key", "{\"key\":\"A minor\"}")),
                ChatMessage.assistant("About 121.5 BPM in A minor."),
                ChatMessage.user("Thanks!"));
    }

    private static final String QWEN25_TOOLS = "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a"
            + " helpful assistant.\n\n" + TOOLS_INTRO + TEMPO_JSON + "\n" + KEY_JSON + TOOLS_OUTRO
            + "<|im_start|>user\nHow fast is my take?<|im_end|>\n"
            + "<|im_start|>assistant\n<tool_call>\n{\"name\": \"estimate_tempo\", \"arguments\": {\"recording_id\":"
            + " \"rec-1\"}}\n</tool_call>\n<tool_call>\n{\"name\": \"detect_key\", \"arguments\": {}}\n</tool_call>"
            + "<|im_end|>\n"
            + "<|im_start|>user\n<tool_response>\n{\"bpm\":121.5}\n</tool_response>\n<tool_response>\n"
            + "{\"key\":\"A minor\"}\n</tool_response><|im_end|>\n"
            + "<|im_start|>assistant\nAbout 121.5 BPM in A minor.<|im_end|>\n"
            + "<|im_start|>user\nThanks!<|im_end|>\n"
            + "<|im_start|>assistant\n";

    @Test
    void qwen25WithToolsMatchesTheTemplate() {
        List<ToolSpecification> tools = List.of(TEMPO, KEY);
        RenderedPrompt hand = new QwenPromptFormat().render(toolConversation(), tools, true, null);
        assertEquals(QWEN25_TOOLS, hand.text());
        assertNull(hand.audioPlaceholder());
        PromptFormat template = ChatTemplatePromptFormat.of(resource("qwen2.5-instruct.jinja"), ModelFamily.QWEN2,
                Map.of());
        assertEquals(QWEN25_TOOLS, template.render(toolConversation(), tools, true, null).text());
    }

    @Test
    void qwen25WithoutToolsUsesTheCallersSystemText() {
        List<ChatMessage> conv = List.of(ChatMessage.system("You are a music coach."), ChatMessage.user("Hi"),
                ChatMessage.assistant("Hello!"));
        String expected = "<|im_start|>system\nYou are a music coach.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
                + "<|im_start|>assistant\nHello!<|im_end|>\n";
        assertEquals(expected, new QwenPromptFormat().render(conv, List.of(), false, null).text());
        assertEquals(expected, ChatTemplatePromptFormat.of(resource("qwen2.5-instruct.jinja"), ModelFamily.QWEN2,
                Map.of()).render(conv, List.of(), false, null).text());
        String defaultSystem = "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful"
                + " assistant.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n";
        assertEquals(defaultSystem, new QwenPromptFormat().render(List.of(ChatMessage.user("Hi")), null, true, null)
                .text());
    }

    private static List<ChatMessage> qwen3Conversation() {
        return List.of(
                ChatMessage.system("You are a music coach."),
                ChatMessage.user("Is 4/4 common?"),
                ChatMessage.assistant("<think>\nUser asks about meter.\n</think>\n\nYes, very."),
                ChatMessage.user("How fast is my take?"),
                ChatMessage.assistant("<think>\nNeed the tempo tool.\n</think>\n\nLet me check.", List.of(
                        new ToolCall("c1", "estimate_tempo", json("{\"recording_id\":\"rec-1\"}")))),
                ChatMessage.tool(result("c1", "estimate_tempo", "{\"bpm\":121.5}")));
    }

    private static final String QWEN3_TOOLS_NO_THINKING = "<|im_start|>system\nYou are a music coach.\n\n"
            + TOOLS_INTRO + TEMPO_JSON + TOOLS_OUTRO
            + "<|im_start|>user\nIs 4/4 common?<|im_end|>\n"
            + "<|im_start|>assistant\nYes, very.<|im_end|>\n" // reasoning before the last query is dropped
            + "<|im_start|>user\nHow fast is my take?<|im_end|>\n"
            + "<|im_start|>assistant\n<think>\nNeed the tempo tool.\n</think>\n\nLet me check.\n<tool_call>\n"
            + "{\"name\": \"estimate_tempo\", \"arguments\": {\"recording_id\": \"rec-1\"}}\n</tool_call><|im_end|>\n"
            + "<|im_start|>user\n<tool_response>\n{\"bpm\":121.5}\n</tool_response><|im_end|>\n"
            + "<|im_start|>assistant\n<think>\n\n</think>\n\n";

    private static final String QWEN3_THINKING = "<|im_start|>system\nYou are a music coach.<|im_end|>\n"
            + "<|im_start|>user\nIs 4/4 common?<|im_end|>\n"
            + "<|im_start|>assistant\nYes, very.<|im_end|>\n"
            + "<|im_start|>user\nHow fast is my take?<|im_end|>\n"
            + "<|im_start|>assistant\n";

    @Test
    void qwen3ThinkingOffWithToolsMatchesTheTemplate() {
        PromptFormat template = ChatTemplatePromptFormat.of(resource("qwen3.jinja"), ModelFamily.QWEN3, Map.of());
        assertEquals(QWEN3_TOOLS_NO_THINKING,
                new Qwen3PromptFormat().render(qwen3Conversation(), List.of(TEMPO), true, false).text());
        assertEquals(QWEN3_TOOLS_NO_THINKING,
                template.render(qwen3Conversation(), List.of(TEMPO), true, false).text());
    }

    @Test
    void qwen3ThinkingOnOrDefaultLeavesTheGenerationPromptOpen() {
        PromptFormat template = ChatTemplatePromptFormat.of(resource("qwen3.jinja"), ModelFamily.QWEN3, Map.of());
        List<ChatMessage> conv = qwen3Conversation().subList(0, 4);
        for (Boolean thinking : new Boolean[] {null, true}) {
            assertEquals(QWEN3_THINKING, new Qwen3PromptFormat().render(conv, List.of(), true, thinking).text());
            assertEquals(QWEN3_THINKING, template.render(conv, List.of(), true, thinking).text());
        }
    }

    @Test
    void qwen3KeepsReasoningOfTheLastAssistantTurn() {
        List<ChatMessage> conv = List.of(ChatMessage.user("Hi"),
                ChatMessage.assistant("<think>\nGreet back.\n</think>\n\nHello!"));
        String expected = "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\nGreet back.\n</think>\n\n"
                + "Hello!<|im_end|>\n";
        assertEquals(expected, new Qwen3PromptFormat().render(conv, null, false, null).text());
        assertEquals(expected, ChatTemplatePromptFormat.of(resource("qwen3.jinja"), ModelFamily.QWEN3, Map.of())
                .render(conv, null, false, null).text());
    }

    private static final AudioClip CLIP = AudioClip.of(AudioSource.ofPcm(new float[16], 16000));

    private static List<ChatMessage> audioConversation() {
        return List.of(ChatMessage.user("Describe this piece.", CLIP), ChatMessage.assistant("A slow blues in E."),
                ChatMessage.user("Which instruments?"));
    }

    @Test
    void audioFlamingo3PutsOneSoundBeforeTheText() {
        String expected = "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                + "<|im_start|>user\n<sound>Describe this piece.<|im_end|>\n"
                + "<|im_start|>assistant\nA slow blues in E.<|im_end|>\n"
                + "<|im_start|>user\nWhich instruments?<|im_end|>\n"
                + "<|im_start|>assistant\n";
        RenderedPrompt hand = new AudioFlamingoPromptFormat().render(audioConversation(), List.of(), true, null);
        assertEquals(expected, hand.text());
        assertEquals("<sound>", hand.audioPlaceholder());
        assertEquals(List.of(CLIP), hand.audio());
        RenderedPrompt template = ChatTemplatePromptFormat.of(resource("audioflamingo3-processor.jinja"),
                ModelFamily.AUDIO_FLAMINGO_3, Map.of()).render(audioConversation(), List.of(), true, null);
        assertEquals(expected, template.text());
        assertEquals(List.of(CLIP), template.audio());
    }

    @Test
    void musicFlamingoWrapsTheSoundAndKeepsTheCallersSystem() {
        List<ChatMessage> conv = new java.util.ArrayList<>();
        conv.add(ChatMessage.system("Be brief."));
        conv.addAll(audioConversation());
        String expected = "<|im_start|>system\nBe brief.<|im_end|>\n"
                + "<|im_start|>user\n<|sound_bos|><sound><|sound_eos|>Describe this piece.<|im_end|>\n"
                + "<|im_start|>assistant\nA slow blues in E.<|im_end|>\n"
                + "<|im_start|>user\nWhich instruments?<|im_end|>\n"
                + "<|im_start|>assistant\n";
        RenderedPrompt hand = new MusicFlamingoPromptFormat().render(conv, List.of(), true, null);
        assertEquals(expected, hand.text());
        assertEquals("<sound>", hand.audioPlaceholder());
        assertEquals(expected, ChatTemplatePromptFormat.of(resource("musicflamingo-processor.jinja"),
                ModelFamily.MUSIC_FLAMINGO, Map.of()).render(conv, List.of(), true, null).text());
    }

    @Test
    void musicFlamingoDefaultSystemPromptIsByteExact() {
        // Copied by hand from transformers' convert_musicflamingo_to_hf.py (typos are the model's).
        String expected = "<|im_start|>system\nYou are Music Flamingo, a multimodal assistant for language and music."
                + " On each turn you receive an audio clip which contains music and optional text, you will receive"
                + " at least one or both; use your world knowledge and reasoning to help the user with any task."
                + " Interpret the entirety of the content any input music--regardlenss of whether the user calls it"
                + " audio, music, or sound.<|im_end|>\n"
                + "<|im_start|>user\n<|sound_bos|><sound><|sound_eos|>Describe this piece.<|im_end|>\n"
                + "<|im_start|>assistant\n";
        List<ChatMessage> conv = audioConversation().subList(0, 1);
        assertEquals(expected, new MusicFlamingoPromptFormat().render(conv, null, true, null).text());
        assertEquals(expected, ChatTemplatePromptFormat.of(resource("musicflamingo-processor.jinja"),
                ModelFamily.MUSIC_FLAMINGO, Map.of()).render(conv, null, true, null).text());
    }

    @Test
    void twoRecordingsInOneMessageAreRejected() {
        ChatMessage two = new ChatMessage(ChatRole.USER, List.of(ContentPart.audio(CLIP), ContentPart.audio(CLIP),
                ContentPart.text("Compare")), List.of(), null);
        assertThrows(IllegalArgumentException.class,
                () -> new AudioFlamingoPromptFormat().render(List.of(two), List.of(), true, null));
        assertThrows(IllegalArgumentException.class, () -> ChatTemplatePromptFormat.of(
                resource("audioflamingo3-processor.jinja"), ModelFamily.AUDIO_FLAMINGO_3, Map.of())
                .render(List.of(two), List.of(), true, null));
    }

    @Test
    void forModelPrefersTheDirectorysTemplate(@TempDir Path dir) throws IOException {
        assertInstanceOf(QwenPromptFormat.class, PromptFormats.forModel(dir, ModelFamily.QWEN2));
        assertInstanceOf(Qwen3PromptFormat.class, PromptFormats.forModel(null, ModelFamily.QWEN3));
        ObjectNode config = JSON.createObjectNode();
        config.put("eos_token", "<|im_end|>");
        // A recognisably different template proves the directory's one is used.
        config.put("chat_template", "{% for m in messages %}[{{ m.role }}]{{ m.content }}{% endfor %}{{ eos_token }}");
        Files.writeString(dir.resolve("tokenizer_config.json"), JSON.writeValueAsString(config));
        PromptFormat format = PromptFormats.forModel(dir, ModelFamily.QWEN2);
        assertInstanceOf(ChatTemplatePromptFormat.class, format);
        assertEquals("[user]Hi<|im_end|>", format.render(List.of(ChatMessage.user("Hi")), null, false, null).text());
        // An audio model's tokenizer template cannot place audio: the built-in format is used.
        assertInstanceOf(MusicFlamingoPromptFormat.class, PromptFormats.forModel(dir, ModelFamily.MUSIC_FLAMINGO));
        Files.writeString(dir.resolve("chat_template.jinja"), resource("musicflamingo-processor.jinja"));
        assertInstanceOf(ChatTemplatePromptFormat.class, PromptFormats.forModel(dir, ModelFamily.MUSIC_FLAMINGO));
    }

    @Test
    void brokenTemplateInADirectoryIsAModelLoadException(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("chat_template.jinja"), "{% if messages %}never closed");
        assertThrows(io.zikos.api.ModelLoadException.class, () -> PromptFormats.forModel(dir, ModelFamily.QWEN2));
    }
}

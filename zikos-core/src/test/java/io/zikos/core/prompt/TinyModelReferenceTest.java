package io.zikos.core.prompt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zikos.api.AudioClip;
import io.zikos.api.AudioSource;
import io.zikos.api.ChatMessage;
import io.zikos.api.ModelFamily;
import io.zikos.core.text.HfTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Prompts and token ids against what transformers produced for the tiny test models in {@code testdata/models}
 * (their {@code reference.json}): the directory's chat template and the built-in format must both render the
 * reference text, and {@link HfTokenizer} must give the reference ids (audio placeholders expanded to the
 * reference's audio token count).
 */
class TinyModelReferenceTest {

    private static Path modelDir(String name) {
        return Path.of(System.getProperty("zikos.testdata", "../testdata"), "models", name);
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    private static List<ChatMessage> messages(JsonNode json, Path audioDir) {
        List<ChatMessage> out = new ArrayList<>();
        for (JsonNode m : json) {
            if (!m.path("role").asText().equals("user")) {
                throw new IllegalStateException("the reference cases only hold user messages");
            }
            JsonNode content = m.path("content");
            if (content.isTextual()) {
                out.add(ChatMessage.user(content.textValue()));
            } else {
                String text = "";
                AudioClip clip = null;
                for (JsonNode part : content) {
                    if (part.path("type").asText().equals("audio")) {
                        clip = AudioClip.of(AudioSource.of(audioDir.resolve(part.path("path").asText())));
                    } else {
                        text += part.path("text").asText();
                    }
                }
                out.add(clip == null ? ChatMessage.user(text) : ChatMessage.user(text, clip));
            }
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"qwen2-tiny, QWEN2", "qwen3-tiny, QWEN3", "af3-tiny, AUDIO_FLAMINGO_3", "mf-tiny, MUSIC_FLAMINGO"})
    void promptsAndIdsMatchTransformers(String model, ModelFamily family) throws IOException {
        Path root = modelDir(model);
        assumeTrue(Files.isRegularFile(root.resolve("reference.json")), "tiny test models not generated");
        Path dir = root.resolve("onnx");
        JsonNode reference = new ObjectMapper().readTree(root.resolve("reference.json").toFile());
        Path audioDir = root.getParent().getParent().resolve("audio");
        PromptFormat fromDir = PromptFormats.forModel(dir, family);
        assertInstanceOf(ChatTemplatePromptFormat.class, fromDir);
        PromptFormat builtin = PromptFormats.builtin(family);
        int checked = 0;
        try (HfTokenizer tokenizer = HfTokenizer.load(dir)) {
            for (JsonNode c : reference.path("cases")) {
                int[] expectedIds = ints(c.path("input_ids"));
                if (c.has("messages")) {
                    List<ChatMessage> conv = messages(c.path("messages"), audioDir);
                    JsonNode thinkingNode = c.path("template_kwargs").path("enable_thinking");
                    Boolean thinking = thinkingNode.isBoolean() ? thinkingNode.booleanValue() : null;
                    for (PromptFormat format : new PromptFormat[] {fromDir, builtin}) {
                        RenderedPrompt prompt = format.render(conv, List.of(), true, thinking);
                        String text = prompt.text();
                        String sound = AudioFlamingoPromptFormat.SOUND;
                        String wrapped = MusicFlamingoPromptFormat.SOUND_BOS + sound + MusicFlamingoPromptFormat.SOUND_EOS;
                        // The reference text is the template's output; MF's processor wraps <sound> afterwards.
                        assertEquals(c.path("text").asText(), text.replace(wrapped, sound),
                                model + "/" + c.path("name").asText() + " with " + format.getClass().getSimpleName());
                        if (c.has("num_audio_tokens")) {
                            assertEquals(1, prompt.audio().size());
                            text = text.replace(sound, sound.repeat(c.path("num_audio_tokens").asInt()));
                        }
                        assertArrayEquals(expectedIds, tokenizer.encode(text), model + "/" + c.path("name").asText());
                    }
                    checked++;
                } else if (c.has("text")) {
                    assertArrayEquals(expectedIds, tokenizer.encode(c.path("text").asText()));
                    assertEquals(c.path("text").asText(), tokenizer.decode(expectedIds));
                    checked++;
                }
            }
        }
        assertEquals(true, checked >= 2, "reference cases checked: " + checked);
    }
}

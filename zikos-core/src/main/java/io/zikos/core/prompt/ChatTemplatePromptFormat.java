package io.zikos.core.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zikos.api.AudioClip;
import io.zikos.api.ChatMessage;
import io.zikos.api.ModelFamily;
import io.zikos.api.ModelLoadException;
import io.zikos.api.ToolSpecification;
import io.zikos.core.prompt.jinja.JinjaTemplate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders a model's own Jinja {@code chat_template} (the authority where a model ships one) with the variables
 * {@code transformers}' {@code apply_chat_template} passes: {@code messages}, {@code tools} (OpenAI-style function
 * specs, or none), {@code add_generation_prompt}, {@code enable_thinking} (only when the caller chose), and the
 * tokenizer's {@code bos_token}/{@code eos_token}.
 *
 * <p>For audio families, messages with audio are passed as content lists ({@code {"type": "audio"}} before the
 * text) as the AF3 / Music Flamingo processor templates expect; the rendered text must then hold one
 * {@code <sound>} per clip. For Music Flamingo each {@code <sound>} is wrapped in
 * {@code <|sound_bos|>}/{@code <|sound_eos|>} here, as its processor does after templating.
 */
public final class ChatTemplatePromptFormat implements PromptFormat {

    private final JinjaTemplate template;
    private final JinjaTemplate toolTemplate;
    private final ModelFamily family;
    private final Map<String, Object> specialTokens;

    private ChatTemplatePromptFormat(JinjaTemplate template, JinjaTemplate toolTemplate, ModelFamily family,
                                     Map<String, Object> specialTokens) {
        this.template = template;
        this.toolTemplate = toolTemplate;
        this.family = family;
        this.specialTokens = Map.copyOf(specialTokens);
    }

    /**
     * A format from template source.
     *
     * @param specialTokens extra variables such as {@code bos_token} and {@code eos_token}
     * @throws io.zikos.core.prompt.jinja.JinjaException when the template does not parse
     */
    public static ChatTemplatePromptFormat of(String template, ModelFamily family, Map<String, ?> specialTokens) {
        Map<String, Object> tokens = new HashMap<>();
        if (specialTokens != null) {
            specialTokens.forEach((k, v) -> tokens.put(k, v == null ? "" : v));
        }
        return new ChatTemplatePromptFormat(JinjaTemplate.compile(template), null,
                Objects.requireNonNull(family, "family"), tokens);
    }

    /**
     * Reads the chat template of a model directory: {@code chat_template.jinja}, then {@code chat_template.json}
     * (processor templates), then {@code tokenizer_config.json}'s {@code chat_template} (a string, or named
     * templates where {@code tool_use} is taken when tools are given). For audio families only the processor-level
     * templates are used, since the tokenizer's text-only template cannot place audio.
     *
     * @return empty when the directory has no usable template
     * @throws ModelLoadException when a template file exists but cannot be read or parsed
     */
    public static Optional<ChatTemplatePromptFormat> fromModelDir(Path modelDir, ModelFamily family) {
        Objects.requireNonNull(modelDir, "modelDir");
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> tokens = new HashMap<>();
        String source = null;
        String toolSource = null;
        try {
            Path tokenizerConfig = modelDir.resolve("tokenizer_config.json");
            JsonNode config = Files.isRegularFile(tokenizerConfig) ? json.readTree(tokenizerConfig.toFile()) : null;
            if (config != null) {
                for (String name : List.of("bos_token", "eos_token", "pad_token", "unk_token")) {
                    JsonNode t = config.path(name);
                    if (t.isTextual()) {
                        tokens.put(name, t.textValue());
                    } else if (t.isObject() && t.path("content").isTextual()) {
                        tokens.put(name, t.path("content").textValue());
                    }
                }
            }
            Path jinja = modelDir.resolve("chat_template.jinja");
            Path templateJson = modelDir.resolve("chat_template.json");
            if (Files.isRegularFile(jinja)) {
                source = Files.readString(jinja, StandardCharsets.UTF_8);
            } else if (Files.isRegularFile(templateJson)) {
                JsonNode t = json.readTree(templateJson.toFile()).path("chat_template");
                source = t.isTextual() ? t.textValue() : null;
            } else if (config != null && !family.hearsAudio()) {
                JsonNode t = config.path("chat_template");
                if (t.isTextual()) {
                    source = t.textValue();
                } else if (t.isArray()) {
                    for (JsonNode named : t) {
                        String name = named.path("name").asText();
                        if (name.equals("default")) {
                            source = named.path("template").asText();
                        } else if (name.equals("tool_use")) {
                            toolSource = named.path("template").asText();
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read the chat template in " + modelDir.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
        if (source == null && toolSource == null) {
            return Optional.empty();
        }
        try {
            JinjaTemplate main = JinjaTemplate.compile(source != null ? source : toolSource);
            JinjaTemplate tool = toolSource != null ? JinjaTemplate.compile(toolSource) : null;
            return Optional.of(new ChatTemplatePromptFormat(main, tool, family, tokens));
        } catch (RuntimeException e) {
            throw new ModelLoadException("The chat template in " + modelDir.toAbsolutePath()
                    + " cannot be used (" + e.getMessage() + "); remove it to use Zikos' built-in "
                    + family + " format", e);
        }
    }

    @Override
    public RenderedPrompt render(List<ChatMessage> messages, List<ToolSpecification> tools,
                                 boolean addGenerationPrompt, Boolean thinking) {
        List<ToolSpecification> toolList = tools == null ? List.of() : tools;
        Map<String, Object> vars = new HashMap<>(specialTokens);
        vars.put("messages", TemplateMessages.messages(messages, family.hearsAudio()));
        if (!toolList.isEmpty()) {
            List<Object> specs = new ArrayList<>();
            toolList.forEach(t -> specs.add(TemplateMessages.tool(t)));
            vars.put("tools", specs);
        } else {
            vars.put("tools", null);
        }
        vars.put("add_generation_prompt", addGenerationPrompt);
        if (thinking != null) {
            vars.put("enable_thinking", thinking);
        }
        JinjaTemplate chosen = !toolList.isEmpty() && toolTemplate != null ? toolTemplate : template;
        String text = chosen.render(vars);
        if (!family.hearsAudio()) {
            return new RenderedPrompt(text, null, List.of());
        }
        List<AudioClip> audio = new ArrayList<>();
        messages.forEach(m -> audio.addAll(m.audio()));
        String sound = AudioFlamingoPromptFormat.SOUND;
        int count = 0;
        for (int i = text.indexOf(sound); i >= 0; i = text.indexOf(sound, i + sound.length())) {
            count++;
        }
        if (count != audio.size()) {
            throw new IllegalArgumentException("The chat template placed " + count + " " + sound + " placeholders for "
                    + audio.size() + " recordings; put at most one recording in each message");
        }
        if (family == io.zikos.api.ModelFamily.MUSIC_FLAMINGO) {
            String wrapped = MusicFlamingoPromptFormat.SOUND_BOS + sound + MusicFlamingoPromptFormat.SOUND_EOS;
            text = text.replace(wrapped, sound).replace(sound, wrapped);
        }
        return new RenderedPrompt(text, sound, audio);
    }
}

package io.zikos.core.generate;

import static io.zikos.core.generate.FakeModels.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zikos.api.AudioClip;
import io.zikos.api.AudioSource;
import io.zikos.api.Cancellation;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRequest;
import io.zikos.api.ChatResponse;
import io.zikos.api.FinishReason;
import io.zikos.api.GenerationOptions;
import io.zikos.api.MelFeatures;
import io.zikos.api.ModelLoadException;
import io.zikos.api.Preprocessor;
import io.zikos.api.StreamingChatListener;
import io.zikos.api.ToolCall;
import io.zikos.core.audio.AudioBudgetExceededException;
import io.zikos.core.prompt.PromptFormat;
import io.zikos.core.prompt.RenderedPrompt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LocalBackendsTest {

    private static final int EOS = 299;
    private static final int SOUND = 250;

    /** Renders "role: text\n" lines; audio parts become one placeholder character (byte 250 is not valid UTF-8, so
     * the test uses a private marker that the byte tokenizer maps to id SOUND). */
    private static final PromptFormat FORMAT = (messages, tools, gen, thinking) -> {
        String text = messages.stream().map(m -> m.role() + ": " + (m.hasAudio() ? "@" : "") + m.text())
                .collect(Collectors.joining("\n")) + "\nassistant: ";
        List<AudioClip> clips = messages.stream().flatMap(m -> m.audio().stream()).toList();
        return new RenderedPrompt(text, clips.isEmpty() ? null : "@", clips);
    };

    private static LocalModelSettings settings(int maxOut) {
        return new LocalModelSettings("fake", "test", 4096, maxOut, GenerationOptions.builder().temperature(0.0)
                .build(), Set.of(EOS), true, true);
    }

    @Test
    void chatBackendStreamsTextParsesToolCallsAndReportsUsage() {
        String reply = "Let me check.<tool_call>\n{\"name\": \"tempo\", \"arguments\": {\"id\": \"r1\"}}\n</tool_call>";
        int promptLen = new FakeModels.ByteTokenizer().encode(FORMAT.render(List.of(ChatMessage.user("hi")),
                List.of(), true, null).text()).length;
        FakeModels.ScriptedLm lm = FakeModels.ScriptedLm.emitting(promptLen, concat(bytes(reply), EOS));
        List<String> deltas = new ArrayList<>();
        List<ToolCall> calls = new ArrayList<>();
        ChatResponse[] completed = new ChatResponse[1];
        try (LocalChatBackend backend = new LocalChatBackend(lm, new FakeModels.ByteTokenizer(), FORMAT, settings(100))) {
            ChatResponse r = backend.generate(ChatRequest.of(ChatMessage.user("hi")), new StreamingChatListener() {
                @Override
                public void onTextDelta(String delta) {
                    deltas.add(delta);
                }

                @Override
                public void onToolCall(ToolCall call) {
                    calls.add(call);
                }

                @Override
                public void onComplete(ChatResponse response) {
                    completed[0] = response;
                }
            }, Cancellation.none());
            assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
            assertEquals("Let me check.", r.text());
            assertEquals("Let me check.", String.join("", deltas));
            assertEquals(1, calls.size());
            assertEquals("tempo", r.message().toolCalls().get(0).name());
            assertEquals("r1", r.message().toolCalls().get(0).arguments().get("id").asText());
            assertEquals(promptLen, r.usage().inputTokens());
            assertEquals(bytes(reply).length + 1, r.usage().outputTokens());
            assertEquals(r, completed[0]);
            assertEquals(0, lm.openStates.get());
        }
    }

    @Test
    void aListenerThatThrowsFromOnCompleteIsNotAlsoToldOnError() {
        FakeModels.ScriptedLm lm = FakeModels.ScriptedLm.emitting(0, EOS);
        List<Throwable> errors = new ArrayList<>();
        try (LocalChatBackend backend = new LocalChatBackend(lm, new FakeModels.ByteTokenizer(), FORMAT, settings(10))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> backend.generate(
                    ChatRequest.of(ChatMessage.user("hi")), new StreamingChatListener() {
                        @Override
                        public void onComplete(ChatResponse response) {
                            throw new IllegalStateException("listener broke");
                        }

                        @Override
                        public void onError(Throwable error) {
                            errors.add(error);
                        }
                    }, Cancellation.none()));
            assertEquals("listener broke", e.getMessage());
            assertEquals(List.of(), errors, "exactly one of onComplete or onError");
        }
    }

    @Test
    void thinkingIsSeparatedFromTheAnswer() {
        String reply = "<think>\nhmm\n</think>\n\nA4.";
        FakeModels.ScriptedLm lm = new FakeModels.ScriptedLm(seq -> {
            // find how far the reply has progressed: count tokens after the prompt's last "assistant: "
            int start = lastPromptEnd(seq);
            int[] script = concat(bytes(reply), EOS);
            return FakeModels.oneHot(script[Math.min(seq.size() - start, script.length - 1)]);
        });
        List<String> thinking = new ArrayList<>();
        try (LocalChatBackend backend = new LocalChatBackend(lm, new FakeModels.ByteTokenizer(), FORMAT, settings(100))) {
            ChatResponse r = backend.generate(ChatRequest.of(ChatMessage.user("note?")), new StreamingChatListener() {
                @Override
                public void onThinkingDelta(String delta) {
                    thinking.add(delta);
                }
            }, Cancellation.none());
            assertEquals("A4.", r.text());
            assertEquals("hmm", r.thinking());
            assertEquals(FinishReason.STOP, r.finishReason());
            assertTrue(String.join("", thinking).contains("hmm"));
        }
    }

    private static int lastPromptEnd(List<Integer> seq) {
        int[] marker = bytes("assistant: ");
        for (int end = seq.size(); end >= marker.length; end--) {
            boolean match = true;
            for (int i = 0; i < marker.length && match; i++) {
                match = seq.get(end - marker.length + i) == marker[i];
            }
            if (match) {
                return end;
            }
        }
        return seq.size();
    }

    @Test
    void aClosedBackendRefusesWork() {
        LocalChatBackend backend = new LocalChatBackend(FakeModels.ScriptedLm.emitting(0, EOS),
                new FakeModels.ByteTokenizer(), FORMAT, settings(10));
        backend.close();
        assertThrows(IllegalStateException.class, () -> backend.generate(ChatRequest.of(ChatMessage.user("x"))));
    }

    private static final class FakeFeatures implements Preprocessor<MelFeatures> {
        final int tokens;

        FakeFeatures(int tokens) {
            this.tokens = tokens;
        }

        @Override
        public Class<MelFeatures> outputType() {
            return MelFeatures.class;
        }

        @Override
        public MelFeatures process(AudioSource source) {
            // one window whose valid frames give exactly `tokens` audio tokens
            int frames = 4 * tokens;
            return new MelFeatures(new float[frames], 1, 1, frames, new int[] {frames}, tokens, false);
        }
    }

    /** Byte tokenizer that maps '@' to the SOUND id. */
    private static final class SoundTokenizer extends FakeModels.ByteTokenizerBase {
        @Override
        public int[] encode(String text) {
            return Arrays.stream(bytes(text)).map(b -> b == '@' ? SOUND : b).toArray();
        }
    }

    @Test
    void audioBackendScattersAudioAndSurfacesTheOutputCapAsLength() {
        FakeModels.FakeAudioLm lm = new FakeModels.FakeAudioLm(8, seq -> FakeModels.oneHot('a'));
        var audio = new LocalAudioLanguageBackend.AudioSettings(SOUND, 40, 24_000);
        try (LocalAudioLanguageBackend backend = new LocalAudioLanguageBackend(lm, new SoundTokenizer(), FORMAT,
                settings(5), audio, () -> new FakeFeatures(8))) {
            ChatMessage msg = ChatMessage.user("describe", AudioClip.of(AudioSource.ofPcm(new float[16], 16000)));
            ChatResponse r = backend.generate(ChatRequest.of(msg).withOptions(GenerationOptions.greedy(100)));
            assertEquals(FinishReason.LENGTH, r.finishReason(), "the model's 5-token cap wins over the request's 100");
            assertEquals("aaaaa", r.text());
            assertEquals(5, r.usage().outputTokens());
            int textTokens = new SoundTokenizer().encode(FORMAT.render(List.of(msg), List.of(), true, null).text())
                    .length;
            assertEquals(textTokens - 1 + 8, r.usage().inputTokens());
            assertEquals(1, lm.embeddingCalls.size());
            assertTrue(backend.capabilities().audioInput());
        }
    }

    @Test
    void audioBackendEnforcesTheInputBudget() {
        FakeModels.FakeAudioLm lm = new FakeModels.FakeAudioLm(4000, seq -> FakeModels.oneHot('a'));
        var audio = new LocalAudioLanguageBackend.AudioSettings(SOUND, 40, 1000);
        try (LocalAudioLanguageBackend backend = new LocalAudioLanguageBackend(lm, new SoundTokenizer(), FORMAT,
                settings(5), audio, () -> new FakeFeatures(3000))) {
            ChatMessage msg = ChatMessage.user("describe", AudioClip.of(AudioSource.ofPcm(new float[16], 16000)));
            AudioBudgetExceededException e = assertThrows(AudioBudgetExceededException.class,
                    () -> backend.generate(ChatRequest.of(msg)));
            assertEquals(3000, e.audioTokens());
            assertTrue(e.getMessage().contains("Trim the recording"), e.getMessage());
            assertEquals(0, lm.forwardCalls.get());
        }
    }

    @Test
    void withoutZikosDspTheFeaturePreprocessorIsAClearLoadError() {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> AudioPrefill.featurePreprocessor(40));
        assertTrue(e.getMessage().contains("zikos-dsp"), e.getMessage());
    }

    private static int[] concat(int[] a, int b) {
        int[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }
}

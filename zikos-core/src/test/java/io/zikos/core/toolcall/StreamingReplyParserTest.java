package io.zikos.core.toolcall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zikos.api.StreamingChatListener;
import io.zikos.api.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StreamingReplyParserTest {

    /** Records events as "text:…", "think:…", "call:name" in order, merging consecutive deltas of one kind. */
    static final class Recorder implements StreamingChatListener {
        final List<String> events = new ArrayList<>();

        private void add(String kind, String delta) {
            int last = events.size() - 1;
            if (last >= 0 && events.get(last).startsWith(kind + ":") && !kind.equals("call")) {
                events.set(last, events.get(last) + delta);
            } else {
                events.add(kind + ":" + delta);
            }
        }

        @Override public void onTextDelta(String d) { add("text", d); }
        @Override public void onThinkingDelta(String d) { add("think", d); }
        @Override public void onToolCall(ToolCall c) { add("call", c.name()); }
    }

    private static ParsedReply stream(String raw, int chunk, Recorder rec) {
        AtomicInteger ids = new AtomicInteger();
        StreamingReplyParser p = new StreamingReplyParser(rec, false, () -> "c" + ids.incrementAndGet());
        for (int i = 0; i < raw.length(); i += chunk) {
            p.accept(raw.substring(i, Math.min(raw.length(), i + chunk)));
        }
        return p.finish();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 1000})
    void splitsTextThinkingAndCallsWhateverTheChunking(int chunk) {
        String raw = "<think>\nThe user wants tempo.\n</think>\n\nLet me measure that.\n<tool_call>\n"
                + "{\"name\": \"tempo\", \"arguments\": {\"recording_id\": \"abc\"}}\n</tool_call>\n"
                + "<tool_call>\n{\"name\": \"key\", \"arguments\": {}}\n</tool_call>";
        Recorder rec = new Recorder();
        ParsedReply r = stream(raw, chunk, rec);
        assertEquals("The user wants tempo.", r.thinking());
        assertEquals("Let me measure that.", r.text());
        assertEquals(List.of("tempo", "key"), r.toolCalls().stream().map(ToolCall::name).toList());
        assertEquals("abc", r.toolCalls().get(0).arguments().get("recording_id").asText());
        assertEquals(List.of("think:The user wants tempo.\n", "text:Let me measure that.\n", "call:tempo", "call:key"),
                rec.events);
        assertTrue(r.malformed().isEmpty());
    }

    @Test
    void toleratesRawNewlinesInsideJsonStrings() {
        ParsedReply r = StreamingReplyParser.parse("<tool_call>\n{\"name\": \"create_midi_exercise\", \"arguments\": "
                + "{\"notation\": \"tempo 90\nC4/q D4/q\n| E4/h\"}}\n</tool_call>");
        assertEquals(1, r.toolCalls().size());
        assertEquals("tempo 90\nC4/q D4/q\n| E4/h", r.toolCalls().get(0).arguments().get("notation").asText());
    }

    @Test
    void acceptsACallWhoseClosingTagNeverCame() {
        ParsedReply r = StreamingReplyParser.parse("Checking.\n<tool_call>\n{\"name\": \"tempo\", \"arguments\": "
                + "{\"recording_id\": \"x\"}}");
        assertEquals("Checking.", r.text());
        assertEquals("tempo", r.toolCalls().get(0).name());
    }

    @Test
    void acceptsCodeFencesTrailingCommasStringArgumentsAndParametersKey() {
        ParsedReply r = StreamingReplyParser.parse(
                "<tool_call>```json\n{\"name\": \"a\", \"arguments\": {\"x\": 1,},}\n```</tool_call>"
                + "<tool_call>{\"name\": \"b\", \"arguments\": \"{\\\"y\\\": 2}\"}</tool_call>"
                + "<tool_call>{'name': 'c', 'parameters': {'z': 3}}</tool_call>");
        assertEquals(List.of("a", "b", "c"), r.toolCalls().stream().map(ToolCall::name).toList());
        assertEquals(1, r.toolCalls().get(0).arguments().get("x").asInt());
        assertEquals(2, r.toolCalls().get(1).arguments().get("y").asInt());
        assertEquals(3, r.toolCalls().get(2).arguments().get("z").asInt());
    }

    @Test
    void reportsMalformedBlocksWithoutDroppingGoodOnes() {
        ParsedReply r = StreamingReplyParser.parse("<tool_call>{\"name\": \"tempo\", \"arguments\": {\"a\": }"
                + "</tool_call><tool_call>{\"arguments\": {}}</tool_call><tool_call>{\"name\": \"ok\"}</tool_call>");
        assertEquals(List.of("ok"), r.toolCalls().stream().map(ToolCall::name).toList());
        assertEquals(2, r.malformed().size());
        assertTrue(r.malformed().get(0).problem().contains("not valid JSON"), r.malformed().get(0).problem());
        assertTrue(r.malformed().get(1).problem().contains("\"name\""), r.malformed().get(1).problem());
        assertTrue(r.replyText().contains("<tool_call>{\"arguments\": {}}</tool_call>"));
    }

    @Test
    void anUnclosedCallFollowedByANewOneEndsAtTheNewOne() {
        ParsedReply r = StreamingReplyParser.parse("<tool_call>{\"name\": \"a\"}\n<tool_call>{\"name\": \"b\"}</tool_call>");
        assertEquals(List.of("a", "b"), r.toolCalls().stream().map(ToolCall::name).toList());
    }

    @Test
    void textThatMerelyLooksLikeATagPrefixIsNotSwallowed() {
        Recorder rec = new Recorder();
        ParsedReply r = stream("a < b and <tool is not a tag; x <thin", 1, rec);
        assertEquals("a < b and <tool is not a tag; x <thin", r.text());
        assertEquals(List.of("text:a < b and <tool is not a tag; x <thin"), rec.events);
    }

    @Test
    void promptThatOpenedThinkingStartsInThinking() {
        Recorder rec = new Recorder();
        StreamingReplyParser p = new StreamingReplyParser(rec, true);
        p.accept("hmm, the key is D\n</think>\n\nIt is in D major.");
        ParsedReply r = p.finish();
        assertEquals("hmm, the key is D", r.thinking());
        assertEquals("It is in D major.", r.text());
        assertFalse(r.text().contains("think"));
    }

    @Test
    void unterminatedThinkingIsKeptAsThinking() {
        ParsedReply r = StreamingReplyParser.parse("<think>still reasoning when the limit hit");
        assertEquals("still reasoning when the limit hit", r.thinking());
        assertEquals("", r.text());
    }

    @Test
    void partialTagSuffixFindsTheLongestPrefix() {
        assertEquals(5, StreamingReplyParser.partialTagSuffix("abc<tool", "<tool_call>"));
        assertEquals(0, StreamingReplyParser.partialTagSuffix("abc<tox", "<tool_call>"));
        assertEquals(1, StreamingReplyParser.partialTagSuffix("abc<", "<think>", "<tool_call>"));
    }
}

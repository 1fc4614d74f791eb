package io.zikos.core.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.AudioTool;
import io.zikos.api.Cancellation;
import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRequest;
import io.zikos.api.ChatResponse;
import io.zikos.api.ChatRole;
import io.zikos.api.FinishReason;
import io.zikos.api.ToolCall;
import io.zikos.api.ToolContext;
import io.zikos.api.ToolException;
import io.zikos.api.ToolResult;
import io.zikos.core.testing.ScriptedBackend;
import io.zikos.core.tools.ToolRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConversationEngineTest {

    /** A tool that reports a fixed tempo and counts its invocations. */
    static final class TempoTool implements AudioTool {
        final AtomicInteger calls = new AtomicInteger();

        @Override public String name() { return "tempo"; }
        @Override public String description() { return "Measures tempo."; }

        @Override
        public ObjectNode parameters() {
            ObjectNode schema = JsonNodeFactory.instance.objectNode();
            schema.put("type", "object");
            schema.putObject("properties").putObject("recording_id").put("type", "string");
            return schema;
        }

        @Override
        public JsonNode invoke(ObjectNode arguments, ToolContext context) {
            calls.incrementAndGet();
            if (!arguments.hasNonNull("recording_id")) {
                throw new ToolException(ToolException.Code.INVALID_ARGUMENTS, "recording_id is required");
            }
            return JsonNodeFactory.instance.objectNode().put("bpm", 92.5);
        }
    }

    private static String call(String name, String argsJson) {
        return "<tool_call>\n{\"name\": \"" + name + "\", \"arguments\": " + argsJson + "}\n</tool_call>";
    }

    /** Records every event as a short string, in order. */
    static final class Events implements TurnListener {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        private final StringBuilder text = new StringBuilder();

        private void flushText() {
            if (text.length() > 0) {
                log.add("text:" + text);
                text.setLength(0);
            }
        }

        @Override public void onTextDelta(String d) { text.append(d); }
        @Override public void onToolCall(ToolCall c) { flushText(); log.add("call:" + c.name()); }
        @Override public void onComplete(ChatResponse r) { flushText(); log.add("round:" + r.finishReason()); }
        @Override public void onToolResult(ToolCall c, ToolResult r) { log.add("result:" + c.name() + (r.error() ? ":error" : "")); }
        @Override public void onTurnComplete(TurnResult r) { log.add("done"); }
    }

    private final TempoTool tempo = new TempoTool();

    private ConversationEngine engine(ScriptedBackend backend) {
        return ConversationEngine.builder(backend)
                .tools(new ToolRegistry().register(tempo))
                .systemPrompt("You are a coach.")
                .policy(new ToolLoopPolicy(3, 2, 1, 1))
                .build();
    }

    @Test
    void runsToolsAndStreamsEventsInOrder() {
        ScriptedBackend backend = ScriptedBackend.of(
                "Let me measure." + call("tempo", "{\"recording_id\": \"r1\"}"),
                "You played at about 92 bpm.");
        Events events = new Events();
        TurnResult r = engine(backend).newSession().send(ChatMessage.user("How fast?"), events, Cancellation.none());

        assertEquals("You played at about 92 bpm.", r.text());
        assertEquals(List.of("text:Let me measure.", "call:tempo", "round:TOOL_CALLS", "result:tempo",
                "text:You played at about 92 bpm.", "round:STOP", "done"), events.log);
        assertEquals(1, tempo.calls.get());
        assertEquals(2, r.modelRounds());
        assertEquals(FinishReason.STOP, r.finishReason());

        ChatRequest second = backend.requests().get(1);
        List<ChatMessage> msgs = second.messages();
        assertEquals(ChatRole.SYSTEM, msgs.get(0).role());
        assertEquals("tempo", msgs.get(2).toolCalls().get(0).name());
        ToolResult result = msgs.get(3).toolResult();
        assertEquals(92.5, result.content().get("bpm").asDouble());
        assertEquals(msgs.get(2).toolCalls().get(0).id(), result.toolCallId());
        assertEquals("tempo", second.tools().get(0).name());
    }

    @Test
    void malformedCallGetsANoteAndARetry() {
        ScriptedBackend backend = ScriptedBackend.of(
                "<tool_call>{\"name\": \"tempo\", \"arguments\": {recording_id: }}</tool_call>",
                call("tempo", "{\"recording_id\": \"r1\"}"),
                "92 bpm.");
        TurnResult r = engine(backend).newSession().send("How fast?");
        assertEquals("92 bpm.", r.text());
        assertEquals(1, tempo.calls.get());
        List<ChatMessage> retry = backend.requests().get(1).messages();
        String note = retry.get(retry.size() - 1).text();
        assertTrue(note.startsWith("Your tool call could not be used"), note);
        assertTrue(note.contains("not valid JSON"), note);
    }

    @Test
    void unknownToolsAndToolErrorsGoBackToTheModel() {
        ScriptedBackend backend = ScriptedBackend.of(
                call("metronome", "{}") + call("tempo", "{}"),
                "Sorry, I need a recording.");
        TurnResult r = engine(backend).newSession().send("How fast?");
        assertEquals(2, r.toolResults().size());
        ToolResult unknown = r.toolResults().get(0);
        assertTrue(unknown.error());
        assertEquals("unknown_tool", unknown.content().get("error").asText());
        assertTrue(unknown.content().get("message").asText().contains("Available tools: tempo"));
        ToolResult invalid = r.toolResults().get(1);
        assertTrue(invalid.error());
        assertEquals("invalid_arguments", invalid.content().get("error").asText());
        assertEquals("Sorry, I need a recording.", r.text());
    }

    @Test
    void repeatedIdenticalCallsAreNotRunAgainAndEventuallyForceAnAnswer() {
        String same = call("tempo", "{\"recording_id\": \"r1\"}");
        ScriptedBackend backend = ScriptedBackend.of(same, same, same, "Final: 92 bpm.");
        TurnResult r = engine(backend).newSession().send("How fast?");
        assertEquals(1, tempo.calls.get(), "an identical call runs once");
        assertEquals("repeated_call", r.toolResults().get(1).content().get("error").asText());
        assertTrue(r.toolLimitHit());
        assertEquals("Final: 92 bpm.", r.text());
        ChatRequest last = backend.requests().get(backend.requests().size() - 1);
        assertTrue(last.tools().isEmpty(), "the forced answer is requested without tools");
        assertEquals(Session.ANSWER_NOW_PROMPT, last.messages().get(last.messages().size() - 1).text());
    }

    @Test
    void toolRoundLimitForcesAFinalAnswerWithoutTools() {
        ScriptedBackend backend = ScriptedBackend.of(
                call("tempo", "{\"recording_id\": \"a\"}"), call("tempo", "{\"recording_id\": \"b\"}"),
                call("tempo", "{\"recording_id\": \"c\"}"), call("tempo", "{\"recording_id\": \"d\"}"));
        TurnResult r = engine(backend).newSession().send("How fast?");
        assertEquals(3, tempo.calls.get());
        assertTrue(r.toolLimitHit());
        assertFalse(r.text().isBlank(), "never an empty answer");
        assertEquals(0, backend.remainingReplies());
    }

    @Test
    void answersCutByTheOutputLimitAreContinued() {
        ScriptedBackend backend = ScriptedBackend.of();
        backend.then(new ScriptedBackend.Reply("Practise slowly with a", FinishReason.LENGTH));
        backend.then(" metronome at 70 bpm.");
        TurnResult r = engine(backend).newSession().send("Advice?");
        assertEquals("Practise slowly with a metronome at 70 bpm.", r.text());
        assertEquals(FinishReason.STOP, r.finishReason());
        List<ChatMessage> cont = backend.requests().get(1).messages();
        assertEquals(Session.CONTINUE_PROMPT, cont.get(cont.size() - 1).text());
    }

    @Test
    void aFailedTurnLeavesTheHistoryAsItWas() {
        ScriptedBackend backend = ScriptedBackend.of(call("tempo", "{\"recording_id\": \"r\"}"));
        Session session = engine(backend).newSession();
        List<ChatMessage> before = session.history();
        assertThrows(IllegalStateException.class, () -> session.send("How fast?"));
        assertEquals(before, session.history());
    }

    @Test
    void cancellationEndsTheTurn() {
        ScriptedBackend backend = ScriptedBackend.of("This will be cancelled");
        Cancellation cancel = new Cancellation();
        cancel.cancel();
        TurnResult r = engine(backend).newSession().send(ChatMessage.user("x"), TurnListener.NONE, cancel);
        assertEquals(FinishReason.CANCELLED, r.finishReason());
    }

    @Test
    void sessionsRunConcurrentlyOnOneBackend() throws Exception {
        ScriptedBackend backend = ScriptedBackend.of();
        for (int i = 0; i < 40; i++) {
            backend.then(req -> new ScriptedBackend.Reply("echo " + req.messages().get(req.messages().size() - 1).text(),
                    FinishReason.STOP));
        }
        ConversationEngine engine = engine(backend);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int s = 0; s < 8; s++) {
                int sid = s;
                results.add(pool.submit(() -> {
                    Session session = engine.newSession();
                    for (int t = 0; t < 5; t++) {
                        String q = "s" + sid + "t" + t;
                        if (!session.send(q).text().equals("echo " + q)) {
                            return false;
                        }
                    }
                    return session.history().size() == 11;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pinnedMessagesStayInEveryRequest() {
        ScriptedBackend backend = ScriptedBackend.of("a1", "a2");
        Session session = engine(backend).newSession();
        ToolCall analysis = new ToolCall("pin1", "tempo", JsonNodeFactory.instance.objectNode().put("recording_id", "r"));
        session.pin(List.of(ChatMessage.assistant("", List.of(analysis)), ChatMessage.tool(
                new ToolResult("pin1", "tempo", JsonNodeFactory.instance.objectNode().put("bpm", 90), false))));
        session.send("q1");
        session.send("q2");
        for (ChatRequest req : backend.requests()) {
            assertTrue(req.messages().stream().anyMatch(m -> m.toolResult() != null
                    && m.toolResult().toolCallId().equals("pin1")));
        }
    }
}

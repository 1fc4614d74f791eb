package io.zikos.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zikos.api.ChatMessage;
import io.zikos.api.ChatRequest;
import io.zikos.core.testing.ScriptedBackend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run chat(String stdin, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ChatCommand cmd = new ChatCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        ZikosCli cli = new ZikosCli(List.of(cmd));
        int code = cli.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Path demo() {
        return Path.of(System.getProperty("zikos.testdata")).getParent().resolve("demo/clarinet-practice.mp3");
    }

    @Test
    void attachesARecordingAnalysesItAndStreamsTheCoachsReply() throws Exception {
        ScriptedBackend qwen = ScriptedBackend.of("You rushed one note in bar 7; practise it slowly.");
        ScriptedProvider.enqueue(qwen);
        Run run = chat("/record " + demo() + "\nWhat went wrong?\n/quit\n",
                "chat", "--model", "scripted:qwen", "--store", dir.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("attached clarinet-practice.mp3 as take 1"), run.out());
        assertFalse(run.out().contains("not analysed"), "the baseline analysis ran: " + run.out());
        assertTrue(run.out().contains("You rushed one note in bar 7; practise it slowly."), run.out());
        ChatRequest request = qwen.requests().get(0);
        assertTrue(request.messages().stream().anyMatch(m -> m.toolResult() != null
                && m.toolResult().toolName().equals("analyze_recording") && !m.toolResult().error()),
                "the pinned baseline analysis reached the model");
        assertEquals("What went wrong?", request.messages().get(request.messages().size() - 1).text());
        assertTrue(request.messages().stream().map(ChatMessage::text).anyMatch(t -> t.contains("take 1 arrived")));
    }

    @Test
    void talksToARemoteOpenAiCompatibleServer() throws Exception {
        java.util.List<String> bodies = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (var out = exchange.getResponseBody()) {
                for (String piece : new String[] {"Keep the ", "eighth notes ", "even."}) {
                    out.write(("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + piece
                            + "\"}}]}\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                out.write("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                        .getBytes(StandardCharsets.UTF_8));
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
            Run run = chat("/record " + demo() + "\nHow was my rhythm?\n/quit\n", "chat", "--model", url,
                    "--remote-model", "qwen2.5-7b-instruct", "--store", dir.toString());
            assertEquals(0, run.code(), run.err());
            assertTrue(run.out().contains("Keep the eighth notes even."), run.out());
            assertEquals(1, bodies.size());
            assertTrue(bodies.get(0).contains("\"model\":\"qwen2.5-7b-instruct\""), bodies.get(0));
            assertTrue(bodies.get(0).contains("analyze_recording"), "the pinned analysis went to the server");
            assertTrue(bodies.get(0).contains("How was my rhythm?"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void missingModelIsAUsageErrorAndMissingWeightsAClearOne() throws Exception {
        Run noModel = chat("", "chat");
        assertEquals(2, noModel.code());
        assertTrue(noModel.err().contains("--model is required"), noModel.err());

        Run noWeights = chat("", "chat", "--model", dir.resolve("qwen-not-exported").toString(), "--store",
                dir.resolve("s").toString());
        assertEquals(1, noWeights.code());
        assertTrue(noWeights.err().contains("does not exist"), noWeights.err());

        Run hubId = chat("", "chat", "--model", "Qwen/Qwen2.5-7B-Instruct", "--store", dir.resolve("s").toString());
        assertEquals(1, hubId.code());
        assertTrue(hubId.err().contains("never downloads weights"), hubId.err());
    }
}

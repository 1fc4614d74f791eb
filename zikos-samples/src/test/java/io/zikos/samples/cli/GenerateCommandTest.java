package io.zikos.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zikos.api.PreprocessorProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code zikos generate --input-ids} against transformers' reference ids of the committed tiny exports. */
class GenerateCommandTest {

    private static final Path TESTDATA = Path.of(System.getProperty("zikos.testdata", "../testdata"));

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> line = new ArrayList<>(List.of("generate"));
        line.addAll(List.of(args));
        int code = new ZikosCli(List.of(new GenerateCommand())).run(line,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8).trim(), err.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode reference(String model) throws Exception {
        return new ObjectMapper().readTree(TESTDATA.resolve("models/" + model + "/reference.json").toFile());
    }

    private static String joined(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).collect(Collectors.joining(","));
    }

    @Test
    void printsTheReferenceGreedyIdsForQwen2AndQwen3() throws Exception {
        for (String model : List.of("qwen2-tiny", "qwen3-tiny")) {
            JsonNode ref = reference(model);
            for (JsonNode c : ref.get("cases")) {
                Run r = run("--model", TESTDATA.resolve("models/" + model + "/onnx").toString(), "--engine", "onnx",
                        "--input-ids", joined(c.get("input_ids")), "--max-new-tokens",
                        ref.get("max_new_tokens").asText(), "--greedy", "--print-ids", "--no-eos", "--device", "cpu");
                assertEquals(0, r.code(), r.err());
                assertEquals(joined(c.get("greedy_ids_no_eos")), r.out(), model + "/" + c.get("name").asText());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"af3-tiny", "mf-tiny"})
    void expandsTheAudioTokenWithTheJavaFrontEnd(String fixture) throws Exception {
        boolean haveFeatures = ServiceLoader.load(PreprocessorProvider.class).stream()
                .anyMatch(p -> PreprocessorProvider.MUSIC_FLAMINGO_FEATURES.equals(p.get().name()));
        Assumptions.assumeTrue(haveFeatures, "zikos-dsp has no music-flamingo-features preprocessor yet");
        Assumptions.assumeTrue(Files.isRegularFile(TESTDATA.resolve("models/" + fixture + "/reference.json")));
        JsonNode ref = reference(fixture);
        int sound = ref.get("audio_token_id").asInt();
        for (JsonNode c : ref.get("cases")) {
            if (!c.has("num_audio_tokens")) {
                continue;
            }
            List<String> collapsed = new ArrayList<>();
            String previous = null;
            for (JsonNode id : c.get("input_ids")) {
                if (!(id.asInt() == sound && String.valueOf(sound).equals(previous))) {
                    collapsed.add(id.asText());
                }
                previous = id.asText();
            }
            Run r = run("--model", TESTDATA.resolve("models/" + fixture + "/onnx").toString(), "--input-ids",
                    String.join(",", collapsed), "--audio", TESTDATA.resolve("audio/tone_a4_7s.wav").toString(),
                    "--max-new-tokens", ref.get("max_new_tokens").asText(), "--greedy", "--no-eos", "--device", "cpu");
            assertEquals(0, r.code(), r.err());
            assertEquals(joined(c.get("greedy_ids_no_eos")), r.out(), fixture + ": Java features + ONNX vs transformers");
        }
    }

    @Test
    void promptModeChatsThroughTheBackendFactory() throws Exception {
        Run r = run("--model", TESTDATA.resolve("models/qwen2-tiny/onnx").toString(), "--engine", "onnx",
                "--prompt", "Play a C major scale.", "--max-new-tokens", "4", "--greedy", "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("[LENGTH, "), r.out());
    }

    @Test
    void promptModeHearsARecordingThroughTheFactory() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(TESTDATA.resolve("models/mf-tiny/onnx/decoder.onnx")));
        Run r = run("--model", TESTDATA.resolve("models/mf-tiny/onnx").toString(), "--prompt", "What note is this?",
                "--audio", TESTDATA.resolve("audio/tone_a4_7s.wav").toString(), "--max-new-tokens", "4", "--greedy",
                "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        JsonNode audioCase = null;
        for (JsonNode c : reference("mf-tiny").get("cases")) {
            audioCase = c.has("num_audio_tokens") ? c : audioCase;
        }
        // the same prompt transformers' processor built: system prompt, sound_bos + 175 <sound> + sound_eos, question
        int inputTokens = audioCase.get("input_ids").size();
        assertTrue(r.out().matches("(?s).*\\[(LENGTH|STOP), " + inputTokens + " input \\+ \\d output tokens]"),
                r.out());
    }

    @Test
    void badUsageAndMissingModelsAreReportedClearly() throws Exception {
        Run noModel = run("--input-ids", "1,2");
        assertEquals(2, noModel.code());
        assertTrue(noModel.err().contains("--model"), noModel.err());
        Run missing = run("--model", "/nonexistent/model", "--input-ids", "1,2");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("export_model.py"), missing.err());
    }
}

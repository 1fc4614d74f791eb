package io.zikos.backend.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zikos.api.BackendOptions;
import io.zikos.api.Cancellation;
import io.zikos.api.Device;
import io.zikos.core.generate.DecoderState;
import io.zikos.core.generate.GenerationConfig;
import io.zikos.core.generate.GenerationLoop;
import io.zikos.core.generate.TokenStreamListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Creating ONNX Runtime's environment recurses thousands of native frames; on a thread with a small stack that killed
 * the JVM with SIGSEGV (it did on the CLI's main thread). The check needs a fresh JVM, where the environment does not
 * exist yet, whose main thread has only 512 KB: it must load the tiny Qwen there and decode the reference ids.
 */
class SmallStackTest {

    /** Runs in the child JVM: loads the model on the (small-stack) main thread and prints greedy ids. */
    public static void main(String[] args) {
        int[] prompt = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
        try (OnnxDecoder lm = OnnxModels.loadDecoder(Path.of(args[0]), BackendOptions.defaults().withDevice(Device.CPU));
             DecoderState s = lm.newState()) {
            int[] ids = GenerationLoop.generate(s, prompt, GenerationConfig.greedy(4, Set.of()).withIgnoreEos(true),
                    null, TokenStreamListener.NONE, Cancellation.none()).tokenIds();
            System.out.println(Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        }
    }

    @Test
    void aModelLoadsOnAFreshJvmsSmallStackMainThread() throws Exception {
        Path dir = Path.of(System.getProperty("zikos.testdata")).resolve("models/qwen2-tiny/onnx");
        JsonNode c = new ObjectMapper().readTree(dir.getParent().resolve("reference.json").toFile()).get("cases").get(0);
        String prompt = Arrays.stream(new ObjectMapper().convertValue(c.get("input_ids"), int[].class))
                .mapToObj(Integer::toString).collect(Collectors.joining(","));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xss512k", "-cp", System.getProperty("java.class.path"),
                SmallStackTest.class.getName(), dir.toString(), prompt)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(120, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), "child JVM output:\n" + out);
        int[] expected = Arrays.copyOf(new ObjectMapper().convertValue(c.get("greedy_ids_no_eos"), int[].class), 4);
        String lastLine = out.strip().substring(out.strip().lastIndexOf('\n') + 1);
        assertEquals(Arrays.stream(expected).mapToObj(Integer::toString).collect(Collectors.joining(",")), lastLine, out);
    }
}

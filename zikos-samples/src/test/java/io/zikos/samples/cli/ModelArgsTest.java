package io.zikos.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelArgsTest {

    @Test
    void takesTheModelOptionsAndLeavesTheRest() {
        List<String> args = List.of("--model", "http://localhost:8000/v1", "--port", "0", "--engine", "remote",
                "--remote-model", "qwen3", "--listen-model", "/models/mf");
        ModelArgs m = new ModelArgs();
        assertEquals(1, m.accept(args, 0));
        assertEquals(-1, m.accept(args, 2), "--port is the command's own option");
        assertEquals(5, m.accept(args, 4));
        assertEquals(7, m.accept(args, 6));
        assertEquals(9, m.accept(args, 8));
        assertEquals("http://localhost:8000/v1", m.model());
        assertEquals("/models/mf", m.listenModel());
        assertEquals("remote", m.options().engine());
        assertEquals("qwen3", m.options().setting("model").orElseThrow());
    }

    @Test
    void refusesWhatCannotWork() {
        ModelArgs listenOnly = new ModelArgs();
        listenOnly.accept(List.of("--listen-model", "/models/mf"), 0);
        assertTrue(assertThrows(ZikosCli.UsageException.class, listenOnly::listenModel).getMessage()
                .contains("needs --model"));
        assertThrows(ZikosCli.UsageException.class, () -> new ModelArgs().accept(List.of("--model"), 0));
        assertThrows(ZikosCli.UsageException.class, () -> new ModelArgs().accept(
                List.of("--api-key-env", "ZIKOS_TEST_SURELY_UNSET_VARIABLE"), 0));
        assertNull(new ModelArgs().model());
    }
}

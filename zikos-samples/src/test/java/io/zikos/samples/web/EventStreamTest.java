package io.zikos.samples.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventStreamTest {

    @Test
    void framesEventsAsOneJsonDataLineAndKeepsQuietStreamsAlive() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventStream s = new EventStream(out);
        assertTrue(s.send("text", s.object().put("delta", "line one\nline <two>")));
        s.heartbeat();
        assertEquals("event: text\ndata: {\"delta\":\"line one\\nline <two>\"}\n\n: keep-alive\n\n",
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBrowserThatWentAwayClosesTheStream() {
        EventStream s = new EventStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("broken pipe");
            }
        });
        assertFalse(s.send("text", s.object().put("delta", "x")));
        assertTrue(s.closed());
        assertFalse(s.send("done", s.object()));
    }
}

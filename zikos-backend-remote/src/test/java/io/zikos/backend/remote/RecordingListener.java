package io.zikos.backend.remote;

import io.zikos.api.ChatResponse;
import io.zikos.api.StreamingChatListener;
import io.zikos.api.ToolCall;

import java.util.ArrayList;
import java.util.List;

/** Records every listener event in order, as "kind:payload" strings. */
class RecordingListener implements StreamingChatListener {
    final List<String> events = new ArrayList<>();
    final List<ToolCall> calls = new ArrayList<>();
    final List<String> threads = new ArrayList<>();
    ChatResponse completed;
    Throwable error;

    @Override
    public void onTextDelta(String delta) {
        note("text:" + delta);
    }

    @Override
    public void onThinkingDelta(String delta) {
        note("think:" + delta);
    }

    @Override
    public void onToolCall(ToolCall call) {
        calls.add(call);
        note("tool:" + call.name());
    }

    @Override
    public void onComplete(ChatResponse response) {
        completed = response;
        note("complete");
    }

    @Override
    public void onError(Throwable e) {
        error = e;
        note("error");
    }

    private void note(String event) {
        events.add(event);
        threads.add(Thread.currentThread().getName());
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        events.stream().filter(e -> e.startsWith("text:")).forEach(e -> sb.append(e.substring(5)));
        return sb.toString();
    }

    String thinking() {
        StringBuilder sb = new StringBuilder();
        events.stream().filter(e -> e.startsWith("think:")).forEach(e -> sb.append(e.substring(6)));
        return sb.toString();
    }
}

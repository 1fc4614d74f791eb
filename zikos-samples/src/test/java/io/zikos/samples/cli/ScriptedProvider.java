package io.zikos.samples.cli;

import io.zikos.api.BackendOptions;
import io.zikos.api.LlmBackend;
import io.zikos.api.LlmBackendProvider;
import io.zikos.api.ModelFamily;
import io.zikos.api.ModelSpec;
import io.zikos.core.testing.ScriptedBackend;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A test-only provider (registered in src/test/resources) so the CLI can be driven end to end through the real
 * factory: {@code --model scripted:NAME} gets the next backend queued with {@link #enqueue}.
 */
public final class ScriptedProvider implements LlmBackendProvider {

    private static final ConcurrentLinkedQueue<ScriptedBackend> QUEUE = new ConcurrentLinkedQueue<>();

    static void enqueue(ScriptedBackend backend) {
        QUEUE.add(backend);
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public String engine() {
        return "scripted";
    }

    @Override
    public Set<ModelFamily> families() {
        return Set.of();
    }

    @Override
    public boolean supports(ModelSpec spec) {
        return spec.reference().startsWith("scripted:");
    }

    @Override
    public LlmBackend create(ModelSpec spec, BackendOptions options) {
        ScriptedBackend next = QUEUE.poll();
        if (next == null) {
            throw new IllegalStateException("no scripted backend queued for " + spec.reference());
        }
        return next;
    }
}

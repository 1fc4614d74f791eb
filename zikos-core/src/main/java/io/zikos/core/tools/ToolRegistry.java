package io.zikos.core.tools;

import io.zikos.api.AudioTool;
import io.zikos.api.ToolSpecification;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tools a conversation may call: those discovered with {@link ServiceLoader} plus those the host registers.
 * Names are unique; a host registration replaces a discovered tool of the same name (so hosts can override).
 * Thread-safe.
 */
public final class ToolRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ToolRegistry.class);

    private final Map<String, AudioTool> tools = new LinkedHashMap<>();

    /** An empty registry. */
    public ToolRegistry() {
    }

    /** A registry holding every {@link AudioTool} on the classpath. */
    public static ToolRegistry discover() {
        ToolRegistry registry = new ToolRegistry();
        for (ServiceLoader.Provider<AudioTool> p : ServiceLoader.load(AudioTool.class).stream().toList()) {
            AudioTool tool = p.get();
            if (registry.find(tool.name()).isPresent()) {
                LOG.warn("two tools are named '{}'; keeping {}", tool.name(), registry.find(tool.name()).get());
                continue;
            }
            registry.register(tool);
        }
        return registry;
    }

    /** Adds a tool, replacing any tool with the same name. */
    public synchronized ToolRegistry register(AudioTool tool) {
        Objects.requireNonNull(tool, "tool");
        tool.specification(); // validates the name early, at registration rather than at the first call
        tools.put(tool.name(), tool);
        return this;
    }

    public synchronized boolean unregister(String name) {
        return tools.remove(name) != null;
    }

    public synchronized Optional<AudioTool> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    public synchronized List<AudioTool> all() {
        return List.copyOf(tools.values());
    }

    public synchronized List<String> names() {
        return List.copyOf(tools.keySet());
    }

    public synchronized List<ToolSpecification> specifications() {
        return tools.values().stream().map(AudioTool::specification).toList();
    }

    /** A registry with only the named tools (unknown names are ignored). */
    public synchronized ToolRegistry subset(Collection<String> names) {
        ToolRegistry copy = new ToolRegistry();
        names.forEach(n -> find(n).ifPresent(copy::register));
        return copy;
    }
}

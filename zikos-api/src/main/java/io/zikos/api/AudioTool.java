package io.zikos.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A tool the chat model can call, discovered with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.zikos.api.AudioTool}) or registered by the host. Implementations must be thread-safe
 * and need a public no-argument constructor for discovery.
 */
public interface AudioTool {

    /** The function name the model calls. */
    String name();

    /** What the tool does and when to use it, written for the model. */
    String description();

    /** JSON schema of the arguments. */
    ObjectNode parameters();

    /**
     * Runs the tool.
     *
     * @param arguments the model's arguments (already a JSON object; validate them)
     * @return a JSON result
     * @throws ToolException when the call cannot be answered; its message is shown to the model
     */
    JsonNode invoke(ObjectNode arguments, ToolContext context) throws ToolException;

    default ToolSpecification specification() {
        return new ToolSpecification(name(), description(), parameters());
    }
}

package io.zikos.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * What a model is told about a tool: its name, what it does and a JSON schema of its parameters.
 *
 * @param name        a function name the model will echo back ({@code [a-zA-Z0-9_-]+})
 * @param description what the tool does and when to use it, written for the model
 * @param parameters  a JSON schema object ({@code {"type":"object","properties":{...},"required":[...]}})
 */
public record ToolSpecification(String name, String description, ObjectNode parameters) {
    public ToolSpecification {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("tool names may contain only letters, digits, '_' and '-': " + name);
        }
        description = description == null ? "" : description;
        parameters = parameters == null ? emptySchema() : parameters.deepCopy();
    }

    @Override
    public ObjectNode parameters() {
        return parameters.deepCopy();
    }

    private static ObjectNode emptySchema() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        schema.putObject("properties");
        return schema;
    }
}

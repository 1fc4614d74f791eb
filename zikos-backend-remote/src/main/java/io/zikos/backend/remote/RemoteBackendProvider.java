package io.zikos.backend.remote;

import io.zikos.api.BackendOptions;
import io.zikos.api.LlmBackend;
import io.zikos.api.LlmBackendProvider;
import io.zikos.api.ModelFamily;
import io.zikos.api.ModelSpec;

import java.util.EnumSet;
import java.util.Set;

/**
 * Discovers {@link OpenAiCompatibleBackend} for {@code http://} and {@code https://} model references. The server
 * decides which models it runs, so every family is accepted (and an unknown one too).
 */
public final class RemoteBackendProvider implements LlmBackendProvider {

    @Override
    public String name() {
        return "remote-openai";
    }

    @Override
    public String engine() {
        return OpenAiCompatibleBackend.ENGINE;
    }

    @Override
    public Set<ModelFamily> families() {
        return EnumSet.allOf(ModelFamily.class);
    }

    /** Any spec with a server URL, whatever its family (often unknown for a URL). */
    @Override
    public boolean supports(ModelSpec spec) {
        return spec.remoteEndpoint().isPresent();
    }

    @Override
    public LlmBackend create(ModelSpec spec, BackendOptions options) {
        return new OpenAiCompatibleBackend(spec, options);
    }
}

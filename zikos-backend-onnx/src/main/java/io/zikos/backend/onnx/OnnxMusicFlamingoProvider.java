package io.zikos.backend.onnx;

import io.zikos.core.generate.LocalModelProvider;

/**
 * Audio Flamingo 3 / Music Flamingo exported by {@code tools/export/export_model.py} (audio encoder + token embedding
 * + decoder), on ONNX Runtime. Audio features come from zikos-dsp's {@code music-flamingo-features} preprocessor.
 */
public final class OnnxMusicFlamingoProvider extends LocalModelProvider {

    public OnnxMusicFlamingoProvider() {
        super("onnx-music-flamingo", Kind.AUDIO_LANGUAGE, new OnnxCausalLmProvider(), 0);
    }
}

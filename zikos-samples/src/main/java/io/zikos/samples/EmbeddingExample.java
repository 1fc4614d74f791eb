package io.zikos.samples;

import io.zikos.api.Cancellation;
import io.zikos.api.LlmBackend;
import io.zikos.core.Backends;
import io.zikos.core.coach.CoachSession;
import io.zikos.core.coach.PracticeCoach;
import io.zikos.core.conversation.TurnListener;
import io.zikos.core.store.FileAudioStore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The README's embedding example, compiled with the build so it cannot rot.
 * Usage: {@code EmbeddingExample CHAT_MODEL RECORDING [MUSIC_FLAMINGO_MODEL]}.
 */
public final class EmbeddingExample {

    private EmbeddingExample() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: EmbeddingExample CHAT_MODEL RECORDING [MUSIC_FLAMINGO_MODEL]");
            System.exit(2);
        }
        try (LlmBackend qwen = Backends.create(args[0]);                       // exported Qwen dir or http://host:8000/v1
             LlmBackend flamingo = args.length > 2 ? Backends.create(args[2]) : null) {  // optional: Music Flamingo
            FileAudioStore store = new FileAudioStore(Path.of("recordings"));
            PracticeCoach coach = PracticeCoach.builder(qwen).listenModel(flamingo).audioStore(store).build();
            CoachSession session = coach.newSession();
            String id;
            try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
                id = store.store(in, Path.of(args[1]).getFileName().toString()).id();
            }
            session.addRecording(id);                                          // analysed once, pinned in the history
            session.send("How was my intonation, and what should I practise?", new TurnListener() {
                @Override public void onTextDelta(String delta) { System.out.print(delta); }
            }, Cancellation.none());
        }
        System.out.println();
    }
}

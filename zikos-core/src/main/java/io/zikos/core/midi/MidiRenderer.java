package io.zikos.core.midi;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.SoftReference;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sound.midi.Instrument;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Patch;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.Soundbank;
import javax.sound.midi.Synthesizer;
import javax.sound.midi.Track;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a score to a WAV (44.1 kHz, 16-bit, stereo) with the JDK's software synthesizer (Gervill), faster than real
 * time and without an audio device.
 *
 * <p>Two routes, best first:
 * <ol>
 *   <li><b>SoundFont route.</b> {@code MidiSystem.getSynthesizer()} is Gervill's {@code SoftSynthesizer}, whose
 *       {@code AudioSynthesizer.openStream(AudioFormat, Map)} renders offline into a stream. That interface lives in
 *       {@code com.sun.media.sound}, which {@code java.desktop} does not export, so this route is taken only when the
 *       JVM runs with {@code --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED}. It loads the configured
 *       SoundFont (constructor argument, else system property {@value #SOUNDFONT_PROPERTY}, else Debian's
 *       {@value #DEBIAN_SOUNDFONT} when installed).</li>
 *   <li><b>Public-API route.</b> Otherwise {@code AudioSystem.getAudioInputStream} on the MIDI bytes, which the JDK
 *       serves with Gervill's MIDI file reader using its default sound bank ({@code default.sf2} in
 *       {@code /usr/share/sounds/sf2} or {@code /usr/share/soundfonts}, a {@code .sf2} in {@code JAVA_HOME/lib/audio},
 *       else a bank it generates once and caches in {@code ~/.gervill}). A configured SoundFont cannot be used on
 *       this route; the result says which route ran.</li>
 * </ol>
 * Thread-safe: every call uses its own synthesizer; loaded SoundFonts are cached (softly) by path.
 */
public final class MidiRenderer {

    /** System property naming a SoundFont (.sf2) or DLS file to render with. */
    public static final String SOUNDFONT_PROPERTY = "zikos.soundfont";
    /** Debian's {@code fluid-soundfont-gm}. */
    public static final String DEBIAN_SOUNDFONT = "/usr/share/sounds/sf2/FluidR3_GM.sf2";
    /** Sound after the last note ends, so releases and reverb are not cut off. */
    public static final double TAIL_SECONDS = 1.5;
    static final float SAMPLE_RATE = 44100f;

    private static final Logger LOG = LoggerFactory.getLogger(MidiRenderer.class);
    private static final AudioFormat FORMAT = new AudioFormat(SAMPLE_RATE, 16, 2, true, false);
    private static final Map<Path, SoftReference<Soundbank>> SOUNDBANKS = new ConcurrentHashMap<>();

    private final Path soundFont;
    private final boolean soundFontRoute;

    /** A renderer with the SoundFont from {@value #SOUNDFONT_PROPERTY} or Debian's default location, if any. */
    public MidiRenderer() {
        this(null);
    }

    /** @param soundFont a .sf2/.dls file, or {@code null} to look it up as {@link #MidiRenderer()} does */
    public MidiRenderer(Path soundFont) {
        this(soundFont, true);
    }

    /** @param soundFontRoute {@code false} forces the public-API route (for tests and comparisons) */
    MidiRenderer(Path soundFont, boolean soundFontRoute) {
        this.soundFont = soundFont != null ? soundFont : configuredSoundFont().orElse(null);
        this.soundFontRoute = soundFontRoute;
    }

    /** The SoundFont this renderer would use on the SoundFont route. */
    public Optional<Path> soundFont() {
        return Optional.ofNullable(soundFont);
    }

    static Optional<Path> configuredSoundFont() {
        String p = System.getProperty(SOUNDFONT_PROPERTY);
        if (p != null && !p.isBlank()) {
            return Optional.of(Path.of(p));
        }
        Path debian = Path.of(DEBIAN_SOUNDFONT);
        return Files.isReadable(debian) ? Optional.of(debian) : Optional.empty();
    }

    /** Whether the JVM lets this class call Gervill's offline rendering directly (the SoundFont route). */
    public static boolean soundFontRouteAvailable() {
        return Synthesizer.class.getModule().isExported("com.sun.media.sound", MidiRenderer.class.getModule());
    }

    /**
     * A rendering.
     *
     * @param wav             a complete WAV file
     * @param durationSeconds its length
     * @param route           {@code "soundfont"} or {@code "jdk-default-soundbank"}
     * @param soundFont       the SoundFont used, or {@code null} for the JDK's default bank
     */
    public record Rendering(byte[] wav, double durationSeconds, String route, Path soundFont) {
    }

    /** Renders a score: its music plus {@link #TAIL_SECONDS}. */
    public Rendering render(Score score) throws IOException {
        Sequence seq = MidiFiles.toSequence(score);
        double seconds = score.durationSeconds() + TAIL_SECONDS;
        long frames = (long) Math.ceil(seconds * SAMPLE_RATE);
        if (soundFontRoute && soundFontRouteAvailable() && soundFont != null) {
            try {
                return toWav(renderWithSoundFont(seq, score, frames), frames, "soundfont", soundFont);
            } catch (ReflectiveOperationException | MidiUnavailableException | RuntimeException e) {
                LOG.warn("rendering with {} failed ({}); using the JDK's default sound bank", soundFont, e.toString());
            }
        } else if (soundFont != null) {
            LOG.debug("SoundFont {} configured but the JVM does not export java.desktop/com.sun.media.sound; run with"
                    + " --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED to use it", soundFont);
        }
        return toWav(renderWithDefaultBank(MidiFiles.write(score), frames), frames, "jdk-default-soundbank", null);
    }

    private byte[] renderWithSoundFont(Sequence seq, Score score, long frames)
            throws ReflectiveOperationException, MidiUnavailableException, IOException {
        int tempoBpm = score.tempoBpm();
        java.util.Set<Integer> programs = new java.util.HashSet<>();
        boolean drums = false;
        for (Score.Part part : score.parts()) {
            drums |= part.drums();
            if (!part.drums()) {
                programs.add(part.program());
            }
        }
        Synthesizer synth = MidiSystem.getSynthesizer();
        Method openStream = synth.getClass().getMethod("openStream", AudioFormat.class, Map.class);
        // Skip the default bank: the SoundFont replaces it, and generating it can take seconds.
        Map<String, Object> info = Map.of("load default soundbank", Boolean.FALSE);
        Soundbank bank = soundbank(soundFont);
        AudioInputStream stream = (AudioInputStream) openStream.invoke(synth, FORMAT, info);
        try {
            // Only the instruments the score plays: a General-MIDI SoundFont's samples take 150 MB and more.
            int loaded = 0;
            for (Instrument instrument : bank.getInstruments()) {
                Patch patch = instrument.getPatch();
                boolean percussion = isPercussion(patch);
                boolean wanted = percussion ? drums && patch.getProgram() == 0
                        : patch.getBank() == 0 && programs.contains(patch.getProgram());
                if (wanted) {
                    if (!synth.loadInstrument(instrument)) {
                        throw new IOException("the synthesizer rejected " + instrument + " of " + soundFont);
                    }
                    loaded++;
                }
            }
            LOG.debug("loaded {} instruments from {}", loaded, soundFont);
            Receiver receiver = synth.getReceiver();
            // Timestamps in microseconds on the synthesizer's own clock, which advances as the stream is read: the
            // events are queued up front and rendered at exactly their times, independent of wall-clock time.
            double usPerTick = 60_000_000.0 / tempoBpm / seq.getResolution();
            for (TimedMessage m : merged(seq)) {
                receiver.send(m.message(), Math.round(m.tick() * usPerTick));
            }
            return readFrames(stream, frames);
        } finally {
            stream.close();
            synth.close();
        }
    }

    private static byte[] renderWithDefaultBank(byte[] smf, long frames) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(smf))) {
            AudioInputStream pcm = in.getFormat().matches(FORMAT) ? in : AudioSystem.getAudioInputStream(FORMAT, in);
            return readFrames(pcm, frames);
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("this JDK cannot render MIDI (no Gervill MIDI file reader): " + e.getMessage(), e);
        }
    }

    private static byte[] readFrames(InputStream stream, long frames) throws IOException {
        long bytes = frames * FORMAT.getFrameSize();
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new IOException("rendering too long: " + frames + " frames");
        }
        byte[] out = new byte[(int) bytes];
        int n = stream.readNBytes(out, 0, out.length);
        // The default-bank route pads 4 s after the music; a short read leaves trailing zeros, which are silence.
        LOG.debug("rendered {} of {} bytes", n, out.length);
        return out;
    }

    private static Rendering toWav(byte[] pcm, long frames, String route, Path soundFont) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(pcm.length + 64);
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), FORMAT, frames), AudioFileFormat.Type.WAVE,
                out);
        return new Rendering(out.toByteArray(), frames / (double) SAMPLE_RATE, route, soundFont);
    }

    /** Gervill marks SoundFont drum kits with {@code ModelPatch.isPercussion()} (reachable on this route only). */
    private static boolean isPercussion(Patch patch) throws ReflectiveOperationException {
        try {
            return (Boolean) patch.getClass().getMethod("isPercussion").invoke(patch);
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static Soundbank soundbank(Path file) throws IOException {
        SoftReference<Soundbank> ref = SOUNDBANKS.get(file);
        Soundbank bank = ref == null ? null : ref.get();
        if (bank == null) {
            try {
                bank = MidiSystem.getSoundbank(file.toFile());
            } catch (InvalidMidiDataException e) {
                throw new IOException(file + " is not a SoundFont or DLS file: " + e.getMessage(), e);
            }
            SOUNDBANKS.put(file, new SoftReference<>(bank));
        }
        return bank;
    }

    private record TimedMessage(long tick, int order, MidiMessage message) {
    }

    /** Channel messages of all tracks in time order (stable within a track, so note-offs stay before note-ons). */
    private static List<TimedMessage> merged(Sequence seq) {
        List<TimedMessage> all = new ArrayList<>();
        int order = 0;
        for (Track t : seq.getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                MidiEvent e = t.get(i);
                if (!(e.getMessage() instanceof MetaMessage)) {
                    all.add(new TimedMessage(e.getTick(), order++, e.getMessage()));
                }
            }
        }
        all.sort((a, b) -> a.tick() != b.tick() ? Long.compare(a.tick(), b.tick()) : Integer.compare(a.order(), b.order()));
        return all;
    }
}

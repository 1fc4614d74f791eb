package io.zikos.core.midi;

import io.zikos.core.midi.Score.KeySignature;
import io.zikos.core.midi.Score.Note;
import io.zikos.core.midi.Score.Part;
import io.zikos.core.midi.Score.TimeSignature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Standard MIDI Files (type 1) from and to {@link Score}s, with {@code javax.sound.midi}.
 *
 * <p>Layout written: track 0 is the conductor track (sequence name = title, tempo, time signature, key signature, and a
 * text event {@value #PICKUP_TEXT}N when the music starts with a pickup bar); each part follows as its own track with
 * a track name, a program change and its notes, on its own channel (channel 10 for drums). Reading accepts any SMF
 * with PPQ timing and rescales ticks to {@link Score#TICKS_PER_QUARTER}; a file written here reads back to an equal
 * score.
 */
public final class MidiFiles {

    static final String PICKUP_TEXT = "zikos-pickup=";
    private static final int META_TEXT = 0x01;
    private static final int META_NAME = 0x03;
    private static final int META_END = 0x2F;
    private static final int META_TEMPO = 0x51;
    private static final int META_TIME = 0x58;
    private static final int META_KEY = 0x59;
    private static final int DRUM_CHANNEL = 9;

    private MidiFiles() {
    }

    /** The score as a MIDI sequence. */
    public static Sequence toSequence(Score score) {
        try {
            Sequence seq = new Sequence(Sequence.PPQ, Score.TICKS_PER_QUARTER);
            Track conductor = seq.createTrack();
            if (!score.title().isEmpty()) {
                conductor.add(meta(META_NAME, score.title().getBytes(StandardCharsets.UTF_8), 0));
            }
            int mpq = (int) Math.round(60_000_000.0 / score.tempoBpm());
            conductor.add(meta(META_TEMPO, new byte[] {(byte) (mpq >> 16), (byte) (mpq >> 8), (byte) mpq}, 0));
            TimeSignature ts = score.time();
            conductor.add(meta(META_TIME, new byte[] {(byte) ts.numerator(),
                (byte) Integer.numberOfTrailingZeros(ts.denominator()), 24, 8}, 0));
            KeySignature ks = score.key();
            conductor.add(meta(META_KEY, new byte[] {(byte) ks.fifths(), (byte) (ks.minor() ? 1 : 0)}, 0));
            if (score.pickupTicks() > 0) {
                conductor.add(meta(META_TEXT, (PICKUP_TEXT + score.pickupTicks()).getBytes(StandardCharsets.US_ASCII),
                        0));
            }
            conductor.add(meta(META_END, new byte[0], score.lengthTicks()));
            int nextChannel = 0;
            for (Part part : score.parts()) {
                int channel;
                if (part.drums()) {
                    channel = DRUM_CHANNEL;
                } else {
                    if (nextChannel == DRUM_CHANNEL) {
                        nextChannel++;
                    }
                    if (nextChannel > 15) {
                        throw new IllegalArgumentException("at most 15 melodic tracks fit in MIDI's 16 channels");
                    }
                    channel = nextChannel++;
                }
                Track t = seq.createTrack();
                t.add(meta(META_NAME, part.name().getBytes(StandardCharsets.UTF_8), 0));
                if (!part.drums()) {
                    t.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, channel, part.program(), 0), 0));
                }
                // Note-offs before note-ons at the same tick, so repeated pitches re-strike instead of being cut.
                List<long[]> events = new ArrayList<>();
                for (Note n : part.notes()) {
                    events.add(new long[] {n.startTick(), 1, n.pitch(), n.velocity()});
                    events.add(new long[] {n.endTick(), 0, n.pitch(), 0});
                }
                events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
                for (long[] e : events) {
                    int command = e[1] == 1 ? ShortMessage.NOTE_ON : ShortMessage.NOTE_OFF;
                    t.add(new MidiEvent(new ShortMessage(command, channel, (int) e[2], (int) e[3]), e[0]));
                }
                t.add(meta(META_END, new byte[0], part.lengthTicks()));
            }
            return seq;
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException("could not build MIDI events: " + e.getMessage(), e);
        }
    }

    /** The score as the bytes of a type-1 Standard MIDI File. */
    public static byte[] write(Score score) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MidiSystem.write(toSequence(score), 1, out);
        } catch (IOException e) {
            throw new IllegalStateException("could not write MIDI: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * Reads a Standard MIDI File.
     *
     * @throws InvalidMidiDataException when the bytes are not a MIDI file, use SMPTE timing or hold no notes
     */
    public static Score read(byte[] smf) throws InvalidMidiDataException, IOException {
        return fromSequence(MidiSystem.getSequence(new ByteArrayInputStream(smf)));
    }

    /** Converts a sequence (PPQ timing) to a score; unmatched note-ons end at their track's end. */
    public static Score fromSequence(Sequence seq) throws InvalidMidiDataException {
        if (seq.getDivisionType() != Sequence.PPQ) {
            throw new InvalidMidiDataException("only PPQ (tempo-based) MIDI files are supported");
        }
        int resolution = seq.getResolution();
        String title = "";
        int tempo = 120;
        TimeSignature time = new TimeSignature(4, 4);
        KeySignature key = new KeySignature(0, false);
        long pickup = 0;
        List<Part> parts = new ArrayList<>();
        boolean first = true;
        for (Track track : seq.getTracks()) {
            String name = "";
            int program = 0;
            boolean drums = false;
            boolean hasChannelEvents = false;
            List<Note> notes = new ArrayList<>();
            Map<Integer, long[]> open = new HashMap<>(); // (channel << 7 | pitch) -> {start, velocity}
            long end = scale(track.ticks(), resolution);
            for (int i = 0; i < track.size(); i++) {
                MidiEvent ev = track.get(i);
                long tick = scale(ev.getTick(), resolution);
                MidiMessage msg = ev.getMessage();
                if (msg instanceof MetaMessage m) {
                    byte[] d = m.getData();
                    switch (m.getType()) {
                        case META_NAME -> name = new String(d, StandardCharsets.UTF_8);
                        case META_TEMPO -> {
                            if (d.length == 3 && tick == 0) {
                                int mpq = (d[0] & 0xFF) << 16 | (d[1] & 0xFF) << 8 | d[2] & 0xFF;
                                tempo = (int) Math.round(60_000_000.0 / mpq);
                            }
                        }
                        case META_TIME -> {
                            if (d.length >= 2 && tick == 0) {
                                time = new TimeSignature(d[0] & 0xFF, 1 << (d[1] & 0xFF));
                            }
                        }
                        case META_KEY -> {
                            if (d.length >= 2 && tick == 0 && d[0] >= -7 && d[0] <= 7) {
                                key = new KeySignature(d[0], d[1] == 1);
                            }
                        }
                        case META_TEXT -> {
                            String text = new String(d, StandardCharsets.US_ASCII);
                            if (text.startsWith(PICKUP_TEXT)) {
                                try {
                                    pickup = Long.parseLong(text.substring(PICKUP_TEXT.length()));
                                } catch (NumberFormatException ignored) {
                                    // Not ours after all; a pickup is only a display hint.
                                }
                            }
                        }
                        default -> {
                        }
                    }
                } else if (msg instanceof ShortMessage s) {
                    hasChannelEvents = true;
                    int cmd = s.getCommand();
                    int ch = s.getChannel();
                    if (ch == DRUM_CHANNEL) {
                        drums = true;
                    }
                    if (cmd == ShortMessage.PROGRAM_CHANGE) {
                        program = s.getData1();
                    } else if (cmd == ShortMessage.NOTE_ON && s.getData2() > 0) {
                        int k = ch << 7 | s.getData1();
                        long[] prev = open.remove(k);
                        if (prev != null && tick > prev[0]) {
                            notes.add(new Note(prev[0], tick - prev[0], s.getData1(), (int) prev[1]));
                        }
                        open.put(k, new long[] {tick, s.getData2()});
                    } else if (cmd == ShortMessage.NOTE_OFF || cmd == ShortMessage.NOTE_ON) {
                        long[] on = open.remove(ch << 7 | s.getData1());
                        if (on != null && tick > on[0]) {
                            notes.add(new Note(on[0], tick - on[0], s.getData1(), (int) on[1]));
                        }
                    }
                }
            }
            for (Map.Entry<Integer, long[]> e : open.entrySet()) {
                long[] on = e.getValue();
                if (end > on[0]) {
                    notes.add(new Note(on[0], end - on[0], e.getKey() & 0x7F, (int) on[1]));
                }
            }
            if (first && !hasChannelEvents) {
                if (!name.isEmpty()) {
                    title = name;
                }
            } else if (hasChannelEvents || !notes.isEmpty()) {
                long length = Math.max(end, notes.stream().mapToLong(Note::endTick).max().orElse(0));
                parts.add(new Part(name, program, drums, notes, length));
            }
            first = false;
        }
        if (parts.stream().allMatch(p -> p.notes().isEmpty())) {
            throw new InvalidMidiDataException("the MIDI file holds no notes");
        }
        if (pickup >= time.measureTicks()) {
            pickup = 0;
        }
        return new Score(title, Math.max(1, Math.min(1000, tempo)), time, key, pickup, parts);
    }

    private static long scale(long tick, int resolution) {
        return resolution == Score.TICKS_PER_QUARTER ? tick
                : Math.round(tick * (double) Score.TICKS_PER_QUARTER / resolution);
    }

    private static MidiEvent meta(int type, byte[] data, long tick) throws InvalidMidiDataException {
        return new MidiEvent(new MetaMessage(type, data, data.length), tick);
    }
}

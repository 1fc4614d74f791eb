package io.zikos.core.midi;

import io.zikos.core.midi.Score.Note;
import io.zikos.core.midi.Score.Part;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Exports a {@link Score} as MusicXML 4.0 ({@code score-partwise}) so notation software (MuseScore, Finale, Sibelius,
 * Dorico, browsers with OSMD/Verovio) can show it.
 *
 * <p>Written: title, one part per track with its GM program, {@code divisions} = {@link Score#TICKS_PER_QUARTER}, key
 * and time signature, a metronome mark and {@code <sound tempo>}, a treble or bass clef chosen from the part's range (a
 * percussion clef and unpitched notes for drums), notes, chords ({@code <chord/>}), rests, dots, triplets (3:2
 * {@code time-modification}) and ties where a note crosses a bar line or needs two note values. A pickup becomes an
 * implicit measure 0.
 */
public final class MusicXmlWriter {

    /** A note value MusicXML can name: type, dots, and whether it is a triplet. */
    private record Value(long ticks, String type, int dots, boolean triplet) {
    }

    private static final List<Value> VALUES = values();

    private MusicXmlWriter() {
    }

    private static List<Value> values() {
        String[] types = {"whole", "half", "quarter", "eighth", "16th", "32nd", "64th"};
        List<Value> v = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            long base = 4L * Score.TICKS_PER_QUARTER >> i;
            v.add(new Value(base, types[i], 0, false));
            v.add(new Value(base * 3 / 2, types[i], 1, false));
            if (base * 7 % 4 == 0) {
                v.add(new Value(base * 7 / 4, types[i], 2, false));
            }
            v.add(new Value(base * 2 / 3, types[i], 0, true));
        }
        v.sort((a, b) -> Long.compare(b.ticks(), a.ticks()));
        return v;
    }

    /** Note values that add up to {@code ticks}, longest first (a remainder shorter than a 64th triplet is dropped). */
    static List<Value> split(long ticks) {
        List<Value> out = new ArrayList<>();
        long left = ticks;
        while (left > 0) {
            Value pick = null;
            for (Value v : VALUES) {
                if (v.ticks() <= left) {
                    pick = v;
                    break;
                }
            }
            if (pick == null) {
                break;
            }
            out.add(pick);
            left -= pick.ticks();
        }
        return out;
    }

    /** A stretch of a part: notes sounding together (or a rest when {@code pitches} is empty). */
    private record Segment(long start, long end, List<Integer> pitches) {
    }

    /** The score as a MusicXML document. */
    public static String write(Score score) {
        StringBuilder x = new StringBuilder(4096);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
        x.append("<!DOCTYPE score-partwise PUBLIC \"-//Recordare//DTD MusicXML 4.0 Partwise//EN\""
                + " \"http://www.musicxml.org/dtds/partwise.dtd\">\n");
        x.append("<score-partwise version=\"4.0\">\n");
        if (!score.title().isEmpty()) {
            x.append("  <work><work-title>").append(esc(score.title())).append("</work-title></work>\n");
        }
        x.append("  <identification><encoding><software>Zikos</software></encoding></identification>\n");
        x.append("  <part-list>\n");
        int channel = 0;
        for (int i = 0; i < score.parts().size(); i++) {
            Part p = score.parts().get(i);
            String id = "P" + (i + 1);
            String name = p.name().isBlank() ? "Track " + (i + 1) : p.name();
            int ch;
            if (p.drums()) {
                ch = 10;
            } else {
                channel = channel + 1 == 10 ? 11 : channel + 1;
                ch = channel;
            }
            x.append("    <score-part id=\"").append(id).append("\"><part-name>").append(esc(name))
                    .append("</part-name>\n");
            x.append("      <score-instrument id=\"").append(id).append("-I1\"><instrument-name>").append(esc(name))
                    .append("</instrument-name></score-instrument>\n");
            x.append("      <midi-instrument id=\"").append(id).append("-I1\"><midi-channel>").append(ch)
                    .append("</midi-channel>");
            if (!p.drums()) {
                x.append("<midi-program>").append(p.program() + 1).append("</midi-program>");
            }
            x.append("</midi-instrument>\n    </score-part>\n");
        }
        x.append("  </part-list>\n");
        for (int i = 0; i < score.parts().size(); i++) {
            writePart(x, score, score.parts().get(i), "P" + (i + 1), i == 0);
        }
        x.append("</score-partwise>\n");
        return x.toString();
    }

    private static void writePart(StringBuilder x, Score score, Part part, String id, boolean first) {
        x.append("  <part id=\"").append(id).append("\">\n");
        List<Segment> segments = segments(part, score.lengthTicks());
        long measure = score.time().measureTicks();
        long pickup = score.pickupTicks();
        List<long[]> measures = new ArrayList<>();
        long end = score.lengthTicks();
        long start = 0;
        if (pickup > 0) {
            measures.add(new long[] {0, Math.min(pickup, end)});
            start = pickup;
        }
        for (long m = start; m < end; m += measure) {
            measures.add(new long[] {m, m + measure});
        }
        boolean flats = score.key().fifths() < 0;
        int number = pickup > 0 ? 0 : 1;
        int seg = 0;
        for (int mi = 0; mi < measures.size(); mi++) {
            long ms = measures.get(mi)[0];
            long me = measures.get(mi)[1];
            x.append("    <measure number=\"").append(number).append('"');
            if (pickup > 0 && mi == 0) {
                x.append(" implicit=\"yes\"");
            }
            x.append(">\n");
            number++;
            if (mi == 0) {
                attributes(x, score, part);
                if (first) {
                    x.append("      <direction placement=\"above\"><direction-type><metronome><beat-unit>quarter"
                            + "</beat-unit><per-minute>").append(score.tempoBpm()).append("</per-minute></metronome>"
                            + "</direction-type><sound tempo=\"").append(score.tempoBpm()).append("\"/></direction>\n");
                }
            }
            boolean empty = true;
            while (seg < segments.size() && segments.get(seg).start() < me) {
                Segment s = segments.get(seg);
                if (!s.pitches().isEmpty()) {
                    empty = false;
                }
                if (s.end() <= me) {
                    seg++;
                } else {
                    break;
                }
            }
            if (empty && (pickup == 0 || mi > 0) && me - ms == measure) {
                x.append("      <note><rest measure=\"yes\"/><duration>").append(measure)
                        .append("</duration><voice>1</voice></note>\n");
            } else {
                for (Segment s : segments) {
                    long a = Math.max(s.start(), ms);
                    long b = Math.min(s.end(), me);
                    if (a >= b) {
                        continue;
                    }
                    List<Value> pieces = split(b - a);
                    for (int k = 0; k < pieces.size(); k++) {
                        boolean tieBefore = a > s.start() || k > 0;
                        boolean tieAfter = b < s.end() || k < pieces.size() - 1;
                        note(x, s.pitches(), pieces.get(k), part.drums(), flats, tieBefore, tieAfter);
                    }
                }
            }
            x.append("    </measure>\n");
        }
        x.append("  </part>\n");
    }

    private static void attributes(StringBuilder x, Score score, Part part) {
        x.append("      <attributes>\n        <divisions>").append(Score.TICKS_PER_QUARTER).append("</divisions>\n");
        x.append("        <key><fifths>").append(score.key().fifths()).append("</fifths><mode>")
                .append(score.key().minor() ? "minor" : "major").append("</mode></key>\n");
        x.append("        <time><beats>").append(score.time().numerator()).append("</beats><beat-type>")
                .append(score.time().denominator()).append("</beat-type></time>\n");
        if (part.drums()) {
            x.append("        <clef><sign>percussion</sign></clef>\n");
        } else {
            double mean = part.notes().stream().mapToInt(Note::pitch).average().orElse(60);
            x.append(mean < 57 ? "        <clef><sign>F</sign><line>4</line></clef>\n"
                    : "        <clef><sign>G</sign><line>2</line></clef>\n");
        }
        x.append("      </attributes>\n");
    }

    private static void note(StringBuilder x, List<Integer> pitches, Value v, boolean drums, boolean flats,
                             boolean tieBefore, boolean tieAfter) {
        if (pitches.isEmpty()) {
            x.append("      <note><rest/><duration>").append(v.ticks()).append("</duration><voice>1</voice>");
            type(x, v);
            x.append("</note>\n");
            return;
        }
        for (int i = 0; i < pitches.size(); i++) {
            int p = pitches.get(i);
            x.append("      <note>");
            if (i > 0) {
                x.append("<chord/>");
            }
            String[] spelled = spell(p, flats);
            int octave = (p - Integer.parseInt(spelled[1])) / 12 - 1;
            if (drums) {
                x.append("<unpitched><display-step>").append(spelled[0]).append("</display-step><display-octave>")
                        .append(octave).append("</display-octave></unpitched>");
            } else {
                x.append("<pitch><step>").append(spelled[0]).append("</step>");
                if (!spelled[1].equals("0")) {
                    x.append("<alter>").append(spelled[1]).append("</alter>");
                }
                x.append("<octave>").append(octave).append("</octave></pitch>");
            }
            x.append("<duration>").append(v.ticks()).append("</duration>");
            if (tieBefore) {
                x.append("<tie type=\"stop\"/>");
            }
            if (tieAfter) {
                x.append("<tie type=\"start\"/>");
            }
            x.append("<voice>1</voice>");
            type(x, v);
            if (tieBefore || tieAfter) {
                x.append("<notations>");
                if (tieBefore) {
                    x.append("<tied type=\"stop\"/>");
                }
                if (tieAfter) {
                    x.append("<tied type=\"start\"/>");
                }
                x.append("</notations>");
            }
            x.append("</note>\n");
        }
    }

    private static void type(StringBuilder x, Value v) {
        x.append("<type>").append(v.type()).append("</type>");
        for (int d = 0; d < v.dots(); d++) {
            x.append("<dot/>");
        }
        if (v.triplet()) {
            x.append("<time-modification><actual-notes>3</actual-notes><normal-notes>2</normal-notes>"
                    + "</time-modification>");
        }
    }

    /** Step and alter for a MIDI pitch, black keys as sharps (or flats in flat keys); alter as a string. */
    private static String[] spell(int midi, boolean flats) {
        String[] sharp = {"C", "C", "D", "D", "E", "F", "F", "G", "G", "A", "A", "B"};
        String[] flat = {"C", "D", "D", "E", "E", "F", "G", "G", "A", "A", "B", "B"};
        int pc = midi % 12;
        boolean black = pc == 1 || pc == 3 || pc == 6 || pc == 8 || pc == 10;
        if (!black) {
            return new String[] {sharp[pc], "0"};
        }
        return flats ? new String[] {flat[pc], "-1"} : new String[] {sharp[pc], "1"};
    }

    /** The part as consecutive segments from 0 to {@code length}: note groups and the rests between them. */
    private static List<Segment> segments(Part part, long length) {
        TreeMap<Long, List<Note>> byStart = new TreeMap<>();
        for (Note n : part.notes()) {
            byStart.computeIfAbsent(n.startTick(), k -> new ArrayList<>()).add(n);
        }
        List<Segment> out = new ArrayList<>();
        long cursor = 0;
        for (var e : byStart.entrySet()) {
            long start = e.getKey();
            if (start < cursor) {
                continue; // overlapping polyphony cannot be shown in one voice; the earlier notes win
            }
            if (start > cursor) {
                out.add(new Segment(cursor, start, List.of()));
            }
            long end = e.getValue().stream().mapToLong(Note::endTick).min().orElseThrow();
            Long next = byStart.higherKey(start);
            if (next != null && next < end) {
                end = next;
            }
            out.add(new Segment(start, end, e.getValue().stream().map(Note::pitch).distinct().toList()));
            cursor = end;
        }
        if (cursor < length) {
            out.add(new Segment(cursor, length, List.of()));
        }
        return out;
    }

    private static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\t') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}

package io.zikos.core.midi;

import io.zikos.core.midi.NotationException.Problem;
import io.zikos.core.midi.Score.KeySignature;
import io.zikos.core.midi.Score.Note;
import io.zikos.core.midi.Score.Part;
import io.zikos.core.midi.Score.TimeSignature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compact, line-based text notation for exercises that a chat model can write, parsed into a {@link Score}, and
 * written back from one. {@link #SYNTAX} is the full description (it is also the tool description's core).
 */
public final class ExerciseNotation {

    /** The notation, described for a model (and a person). */
    public static final String SYNTAX = String.join("\n",
            "Exercise notation (one directive or line of music per line; '//' starts a comment):",
            "  title: C major scale          optional",
            "  tempo: 96                     quarter notes per minute, 20..400 (default 120)",
            "  time: 3/4                     time signature (default 4/4; 'C' = 4/4, 'cut' = 2/2)",
            "  key: G | key: Em | key: Bb major | key: F# minor   key signature (default C major)",
            "  track: Right hand program=0   starts a track: a name, then optional program=<GM program 0-127 or a",
            "                                name such as piano, violin, cello, flute, clarinet, trumpet, alto_sax,",
            "                                guitar, bass, voice>; add the word 'drums' for a percussion track",
            "                                (pitches are GM drum sounds: C2 kick, D2 snare, F#2 closed hi-hat).",
            "                                A track line naming an existing track continues it.",
            "Put title/tempo/time/key before the first track. Lines after a track line are its music:",
            "  note   C4/q  F#5/8.  Bb3/16  Ebb4/h  (letter A-G, optional # b ## bb, octave -1..9 with C4 = middle C,",
            "         '/' and a duration). Duration: w h q 8 16 32 64 (or 1 2 4); add '.' for dotted, '..' for",
            "         double-dotted, 't' for a triplet value (8t = one of three eighths in a quarter).",
            "         Without '/duration' a note or rest repeats the previous duration of its track (first: q).",
            "  chord  [C4 E4 G4]/h           notes sounding together, one duration for all",
            "  tie    C4/h~ C4/8             '~' after a note or chord holds it into the next note of the same pitch",
            "                                (for lengths no single value has, and across bar lines)",
            "  rest   r/q  r/8.  r",
            "  bar    |                      optional; when present every bar must be exactly full for the time",
            "                                signature (the first bar may be a shorter pickup; the last may be open)",
            "  dynamics  ppp pp p mp mf f ff fff, or v=1..127: sets the loudness of the notes that follow (default mf)",
            "Example:",
            "  title: Broken chords",
            "  tempo: 90",
            "  time: 4/4",
            "  key: C",
            "  track: Piano program=piano",
            "  mf C4/8 E4 G4 C5 G4 E4 C4/q | [F3 A3 C4]/h [G3 B3 D4]/h | p [C3 E3 G3 C4]/w |");

    static final int DEFAULT_VELOCITY = 80;
    static final int MAX_NOTES = 20_000;
    static final double MAX_SECONDS = 600;
    private static final int MAX_PROBLEMS = 20;
    private static final Map<String, Integer> DYNAMICS = Map.of("ppp", 16, "pp", 33, "p", 49, "mp", 64, "mf", 80,
            "f", 96, "ff", 112, "fff", 127);
    private static final Pattern DIRECTIVE = Pattern.compile("(?i)(title|tempo|time|key|track)\\s*:(.*)");
    private static final Pattern NOTE = Pattern.compile("([A-Ga-g])(##|bb|#|b)?(-?\\d+)(?:(/)(.*))?");
    private static final Pattern DURATION = Pattern.compile("(w|h|q|1|2|4|8|16|32|64)(t|\\.{1,2})?");
    private static final Pattern VELOCITY = Pattern.compile("(?i)v=?(\\d{1,3})");
    private static final int[] LETTER_PITCH = {9, 11, 0, 2, 4, 5, 7}; // A B C D E F G

    private ExerciseNotation() {
    }

    /**
     * Parses notation text.
     *
     * @throws NotationException listing every problem (line, column, token, what was expected)
     */
    public static Score parse(String text) throws NotationException {
        return new Parser(text == null ? "" : text).parse();
    }

    /** Duration in ticks for a duration token such as {@code q}, {@code 8.} or {@code 16t}; -1 when invalid. */
    static long durationTicks(String token) {
        Matcher m = DURATION.matcher(token);
        if (!m.matches()) {
            return -1;
        }
        long base = switch (m.group(1)) {
            case "w", "1" -> 4L * Score.TICKS_PER_QUARTER;
            case "h", "2" -> 2L * Score.TICKS_PER_QUARTER;
            case "q", "4" -> Score.TICKS_PER_QUARTER;
            default -> 4L * Score.TICKS_PER_QUARTER / Integer.parseInt(m.group(1));
        };
        String mod = m.group(2);
        if (mod == null) {
            return base;
        }
        long num = switch (mod) {
            case "t" -> base * 2;
            case "." -> base * 3;
            default -> base * 7;
        };
        long den = switch (mod) {
            case "t" -> 3;
            case "." -> 2;
            default -> 4;
        };
        return num % den == 0 ? num / den : -1;
    }

    /** The duration token for a tick count, or {@code null} when no single duration has that length. */
    static String durationToken(long ticks) {
        for (String base : new String[] {"w", "h", "q", "8", "16", "32", "64"}) {
            for (String mod : new String[] {"", ".", "..", "t"}) {
                if (durationTicks(base + mod) == ticks) {
                    return base + mod;
                }
            }
        }
        return null;
    }

    /** Scientific pitch name, for example 61 -> {@code C#4}. */
    static String pitchName(int midi) {
        return pitchName(midi, false);
    }

    /** Scientific pitch name with black keys as flats ({@code Bb3}) when {@code flats}, else as sharps. */
    static String pitchName(int midi, boolean flats) {
        String[] names = flats ? new String[] {"C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"}
                : new String[] {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
        return names[midi % 12] + (midi / 12 - 1);
    }

    /**
     * Writes a score as notation text that {@link #parse(String)} reads back to an equal score (bar lines at every
     * bar; rests fill gaps; dynamics only where the loudness changes).
     *
     * @throws IllegalArgumentException when a part holds overlapping notes of different lengths or durations that no
     *                                  single note value expresses (possible in MIDI files made elsewhere)
     */
    public static String format(Score score) {
        StringBuilder out = new StringBuilder();
        if (!score.title().isEmpty()) {
            out.append("title: ").append(score.title().replaceAll("[\\r\\n]+", " ")).append('\n');
        }
        out.append("tempo: ").append(score.tempoBpm()).append('\n');
        out.append("time: ").append(score.time()).append('\n');
        out.append("key: ").append(score.key()).append('\n');
        int index = 0;
        for (Part part : score.parts()) {
            index++;
            String name = part.name().isBlank() ? "Track " + index : part.name().replaceAll("[\\r\\n:]+", " ").strip();
            out.append("track: ").append(name).append(part.drums() ? " drums" : " program=" + part.program())
                    .append('\n');
            out.append(formatPart(score, part)).append('\n');
        }
        return out.toString();
    }

    private static String formatPart(Score score, Part part) {
        TreeMap<Long, List<Note>> byStart = new TreeMap<>();
        for (Note n : part.notes()) {
            byStart.computeIfAbsent(n.startTick(), k -> new ArrayList<>()).add(n);
        }
        long measure = score.time().measureTicks();
        long firstBar = score.pickupTicks() > 0 ? score.pickupTicks() : measure;
        StringBuilder out = new StringBuilder();
        long cursor = 0;
        int velocity = DEFAULT_VELOCITY;
        long[] lastDuration = {Score.TICKS_PER_QUARTER};
        while (cursor < part.lengthTicks()) {
            List<Note> group = byStart.get(cursor);
            long end;
            String pitches = null;
            if (group == null) {
                Long next = byStart.ceilingKey(cursor);
                end = next == null ? part.lengthTicks() : next;
            } else {
                Note first = group.get(0);
                for (Note n : group) {
                    if (n.durationTicks() != first.durationTicks() || n.velocity() != first.velocity()) {
                        throw new IllegalArgumentException("notes starting together at tick " + cursor
                                + " differ in length or loudness; the notation cannot express that");
                    }
                }
                Long next = byStart.higherKey(cursor);
                if (next != null && next < first.endTick()) {
                    throw new IllegalArgumentException("overlapping notes at tick " + next
                            + "; the notation writes one voice per track");
                }
                if (first.velocity() != velocity) {
                    String mark = DYNAMICS.entrySet().stream().filter(e -> e.getValue() == first.velocity())
                            .map(Map.Entry::getKey).findFirst().orElse("v=" + first.velocity());
                    append(out, mark);
                    velocity = first.velocity();
                }
                boolean flats = score.key().fifths() < 0;
                pitches = group.size() == 1 ? pitchName(first.pitch(), flats)
                        : "[" + String.join(" ", group.stream().map(n -> pitchName(n.pitch(), flats)).toList()) + "]";
                end = first.endTick();
            }
            // Split at bar lines, then into note values; notes continue across the pieces with ties.
            while (cursor < end) {
                long bar = cursor < firstBar ? firstBar : firstBar + ((cursor - firstBar) / measure + 1) * measure;
                long stop = Math.min(end, bar);
                long len = longestExpressible(stop - cursor);
                if (len <= 0) {
                    throw new IllegalArgumentException((pitches == null ? "a gap" : "a note") + " of "
                            + (stop - cursor) + " ticks at tick " + cursor + " has no note value");
                }
                String d = durationToken(len);
                boolean tied = pitches != null && cursor + len < end;
                String head = pitches == null ? "r" : pitches;
                boolean implicit = len == lastDuration[0] && !head.startsWith("[");
                append(out, head + (implicit ? "" : "/" + d) + (tied ? "~" : ""));
                lastDuration[0] = len;
                cursor += len;
                if (cursor == bar) {
                    out.append(" |\n");
                }
            }
        }
        return out.toString().strip();
    }

    private static void append(StringBuilder out, String token) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append(' ');
        }
        out.append(token);
    }

    private static long longestExpressible(long ticks) {
        long best = 0;
        for (String base : new String[] {"w", "h", "q", "8", "16", "32", "64"}) {
            for (String mod : new String[] {"", ".", "..", "t"}) {
                long d = durationTicks(base + mod);
                if (d > best && d <= ticks) {
                    best = d;
                }
            }
        }
        return best;
    }

    /** One pass over the text. */
    private static final class Parser {
        private final String[] lines;
        private final List<Problem> problems = new ArrayList<>();
        private String title = "";
        private int tempo = 120;
        private TimeSignature time = new TimeSignature(4, 4);
        private KeySignature key = new KeySignature(0, false);
        private final Map<String, TrackState> tracks = new LinkedHashMap<>();
        private TrackState current;
        private Long pickup;
        private int totalNotes;

        Parser(String text) {
            this.lines = text.split("\\R", -1);
        }

        Score parse() throws NotationException {
            for (int i = 0; i < lines.length && problems.size() < MAX_PROBLEMS; i++) {
                String raw = lines[i];
                int comment = raw.indexOf("//");
                String line = comment >= 0 ? raw.substring(0, comment) : raw;
                if (line.isBlank()) {
                    continue;
                }
                int indent = 0;
                while (Character.isWhitespace(line.charAt(indent))) {
                    indent++;
                }
                Matcher d = DIRECTIVE.matcher(line.substring(indent));
                if (d.matches()) {
                    directive(i + 1, indent + 1, d.group(1).toLowerCase(Locale.ROOT), d.group(2),
                            indent + 1 + d.start(2));
                } else {
                    music(i + 1, line);
                }
            }
            if (problems.isEmpty()) {
                finishTracks();
            }
            if (!problems.isEmpty()) {
                throw new NotationException(problems);
            }
            List<Part> parts = new ArrayList<>();
            for (TrackState t : tracks.values()) {
                parts.add(new Part(t.name, t.program, t.drums, t.notes, t.cursor));
            }
            Score score = new Score(title, tempo, time, key, pickup == null ? 0 : pickup, parts);
            if (score.durationSeconds() > MAX_SECONDS) {
                throw new NotationException(List.of(new Problem(lines.length, 1, "", String.format(Locale.ROOT,
                        "the exercise lasts %.0f s; keep it under %.0f s", score.durationSeconds(), MAX_SECONDS))));
            }
            return score;
        }

        private void problem(int line, int column, String token, String message) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(new Problem(line, column, token, message));
            }
        }

        private void directive(int line, int column, String name, String value, int valueColumn) {
            String v = value.strip();
            if (!name.equals("track") && !tracks.isEmpty()) {
                problem(line, column, name + ":", "'" + name + ":' must come before the first track line");
                return;
            }
            switch (name) {
                case "title" -> title = v;
                case "tempo" -> {
                    Matcher m = Pattern.compile("(?i)(?:q\\s*=\\s*)?(\\d{1,4})(?:\\s*bpm)?").matcher(v);
                    int bpm = m.matches() ? Integer.parseInt(m.group(1)) : -1;
                    if (bpm < 20 || bpm > 400) {
                        problem(line, valueColumn, v, "expected a tempo in quarter notes per minute between 20 and"
                                + " 400, for example 'tempo: 96'");
                    } else {
                        tempo = bpm;
                    }
                }
                case "time" -> {
                    String s = v.toLowerCase(Locale.ROOT);
                    Matcher m = Pattern.compile("(\\d{1,2})\\s*/\\s*(\\d{1,2})").matcher(s);
                    try {
                        if (s.equals("c") || s.equals("common")) {
                            time = new TimeSignature(4, 4);
                        } else if (s.equals("cut")) {
                            time = new TimeSignature(2, 2);
                        } else if (m.matches()) {
                            time = new TimeSignature(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                        } else {
                            throw new IllegalArgumentException("not a fraction");
                        }
                    } catch (IllegalArgumentException e) {
                        problem(line, valueColumn, v, "expected a time signature like 4/4, 3/4, 6/8 or 5/4 (beats"
                                + " 1-64 over 1, 2, 4, 8, 16 or 32)");
                    }
                }
                case "key" -> {
                    Matcher m = Pattern.compile("([A-Ga-g])(#|b)?\\s*(m|min|minor|maj|major)?", Pattern.CASE_INSENSITIVE)
                            .matcher(v);
                    KeySignature k = null;
                    if (m.matches()) {
                        String mode = m.group(3) == null ? "" : m.group(3).toLowerCase(Locale.ROOT);
                        boolean minor = mode.equals("m") || mode.startsWith("min");
                        String tonic = m.group(1).toUpperCase(Locale.ROOT) + (m.group(2) == null ? "" : m.group(2));
                        k = KeySignature.of(tonic, minor);
                    }
                    if (k == null) {
                        problem(line, valueColumn, v, "expected a key like C, G, Bb, F# major, Em, C# minor (a key"
                                + " signature with at most 7 sharps or flats; use the enharmonic name otherwise)");
                    } else {
                        key = k;
                    }
                }
                case "track" -> track(line, valueColumn, v);
                default -> throw new IllegalStateException(name);
            }
        }

        private void track(int line, int column, String spec) {
            List<String> nameWords = new ArrayList<>();
            int program = 0;
            boolean drums = false;
            boolean programGiven = false;
            for (String word : spec.split("\\s+")) {
                if (word.isEmpty()) {
                    continue;
                }
                String lower = word.toLowerCase(Locale.ROOT);
                if (lower.startsWith("program=") || lower.startsWith("instrument=")) {
                    String value = word.substring(word.indexOf('=') + 1);
                    int p = GeneralMidi.program(value);
                    if (p < 0) {
                        problem(line, column + spec.indexOf(word), word, "expected program=<0-127> or a GM instrument"
                                + " name such as piano, violin, cello, flute, clarinet, trumpet, alto_sax, guitar,"
                                + " bass, voice");
                    } else {
                        program = p;
                        programGiven = true;
                    }
                } else if (lower.equals("drums") || lower.equals("percussion")) {
                    drums = true;
                } else {
                    nameWords.add(word);
                }
            }
            String name = String.join(" ", nameWords);
            if (name.isEmpty()) {
                name = "Track " + (tracks.size() + 1);
            }
            TrackState existing = tracks.get(name);
            if (existing != null) {
                if (programGiven && existing.program != program || drums != existing.drums && drums) {
                    problem(line, column, spec, "track '" + name + "' already exists with another instrument; give"
                            + " the new track a different name");
                }
                current = existing;
                return;
            }
            current = new TrackState(name, program, drums, line, column);
            tracks.put(name, current);
        }

        private void music(int line, String text) {
            if (current == null) {
                track(line, 1, "");
            }
            int i = 0;
            int n = text.length();
            while (i < n && problems.size() < MAX_PROBLEMS) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                int start = i;
                if (c == '[') {
                    int close = text.indexOf(']', i);
                    if (close < 0) {
                        problem(line, start + 1, text.substring(start).strip(), "chord opened with '[' is not closed"
                                + " with ']' on the same line; write it like [C4 E4 G4]/h");
                        return;
                    }
                    i = close + 1;
                    while (i < n && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '|'
                            && text.charAt(i) != '[') {
                        i++;
                    }
                    chord(line, start + 1, text.substring(start, i), text.substring(start + 1, close), start + 2,
                            text.substring(close + 1, i));
                } else if (c == '|') {
                    i++;
                    if (i < n && (text.charAt(i) == '|' || text.charAt(i) == ']')) {
                        i++;
                    }
                    barLine(line, start + 1, text.substring(start, i));
                } else {
                    while (i < n && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '|'
                            && text.charAt(i) != '[') {
                        i++;
                    }
                    single(line, start + 1, text.substring(start, i));
                }
            }
        }

        private void single(int line, int column, String token) {
            TrackState t = current;
            String lower = token.toLowerCase(Locale.ROOT);
            if (DYNAMICS.containsKey(token)) {
                t.velocity = DYNAMICS.get(token);
                return;
            }
            Matcher v = VELOCITY.matcher(token);
            if (v.matches()) {
                int vel = Integer.parseInt(v.group(1));
                if (vel < 1 || vel > 127) {
                    problem(line, column, token, "velocity must be 1..127");
                } else {
                    t.velocity = vel;
                }
                return;
            }
            boolean tie = token.endsWith("~");
            String body = tie ? token.substring(0, token.length() - 1) : token;
            if (lower.startsWith("r") && (lower.length() == 1 || lower.charAt(1) == '/')) {
                if (tie) {
                    problem(line, column, token, "a rest cannot be tied; remove the '~'");
                    return;
                }
                long d = duration(line, column, token, lower.length() == 1 ? null : token.substring(2), t);
                if (d > 0) {
                    unresolvedTies(line, column, token, List.of());
                    t.cursor += d;
                }
                return;
            }
            Matcher m = NOTE.matcher(body);
            if (m.matches()) {
                int pitch = pitch(line, column, token, m);
                long d = duration(line, column, token, m.group(4) == null ? null : m.group(5), t);
                if (pitch >= 0 && d > 0) {
                    addNotes(line, column, token, List.of(pitch), d, tie);
                }
                return;
            }
            problem(line, column, token, explain(token));
        }

        private String explain(String token) {
            char c = token.charAt(0);
            if ("ABCDEFGabcdefg".indexOf(c) >= 0) {
                if (token.matches("[A-Ga-g](##|bb|#|b)?(/.*)?")) {
                    return "a note needs an octave number after its name, for example " + Character.toUpperCase(c)
                            + "4/q (C4 is middle C)";
                }
                if (token.matches("[A-Ga-g](##|bb|#|b)?-?\\d+[^/].*")) {
                    return "expected '/' between the note and its duration, for example C4/q or F#5/8.";
                }
                return "expected a note like C4/q, F#5/8., Bb3/16 (letter, optional # or b, octave, '/', duration)";
            }
            if (c == ']') {
                return "']' without a matching '['";
            }
            if (c == 'H' || c == 'h') {
                return "there is no note H: use B for the German H and Bb for B";
            }
            if (token.matches("(?i)(tempo|time|key|title|track)=.*")) {
                return "directives are written 'name: value' on their own line, for example 'tempo: 96'";
            }
            return "expected a note (C4/q), a chord ([C4 E4 G4]/h), a rest (r/q), a bar line (|) or a dynamic"
                    + " (pp p mp mf f ff or v=1..127)";
        }

        private void chord(int line, int column, String token, String inner, int innerColumn, String suffix) {
            TrackState t = current;
            List<Integer> pitches = new ArrayList<>();
            int offset = 0;
            boolean ok = true;
            for (String part : inner.split("\\s+", -1)) {
                int at = inner.indexOf(part, offset);
                offset = at + part.length();
                if (part.isEmpty()) {
                    continue;
                }
                Matcher m = NOTE.matcher(part);
                if (!m.matches()) {
                    problem(line, innerColumn + at, part, part.toLowerCase(Locale.ROOT).startsWith("r")
                            ? "a chord holds notes only; write a rest outside the brackets"
                            : explain(part));
                    ok = false;
                    continue;
                }
                if (m.group(4) != null) {
                    problem(line, innerColumn + at, part, "notes inside a chord take no duration; put one after the"
                            + " bracket, for example [C4 E4 G4]/h");
                    ok = false;
                    continue;
                }
                int p = pitch(line, innerColumn + at, part, m);
                if (p < 0) {
                    ok = false;
                } else if (pitches.contains(p)) {
                    problem(line, innerColumn + at, part, "this pitch is already in the chord");
                    ok = false;
                } else {
                    pitches.add(p);
                }
            }
            if (ok && pitches.isEmpty()) {
                problem(line, column, token, "empty chord: write notes inside the brackets, for example [C4 E4 G4]/h");
                ok = false;
            }
            boolean tie = suffix.endsWith("~");
            if (tie) {
                suffix = suffix.substring(0, suffix.length() - 1);
            }
            String dur = null;
            if (!suffix.isEmpty()) {
                if (suffix.charAt(0) != '/') {
                    problem(line, column, token, "expected '/' and a duration after ']', for example [C4 E4 G4]/h");
                    return;
                }
                dur = suffix.substring(1);
            }
            long d = duration(line, column, token, dur, t);
            if (ok && d > 0) {
                addNotes(line, column, token, pitches, d, tie);
            }
        }

        private int pitch(int line, int column, String token, Matcher m) {
            int letter = Character.toUpperCase(m.group(1).charAt(0)) - 'A';
            int acc = m.group(2) == null ? 0 : switch (m.group(2)) {
                case "#" -> 1;
                case "##" -> 2;
                case "b" -> -1;
                default -> -2;
            };
            int octave;
            try {
                octave = Integer.parseInt(m.group(3));
            } catch (NumberFormatException e) {
                octave = 99;
            }
            int midi = (octave + 1) * 12 + LETTER_PITCH[letter] + acc;
            if (octave < -1 || octave > 9 || midi < 0 || midi > 127) {
                problem(line, column, token, "pitch out of range: octaves run from -1 to 9 (C-1 = MIDI 0, G9 = MIDI"
                        + " 127; C4 is middle C)");
                return -1;
            }
            return midi;
        }

        private long duration(int line, int column, String token, String dur, TrackState t) {
            if (dur == null) {
                return t.lastDuration;
            }
            long d = durationTicks(dur);
            if (d <= 0) {
                problem(line, column, token, "unknown duration '" + dur + "': use w, h, q, 8, 16, 32 or 64 (or 1, 2,"
                        + " 4), optionally followed by '.' (dotted), '..' (double-dotted) or 't' (triplet), for"
                        + " example q, 8., 16t");
                return -1;
            }
            t.lastDuration = d;
            return d;
        }

        private void addNotes(int line, int column, String token, List<Integer> pitches, long d, boolean tie) {
            TrackState t = current;
            unresolvedTies(line, column, token, pitches);
            Map<Integer, Integer> ties = new java.util.HashMap<>();
            for (int p : pitches) {
                Integer tied = t.pendingTies.get(p);
                if (tied != null) {
                    // Continue the tied note instead of striking a new one.
                    Note n = t.notes.get(tied);
                    t.notes.set(tied, new Note(n.startTick(), n.durationTicks() + d, p, n.velocity()));
                    ties.put(p, tied);
                } else {
                    if (++totalNotes > MAX_NOTES) {
                        problem(line, column, token, "too many notes (more than " + MAX_NOTES
                                + "); write a shorter exercise");
                        return;
                    }
                    t.notes.add(new Note(t.cursor, d, p, t.velocity));
                    ties.put(p, t.notes.size() - 1);
                }
            }
            t.pendingTies.clear();
            if (tie) {
                t.pendingTies.putAll(ties);
                t.tieLine = line;
                t.tieColumn = column;
                t.tieToken = token;
            }
            t.cursor += d;
        }

        /** Ties from the previous token whose pitch does not come next are an error. */
        private void unresolvedTies(int line, int column, String token, List<Integer> next) {
            TrackState t = current;
            for (int p : t.pendingTies.keySet()) {
                if (!next.contains(p)) {
                    problem(t.tieLine, t.tieColumn, t.tieToken, "the tie '~' on " + pitchName(p) + " must be followed"
                            + " directly by the same pitch (for example C4/h~ C4/q); " + (next.isEmpty() ? "a rest"
                            : "'" + token + "'") + " comes next");
                }
            }
            if (next.isEmpty()) {
                t.pendingTies.clear();
            }
        }

        private void barLine(int line, int column, String token) {
            TrackState t = current;
            long measure = time.measureTicks();
            long len = t.cursor - t.lastBar;
            t.bars++;
            if (t.bars == 1 && len == 0) {
                return; // a bar line before any music is harmless
            }
            if (t.bars == 1 && len < measure) {
                if (pickup != null && pickup != len) {
                    problem(line, column, token, "this track's pickup bar lasts " + beatsLike(len, pickup)
                            + " but an earlier track's pickup lasts " + beatsLike(pickup, len)
                            + "; all tracks must start the same way");
                } else {
                    pickup = len;
                }
            } else if (len != measure) {
                long diff = Math.abs(measure - len);
                problem(line, column, token, "bar " + (t.bars) + " of track '" + t.name + "' lasts "
                        + beatsLike(len, measure, diff) + " but " + time + " needs " + beatsLike(measure, len, diff)
                        + "; " + (len < measure ? "add" : "remove") + " " + beatsLike(diff, len, measure)
                        + " before this bar line" + (t.bars == 1 ? " (only a first bar may be shorter, as a pickup)" : ""));
            }
            t.lastBar = t.cursor;
        }

        private void finishTracks() {
            if (tracks.isEmpty()) {
                problem(1, 1, "", "no music: write at least one track with notes, for example 'C4/q D4 E4 F4 |'");
                return;
            }
            long measure = time.measureTicks();
            boolean anyNotes = false;
            for (TrackState t : tracks.values()) {
                for (int p : t.pendingTies.keySet()) {
                    problem(t.tieLine, t.tieColumn, t.tieToken, "the tie '~' on " + pitchName(p)
                            + " has no note to tie to: the track ends; remove the '~'");
                }
                anyNotes |= !t.notes.isEmpty();
                if (t.cursor == 0) {
                    problem(t.line, t.column, t.name, "track '" + t.name + "' has no notes or rests");
                }
                long open = t.cursor - t.lastBar;
                if (t.bars > 0 && open > measure) {
                    problem(lines.length, 1, "", "the last bar of track '" + t.name + "' lasts "
                            + beatsLike(open, measure) + ", more than the " + beatsLike(measure, open) + " of a " + time
                            + " bar; add a bar line");
                }
            }
            if (!anyNotes && problems.isEmpty()) {
                problem(1, 1, "", "the exercise has only rests: write some notes");
            }
        }

        /**
         * Durations in the beat unit when whole numbers, else in the longest note value that counts all of them
         * exactly ("5 eighth notes" rather than "2.5 quarter notes"), so the model can count.
         */
        private String beats(long... ticks) {
            long[] units = {time.beatTicks(), 960, 480, 240, 120, 60, 30, 320, 160, 80, 40, 20, 10, 5};
            String[] names = {null, "half note", "quarter note", "eighth note", "16th note", "32nd note", "64th note",
                "quarter-note triplet", "eighth-note triplet", "16th-note triplet", "32nd-note triplet",
                "64th-note triplet", "tick", "tick"};
            for (int i = 0; i < units.length; i++) {
                long u = units[i];
                if (u > time.beatTicks() && i > 0) {
                    continue;
                }
                boolean all = true;
                for (long t : ticks) {
                    all &= t % u == 0;
                }
                if (all) {
                    String name = i == 0 ? beatName() : names[i];
                    long n = ticks[0] / u;
                    return n + " " + name + (n == 1 ? "" : "s");
                }
            }
            return ticks[0] * 4 / Score.TICKS_PER_QUARTER + " ticks";
        }

        private String beatName() {
            return switch (time.denominator()) {
                case 1 -> "whole note";
                case 2 -> "half note";
                case 4 -> "quarter note";
                case 8 -> "eighth note";
                case 16 -> "16th note";
                default -> "32nd note";
            };
        }

        /** {@link #beats(long...)} of {@code ticks} in a unit that also counts {@code others} exactly. */
        private String beatsLike(long ticks, long... others) {
            long[] all = new long[others.length + 1];
            all[0] = ticks;
            System.arraycopy(others, 0, all, 1, others.length);
            return beats(all);
        }
    }

    /** Mutable parse state of one track. */
    private static final class TrackState {
        final String name;
        final int program;
        final boolean drums;
        final int line;
        final int column;
        final List<Note> notes = new ArrayList<>();
        long cursor;
        long lastBar;
        int bars;
        long lastDuration = Score.TICKS_PER_QUARTER;
        int velocity = DEFAULT_VELOCITY;
        /** Pitch -> index in {@link #notes} of a note tied ('~') into the next token. */
        final Map<Integer, Integer> pendingTies = new LinkedHashMap<>();
        int tieLine;
        int tieColumn;
        String tieToken;

        TrackState(String name, int program, boolean drums, int line, int column) {
            this.name = name;
            this.program = program;
            this.drums = drums;
            this.line = line;
            this.column = column;
        }
    }
}

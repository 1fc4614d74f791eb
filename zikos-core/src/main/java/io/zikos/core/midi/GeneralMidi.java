package io.zikos.core.midi;

import java.util.Locale;
import java.util.Map;

/** General MIDI program numbers (0-based) for instrument names a model is likely to write. */
final class GeneralMidi {

    static final Map<String, Integer> PROGRAMS = Map.ofEntries(
            Map.entry("piano", 0), Map.entry("acoustic_grand_piano", 0), Map.entry("bright_piano", 1),
            Map.entry("electric_piano", 4), Map.entry("harpsichord", 6), Map.entry("celesta", 8),
            Map.entry("glockenspiel", 9), Map.entry("music_box", 10), Map.entry("vibraphone", 11),
            Map.entry("marimba", 12), Map.entry("xylophone", 13), Map.entry("organ", 19),
            Map.entry("church_organ", 19), Map.entry("accordion", 21), Map.entry("harmonica", 22),
            Map.entry("guitar", 24), Map.entry("nylon_guitar", 24), Map.entry("steel_guitar", 25),
            Map.entry("acoustic_guitar", 25), Map.entry("jazz_guitar", 26), Map.entry("electric_guitar", 27),
            Map.entry("overdriven_guitar", 29), Map.entry("distortion_guitar", 30), Map.entry("bass", 32),
            Map.entry("acoustic_bass", 32), Map.entry("electric_bass", 33), Map.entry("fretless_bass", 35),
            Map.entry("violin", 40), Map.entry("viola", 41), Map.entry("cello", 42), Map.entry("contrabass", 43),
            Map.entry("double_bass", 43), Map.entry("harp", 46), Map.entry("timpani", 47), Map.entry("strings", 48),
            Map.entry("choir", 52), Map.entry("voice", 53), Map.entry("trumpet", 56), Map.entry("trombone", 57),
            Map.entry("tuba", 58), Map.entry("horn", 60), Map.entry("french_horn", 60), Map.entry("brass", 61),
            Map.entry("soprano_sax", 64), Map.entry("alto_sax", 65), Map.entry("sax", 65),
            Map.entry("saxophone", 65), Map.entry("tenor_sax", 66), Map.entry("baritone_sax", 67),
            Map.entry("oboe", 68), Map.entry("english_horn", 69), Map.entry("bassoon", 70),
            Map.entry("clarinet", 71), Map.entry("piccolo", 72), Map.entry("flute", 73), Map.entry("recorder", 74),
            Map.entry("pan_flute", 75), Map.entry("ocarina", 79), Map.entry("banjo", 105),
            Map.entry("steel_drums", 114));

    private GeneralMidi() {
    }

    /** Program for a name ({@code "violin"}, {@code "Alto Sax"}) or a number 0..127; -1 when unknown. */
    static int program(String nameOrNumber) {
        String s = nameOrNumber.strip().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        if (s.matches("\\d{1,3}")) {
            int n = Integer.parseInt(s);
            return n <= 127 ? n : -1;
        }
        return PROGRAMS.getOrDefault(s, -1);
    }
}

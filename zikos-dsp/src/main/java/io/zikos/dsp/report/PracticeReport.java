package io.zikos.dsp.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.dsp.analysis.Analysis;
import io.zikos.dsp.analysis.Analyzer;
import io.zikos.dsp.analysis.BackgroundNoise;
import io.zikos.dsp.analysis.ChordRecognizer;
import io.zikos.dsp.analysis.KeyEstimator;
import io.zikos.dsp.analysis.MainsHum;
import io.zikos.dsp.analysis.Note;
import io.zikos.dsp.analysis.RecordingLevel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The practice report: the full analysis as snake_case JSON (a superset of the evaluation contract: {@code tempo.bpm},
 * {@code tempo.beats}, {@code onsets}, {@code notes[].onset/offset/midi/cents}, {@code key.tonic/mode},
 * {@code chords[].start/end/label}, {@code timing.flagged[].onset/deviation_ms},
 * {@code intonation.flagged[].onset/midi/cents}, {@code dynamics.trend}), plus what a visual report needs (pitch curve,
 * tempo curve, dynamics envelope, bar/beat of flagged notes), and a plain-text report for musicians built only from
 * those measurements.
 */
public final class PracticeReport {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PracticeReport() {
    }

    /** The full JSON report. */
    public static ObjectNode toJson(Analysis a, String source) {
        ObjectNode r = MAPPER.createObjectNode();
        r.put("source", source);
        r.put("duration_seconds", round(a.durationSeconds(), 3));
        r.put("instrument", a.instrument().name().toLowerCase(Locale.ROOT));
        r.put("texture", a.polyphonic() ? "chords" : "melody");
        RecordingLevel level = a.level();
        ObjectNode recording = r.putObject("recording")
                .put("peak_dbfs", Double.isInfinite(level.peakDbfs()) ? null : round(level.peakDbfs(), 1))
                .put("full_scale_percent", round(level.fullScalePercent(), 3))
                .put("clipped", level.clipped());
        BackgroundNoise noise = a.noise();
        boolean measured = !Double.isNaN(noise.floorDbfs());
        recording.put("noise_floor_dbfs", measured ? round(noise.floorDbfs(), 1) : null)
                .put("signal_to_noise_db", measured ? round(noise.signalToNoiseDb(), 1) : null)
                .put("noisy", noise.noisy());
        MainsHum hum = a.hum();
        recording.put("mains_hum_hz", hum.present() ? round(hum.frequencyHz(), 1) : null);
        ObjectNode tempo = r.putObject("tempo");
        Analysis.Tempo t = a.tempo();
        if (t != null) {
            tempo.put("bpm", round(t.bpm(), 2));
            putArray(tempo.putArray("beats"), t.beats(), 4);
            tempo.put("stability", round(t.stability(), 3));
            tempo.put("drift_percent", round(t.driftPercent(), 2));
            tempo.put("trend", t.trend());
            tempo.put("beats_per_bar", t.beatsPerBar());
            tempo.put("beats_per_bar_given", t.metreGiven());
            tempo.put("subdivision", t.subdivision());
            tempo.put("tatum_seconds", round(t.tatumSeconds(), 4));
            tempo.put("off_beat_ratio", round(t.offBeatRatio(), 3));
            ArrayNode curve = tempo.putArray("curve");
            double[] beats = t.beats();
            double[] bpm = t.beatBpm();
            for (int i = 0; i < beats.length; i++) {
                curve.addObject().put("time", round(beats[i], 3)).put("bpm", round(bpm[i], 2));
            }
        } else {
            tempo.putNull("bpm");
            tempo.putArray("beats");
        }
        putArray(r.putArray("onsets"), a.onsets(), 4);
        ArrayNode notes = r.putArray("notes");
        List<Note> ns = a.notes();
        double[] dev = a.timing().deviationsMs();
        for (int i = 0; i < ns.size(); i++) {
            Note n = ns.get(i);
            ObjectNode o = notes.addObject();
            o.put("onset", round(n.onset(), 4));
            o.put("offset", round(n.offset(), 4));
            o.put("midi", n.midi());
            o.put("name", n.name());
            o.put("cents", round(n.cents(), 1));
            o.put("confidence", round(n.confidence(), 3));
            o.put("level_db", round(n.levelDb(), 1));
            o.put("onset_salience", round(n.strength(), 2));
            if (i < dev.length && !Double.isNaN(dev[i])) {
                o.put("timing_deviation_ms", round(dev[i], 1));
            }
        }
        KeyEstimator.KeyResult k = a.key();
        ObjectNode key = r.putObject("key");
        key.put("tonic", k.best().tonicName());
        key.put("mode", k.best().mode());
        key.put("label", k.best().label());
        key.put("confidence", round(k.confidence(), 3));
        ArrayNode alts = key.putArray("alternatives");
        for (KeyEstimator.KeyCandidate c : k.alternatives()) {
            alts.addObject().put("tonic", c.tonicName()).put("mode", c.mode()).put("score", round(c.score(), 3));
        }
        ArrayNode chords = r.putArray("chords");
        for (ChordRecognizer.ChordSegment c : a.chords()) {
            chords.addObject().put("start", round(c.start(), 3)).put("end", round(c.end(), 3))
                    .put("label", c.label()).put("confidence", round(c.confidence(), 3));
        }
        Analysis.Intonation in = a.intonation();
        ObjectNode into = r.putObject("intonation");
        into.put("tuning_offset_cents", round(in.tuningOffsetCents(), 1));
        into.put("mean_abs_cents", round(in.meanAbsCents(), 1));
        into.put("tendency", in.tendency());
        into.put("threshold_cents", in.thresholdCents());
        ArrayNode pf = into.putArray("flagged");
        for (Analysis.Flag f : in.flagged()) {
            ObjectNode o = flag(pf, f);
            o.put("cents", round(f.value(), 1));
            o.put("direction", f.value() > 0 ? "sharp" : "flat");
        }
        Analysis.Timing tm = a.timing();
        ObjectNode timing = r.putObject("timing");
        timing.put("mean_abs_deviation_ms", Double.isNaN(tm.meanAbsMs()) ? null : round(tm.meanAbsMs(), 1));
        timing.put("tendency", tm.tendency());
        timing.put("threshold_ms", tm.thresholdMs());
        ArrayNode tf = timing.putArray("flagged");
        for (Analysis.Flag f : tm.flagged()) {
            ObjectNode o = flag(tf, f);
            o.put("deviation_ms", round(f.value(), 1));
            o.put("direction", f.value() < 0 ? "rushed" : "dragged");
        }
        Analysis.Dynamics d = a.dynamics();
        ObjectNode dyn = r.putObject("dynamics");
        dyn.put("trend", d.trend());
        dyn.put("mean_db", round(d.meanDb(), 1));
        dyn.put("range_db", round(d.rangeDb(), 1));
        dyn.put("change_db", round(d.changeDb(), 1));
        ArrayNode env = dyn.putArray("envelope");
        for (double[] e : d.envelope()) {
            env.addArray().add(round(e[0], 2)).add(round(e[1], 1));
        }
        Analysis.Articulation art = a.articulation();
        r.putObject("articulation").put("style", art.style())
                .put("mean_duty_cycle", Double.isNaN(art.meanDutyCycle()) ? null : round(art.meanDutyCycle(), 3));
        ArrayNode ph = r.putArray("phrases");
        for (Analysis.Phrase p : a.phrases()) {
            ph.addObject().put("start", round(p.start(), 3)).put("end", round(p.end(), 3))
                    .put("first_note", p.firstNote()).put("last_note", p.lastNote());
        }
        ArrayNode pc = r.putArray("pitch_curve");
        for (double[] e : a.pitchCurve()) {
            pc.addArray().add(round(e[0], 3)).add(round(e[1], 3));
        }
        r.put("summary", toText(a, source));
        return r;
    }

    private static ObjectNode flag(ArrayNode arr, Analysis.Flag f) {
        ObjectNode o = arr.addObject();
        o.put("onset", round(f.onset(), 4));
        o.put("note_index", f.noteIndex());
        o.put("midi", f.midi());
        o.put("name", Note.name(f.midi()));
        if (f.bar() > 0) {
            o.put("bar", f.bar());
            o.put("beat", round(f.beat(), 2));
        }
        return o;
    }

    /**
     * Opens each line about the recording itself (recorded too loud, a loud room, a mains hum), which qualifies every
     * reading: renderers of the report find those lines by it.
     */
    public static final String RECORDING_PREFIX = "Recording:";

    /** The plain-text practice report. Every statement comes from a measurement in {@code a}. */
    public static String toText(Analysis a, String source) {
        StringBuilder sb = new StringBuilder();
        sb.append("Practice report: ").append(source).append(String.format(Locale.ROOT, " (%.1f s, %s)%n",
                a.durationSeconds(), a.polyphonic() ? "chords" : "melody"));
        if (a.level().clipped()) {
            sb.append(String.format(Locale.ROOT, RECORDING_PREFIX + " %s%% of the take is at full scale (0 dBFS), so it was "
                    + "most likely recorded too loud and is clipped (distorted) there; notes in those passages are "
                    + "read less reliably. Next time lower the input gain or move back from the microphone so the "
                    + "loudest notes peak around -6 dBFS.%n", percent(a.level().fullScalePercent())));
        }
        if (a.noise().noisy()) {
            sb.append(String.format(Locale.ROOT, RECORDING_PREFIX + " the room is loud: its noise is only about %.0f dB below "
                    + "your playing, so soft notes may be missed and intonation and timing are read less surely. Next "
                    + "time record closer to the instrument or somewhere quieter.%n", a.noise().signalToNoiseDb()));
        }
        if (a.hum().present()) {
            sb.append(String.format(Locale.ROOT, RECORDING_PREFIX + " a steady %.0f Hz hum from the mains electricity runs "
                    + "under the take; it was filtered out before the analysis, but it can hide soft low notes. It "
                    + "usually comes from a ground loop or a power supply: plug the amplifier or interface into the "
                    + "same socket as the computer, unplug a charging laptop, or use a balanced cable.%n",
                    a.hum().frequencyHz()));
        }
        Analysis.Tempo t = a.tempo();
        if (t != null) {
            sb.append(String.format(Locale.ROOT, "Tempo: about %.0f bpm, %s", t.bpm(), t.trend()));
            if (!"steady".equals(t.trend())) {
                sb.append(String.format(Locale.ROOT, " (%+.0f%% from start to end)", t.driftPercent()));
            }
            sb.append(String.format(Locale.ROOT, "; steadiness %.0f%%.%n", 100 * t.stability()));
            if (hasBarNumbers(a)) {
                sb.append(String.format(Locale.ROOT, "Bars are counted from the first note, %d beats to the bar%s%n",
                        t.beatsPerBar(), t.metreGiven() ? "." : " (assumed: give the metre if the piece is in"
                                + " another)."));
            }
        } else {
            sb.append("Tempo: no beat found (").append(noBeatReason(a)).append(").\n");
        }
        KeyEstimator.KeyResult k = a.key();
        sb.append("Key: ").append(k.best().label());
        if (k.confidence() < 0.4 && !k.alternatives().isEmpty()) {
            sb.append(" (uncertain; could also be ").append(k.alternatives().get(0).label()).append(')');
        }
        sb.append(".\n");
        if (a.polyphonic()) {
            List<String> labels = new ArrayList<>();
            for (ChordRecognizer.ChordSegment c : a.chords()) {
                if (!c.label().equals("N") && labels.size() < 12) {
                    labels.add(c.label());
                }
            }
            sb.append("Chords: ").append(String.join(" ", labels)).append(a.chords().size() > 12 ? " ..." : "")
                    .append('\n');
        } else {
            sb.append(String.format(Locale.ROOT, "Notes: %d transcribed.%n", a.notes().size()));
        }
        Analysis.Intonation in = a.intonation();
        List<Analysis.Flag> pf = in.flagged();
        if (!a.polyphonic() && !a.notes().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "Intonation: %s; notes are on average %.0f cents from pitch",
                    in.tendency(), in.meanAbsCents()));
            if (Math.abs(in.tuningOffsetCents()) >= 10) {
                sb.append(String.format(Locale.ROOT, " (the whole instrument is tuned %+.0f cents from A440)",
                        in.tuningOffsetCents()));
            }
            sb.append(". ");
            if (pf.isEmpty()) {
                sb.append("No note was out of tune by ").append((int) in.thresholdCents())
                        .append(" cents or more.\n");
            } else {
                sb.append(pf.size()).append(pf.size() == 1 ? " note was" : " notes were").append(" out of tune:\n");
                for (Analysis.Flag f : top(pf, 6)) {
                    sb.append("  - ").append(where(f)).append(Note.name(f.midi())).append(String.format(Locale.ROOT,
                            " %.0f cents %s%n", Math.abs(f.value()), f.value() > 0 ? "sharp" : "flat"));
                }
            }
        }
        Analysis.Timing tm = a.timing();
        if (Double.isNaN(tm.meanAbsMs()) && !a.polyphonic() && !a.notes().isEmpty()) {
            sb.append("Timing: not judged (").append(noBeatReason(a)).append(").\n");
        } else if (!Double.isNaN(tm.meanAbsMs())) {
            sb.append(String.format(Locale.ROOT, "Timing: %s; notes land on average %.0f ms from the beat grid. ",
                    tm.tendency(), tm.meanAbsMs()));
            List<Analysis.Flag> tf = tm.flagged();
            if (tf.isEmpty() && tm.thresholdMs() > 2 * Analyzer.TIMING_FLAG_MS) {
                sb.append(String.format(Locale.ROOT, "The timing varies too much (about ±%.0f ms) to single out "
                        + "notes.%n", tm.thresholdMs() / 4));
            } else if (tf.isEmpty()) {
                sb.append("No note was rushed or dragged by ").append((int) tm.thresholdMs())
                        .append(" ms or more.\n");
            } else {
                sb.append(tf.size()).append(tf.size() == 1 ? " note was" : " notes were")
                        .append(" noticeably early or late:\n");
                for (Analysis.Flag f : top(tf, 6)) {
                    sb.append("  - ").append(where(f)).append(Note.name(f.midi())).append(String.format(Locale.ROOT,
                            " %s by %.0f ms%n", f.value() < 0 ? "rushed" : "dragged", Math.abs(f.value())));
                }
            }
        }
        Analysis.Dynamics d = a.dynamics();
        sb.append(String.format(Locale.ROOT, "Dynamics: %s (%+.0f dB over the piece), range %.0f dB.%n",
                d.trend(), d.changeDb(), d.rangeDb()));
        if (!"unknown".equals(a.articulation().style())) {
            sb.append("Articulation: ").append(a.articulation().style()).append(".\n");
        }
        sb.append("What to practise:\n");
        for (String s : advice(a)) {
            sb.append("  * ").append(s).append('\n');
        }
        return sb.toString();
    }

    /** Whether the report names bars (flagged notes placed on the beat grid). */
    private static boolean hasBarNumbers(Analysis a) {
        return a.intonation().flagged().stream().anyMatch(f -> f.bar() > 0)
                || a.timing().flagged().stream().anyMatch(f -> f.bar() > 0);
    }

    private static List<Analysis.Flag> top(List<Analysis.Flag> flags, int n) {
        return flags.stream().sorted(Comparator.comparingDouble(f -> -Math.abs(f.value()))).limit(n)
                .sorted(Comparator.comparingDouble(Analysis.Flag::onset)).toList();
    }

    private static String where(Analysis.Flag f) {
        if (f.bar() > 0) {
            return String.format(Locale.ROOT, "bar %d beat %s (%.2f s): ", f.bar(), beatText(f.beat()), f.onset());
        }
        return String.format(Locale.ROOT, "at %.2f s: ", f.onset());
    }

    private static String beatText(double beat) {
        double r = Math.rint(beat * 2) / 2;
        return r == Math.rint(r) ? String.valueOf((int) r) : ((int) Math.floor(r)) + "&";
    }

    /** One or two concrete suggestions, chosen from the biggest measured problems. */
    static List<String> advice(Analysis a) {
        List<String> out = new ArrayList<>();
        Analysis.Intonation in = a.intonation();
        Analysis.Timing tm = a.timing();
        Analysis.Tempo t = a.tempo();
        if (!in.flagged().isEmpty()) {
            long sharp = in.flagged().stream().filter(f -> f.value() > 0).count();
            long flat = in.flagged().size() - sharp;
            Analysis.Flag worst = top(in.flagged(), 1).get(0);
            out.add(String.format(Locale.ROOT,
                    "Tune %s%s slowly against a drone or tuner: it was %.0f cents %s%s.", Note.name(worst.midi()),
                    worst.bar() > 0 ? " in bar " + worst.bar() : "", Math.abs(worst.value()),
                    worst.value() > 0 ? "sharp" : "flat",
                    sharp > 0 && flat > 0 ? "" : (sharp > 0 ? "; your out-of-tune notes lean sharp"
                            : "; your out-of-tune notes lean flat")));
        }
        if (!tm.flagged().isEmpty()) {
            Analysis.Flag worst = top(tm.flagged(), 1).get(0);
            out.add(String.format(Locale.ROOT,
                    "Play %s with a metronome at %.0f bpm, then faster: the %s was %.0f ms %s.",
                    worst.bar() > 0 ? "bars " + Math.max(1, worst.bar() - 1) + "-" + (worst.bar() + 1)
                            : "the passage around " + String.format(Locale.ROOT, "%.1f s", worst.onset()),
                    t != null ? Math.max(40, Math.floor(t.bpm() * 0.8)) : 60, Note.name(worst.midi()),
                    Math.abs(worst.value()), worst.value() < 0 ? "early" : "late"));
        }
        if (out.size() < 2 && tm.flagged().isEmpty() && !Double.isNaN(tm.meanAbsMs())
                && tm.thresholdMs() > 2 * Analyzer.TIMING_FLAG_MS && t != null) {
            out.add(String.format(Locale.ROOT, "Steady the pulse: notes land on average %.0f ms from the beat. Play "
                    + "with a metronome at %.0f bpm, counting the subdivisions aloud.", tm.meanAbsMs(),
                    Math.max(40, Math.floor(t.bpm() * 0.8))));
        }
        if (out.size() < 2 && t != null && !"steady".equals(t.trend())) {
            out.add(String.format(Locale.ROOT, "Keep the tempo even: you were %s by %.0f%%. Practise with a "
                    + "metronome at %.0f bpm.", t.trend(), Math.abs(t.driftPercent()), t.bpm()));
        }
        if (out.isEmpty()) {
            out.add(nothingFlagged(a));
        }
        return out.subList(0, Math.min(2, out.size()));
    }

    /**
     * The advice when no note was flagged, saying only what was judged: chords are not judged note by note, and
     * without a beat the timing is not judged at all.
     */
    private static String nothingFlagged(Analysis a) {
        if (a.polyphonic()) {
            return "This take was read as chords, so the tuning and timing of single notes were not judged: record "
                    + "one line at a time (the melody, or one voice) to have them checked note by note.";
        }
        if (a.notes().isEmpty()) {
            return "No pitched notes were made out, so intonation and timing were not judged; if you played notes, "
                    + "record closer to the instrument with the input level peaking around -6 dBFS.";
        }
        if (Double.isNaN(a.timing().meanAbsMs())) {
            return "No note was out of tune; the timing was not judged (" + noBeatReason(a) + "). Play it again "
                    + "with a metronome so the next take can be checked against a steady beat.";
        }
        return "Intonation and timing were clean. Work on musical shape: try a deliberate crescendo to the "
                + "phrase peak and record again to compare.";
    }

    /** Why no beat grid was fitted: too few clear attacks (chords), too few notes, or no regular timing among them. */
    private static String noBeatReason(Analysis a) {
        if (a.polyphonic()) {
            return "too few clear attacks";
        }
        return a.notes().size() < Analyzer.MIN_NOTES_FOR_BEAT ? "too few notes" : "no steady beat in the notes' timing";
    }

    /** A share in percent, to one decimal under 10 % (1.2, 14). */
    private static String percent(double p) {
        return String.format(Locale.ROOT, p >= 10 ? "%.0f" : "%.1f", p);
    }

    private static void putArray(ArrayNode arr, double[] v, int digits) {
        for (double x : v) {
            arr.add(round(x, digits));
        }
    }

    static double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return 0;
        }
        double s = Math.pow(10, digits);
        return Math.round(v * s) / s;
    }
}

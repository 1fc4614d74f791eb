package io.zikos.dsp.analysis;

import io.zikos.api.PcmAudio;
import io.zikos.dsp.decode.SilenceTrimmer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs every measurement once over decoded audio. Stateless and thread-safe: all buffers belong to one call.
 * The sample rate should be 16–48 kHz ({@link #SAMPLE_RATE} is what the tools decode to).
 */
public final class Analyzer {
    /** The rate the tools and the CLI decode to: enough for pitch up to C8 and fast. */
    public static final int SAMPLE_RATE = 22050;
    /**
     * A note at least this far (cents) from the tuning reference is flagged out of tune (more when the recording's
     * own pitch spread is larger).
     */
    public static final double PITCH_FLAG_CENTS = 20;
    /**
     * Notes whose pitch reading is less certain than this are not judged for intonation: a doubtful reading (a
     * sub-harmonic under reverb, a noisy attack) would be reported as a wildly out-of-tune note.
     */
    static final double MIN_JUDGED_CONFIDENCE = 0.7;
    /** Notes shorter than this (s) are not judged for intonation: their pitch has no time to settle. */
    static final double MIN_JUDGED_NOTE_S = 0.15;
    /**
     * A note at least this far (ms) from the fitted beat grid is flagged rushed or dragged (more when the recording's
     * own timing spread is larger).
     */
    public static final double TIMING_FLAG_MS = 50;
    /** Fewest notes a melody needs for its beat grid to be fitted to them, and so for its timing to be judged. */
    public static final int MIN_NOTES_FOR_BEAT = 4;
    /**
     * A note is flagged out of tune or out of time when it stands out by this many robust standard deviations of the
     * recording's own pitch or timing spread.
     */
    static final double FLAG_SPREADS = 3.5;
    /**
     * Deviations of this fraction of the subdivision or more are ambiguous: maybe meant for the next grid point. Half
     * would be the midpoint; a note played 40 % off reads up to about 45 % with the measurement's 10-20 ms of noise.
     */
    static final double AMBIGUOUS_SUBDIVISION_FRACTION = 0.45;
    /** Onsets weaker than this (flux peak over local background) are too soft to time precisely. */
    static final double MIN_TIMED_SALIENCE = 3;
    /** Level change over the piece (dB, fitted) that counts as a crescendo or decrescendo. */
    public static final double DYNAMICS_TREND_DB = 6;

    private final AnalysisOptions options;

    public Analyzer() {
        this(AnalysisOptions.DEFAULTS);
    }

    public Analyzer(Instrument instrument) {
        this(AnalysisOptions.of(instrument));
    }

    /** @param options the instrument and metre, when the player gave them */
    public Analyzer(AnalysisOptions options) {
        this.options = options == null ? AnalysisOptions.DEFAULTS : options;
    }

    public Analysis analyze(PcmAudio audio) {
        int sr = audio.sampleRate();
        double duration = audio.originalDuration() > 0 ? audio.originalDuration()
                : audio.durationSeconds() + audio.offsetSeconds();
        RecordingLevel level = RecordingLevel.measure(audio.samples()); // the take as recorded, hum and all
        MainsHum hum = MainsHum.detect(audio.samples(), sr);
        if (hum.present()) {
            // nothing keeps the recorded samples from here on: a 20-minute take must not be held twice
            audio = withoutHum(audio, hum, duration);
        }
        float[] x = audio.samples();
        double off = audio.offsetSeconds();
        Instrument instrument = options.instrument();
        FrameFeatures f = FrameFeatures.compute(x, sr, instrument.lowMidi(), instrument.highMidi());
        List<OnsetDetector.Onset> raw = new OnsetDetector().detect(f);
        NoteTranscriber transcriber = new NoteTranscriber(level.clipped());
        List<Note> notes = transcriber.transcribe(f, raw);
        Chroma chroma = Chroma.compute(x, sr);
        boolean poly = isPolyphonic(f, chroma);
        double endTime = soundEnd(f);

        double[] beatOnsets;
        // chords, or unpitched sound (percussion, clapping) that gives no notes: time the beat from the attacks
        boolean fromNotes = !poly && notes.size() >= MIN_NOTES_FOR_BEAT;
        if (!fromNotes) {
            // in chords, sustained voices leave flux everywhere; only onsets that stand out locally mark attacks, and
            // where the take is clipped only those that also raise the level
            raw = raw.stream().filter(o -> o.salience() >= 2.0 && (!level.clipped()
                    || o.riseDb() >= CLIPPED_ATTACK_RISE_DB || !RecordingLevel.clippedNear(x, sr, o.time())))
                    .toList();
            beatOnsets = raw.stream().mapToDouble(OnsetDetector.Onset::time).toArray();
        } else {
            beatOnsets = notes.stream().mapToDouble(Note::attackTime).toArray();
        }
        boolean[] reliable = null;
        if (fromNotes) {
            // a clear attack, or a change of pitch, is a note start to trust for the tempo
            reliable = new boolean[notes.size()];
            for (int i = 0; i < notes.size(); i++) {
                reliable[i] = notes.get(i).strength() >= 3
                        || (i > 0 && notes.get(i).midi() != notes.get(i - 1).midi());
            }
        }
        BeatGrid grid = fromNotes
                ? BeatGrid.fit(beatOnsets, notes.stream().mapToDouble(Note::onset).toArray(), reliable, endTime)
                : BeatGrid.fitAccompaniment(beatOnsets, endTime);
        double[] beats = grid == null ? new double[0] : grid.beats();
        List<ChordRecognizer.ChordSegment> chords = new ChordRecognizer().recognise(chroma, beats,
                audio.durationSeconds());
        KeyEstimator.KeyResult key = key(poly, notes, chroma, chords);
        Analysis.Tempo tempo = tempo(grid, options);
        BeatGrid noteGrid = fromNotes ? grid : null;
        Analysis.Timing timing = timing(poly, notes, noteGrid, tempo);
        Analysis.Intonation intonation = intonation(poly, notes, noteGrid, tempo);
        Analysis.Dynamics dynamics = dynamics(f, notes, poly);
        // in chords the single-line notes are not the playing: how long they last says nothing of legato or staccato
        Analysis.Articulation articulation = poly ? new Analysis.Articulation("unknown", Double.NaN)
                : articulation(notes);
        List<Analysis.Phrase> phrases = phrases(notes);
        double[][] curve = pitchCurve(f, transcriber.corrections());
        return shift(new Analysis(duration, instrument, poly,
                poly ? raw.stream().mapToDouble(OnsetDetector.Onset::time).toArray()
                        : notes.stream().mapToDouble(Note::onset).toArray(),
                notes, tempo, key, chords, dynamics, intonation, timing, articulation, phrases, curve,
                level, BackgroundNoise.measure(f), hum), off);
    }

    /**
     * The take with its mains hum taken out and, the hum gone, the silence around the playing trimmed (the hum kept
     * the trimmer from finding it); times keep referring to the file.
     */
    private static PcmAudio withoutHum(PcmAudio audio, MainsHum hum, double duration) {
        int sr = audio.sampleRate();
        return SilenceTrimmer.trim(new PcmAudio(hum.removedFrom(audio.samples(), sr), sr, audio.offsetSeconds(),
                duration, audio.sourceName()));
    }

    /**
     * In a take recorded too loud, an attack of chords where the waveform reaches full scale must raise the level by
     * this much (dB): a held chord swelling (an e-piano's tremolo) past the rails makes a flux peak at each crossing,
     * fourteen a second, with the level flat.
     */
    static final double CLIPPED_ATTACK_RISE_DB = 1.5;

    /** Sounding frames must stand this far (dB) above the noise floor, the level of the recording's quietest tenth. */
    static final double ABOVE_NOISE_DB = 10;
    /** ... unless that is closer than this to the loudest frame: a take with no rests has no floor to measure. */
    static final double MIN_SOUNDING_RANGE_DB = 12;
    /** Under this share of periodic sounding frames a take is not a single line, whatever its chroma. */
    static final double APERIODIC_SHARE = 0.3;
    /** Under this share, a take whose frames hold this many strong pitch classes on average is chords. */
    static final double AMBIGUOUS_SHARE = 0.7;
    /** Mean strong pitch classes of chords: a triad has three; a single line one, with a partial or a ringing note. */
    static final double CHORD_PITCH_CLASSES = 2.0;

    /**
     * Chords make most sounding frames aperiodic, a single line keeps them periodic. Triads (piano's most of all),
     * a single line on ringing steel strings and a line in a noisy room all fall in between; there the chroma decides:
     * chords hold two or more strong pitch classes at once. Noise filling the rests is not counted as sounding.
     */
    static boolean isPolyphonic(FrameFeatures f, Chroma chroma) {
        float[] sorted = f.levelArray().clone(); // at least one frame
        Arrays.sort(sorted);
        float max = sorted[sorted.length - 1];
        double floor = sorted[sorted.length / 10];
        double sounding = Math.max(max - 30, Math.min(floor + ABOVE_NOISE_DB, max - MIN_SOUNDING_RANGE_DB));
        int active = 0;
        int periodic = 0;
        for (int t = 0; t < f.frames(); t++) {
            if (f.levelDb(t) > sounding) {
                active++;
                if (f.clarity(t) >= 0.9) {
                    periodic++;
                }
            }
        }
        if (active == 0) {
            return false;
        }
        double share = periodic / (double) active;
        return share < APERIODIC_SHARE
                || (share < AMBIGUOUS_SHARE && strongPitchClasses(chroma) >= CHORD_PITCH_CLASSES);
    }

    /** Mean number of treble chroma bins at least half the strongest, over frames within 20 dB of the loudest. */
    static double strongPitchClasses(Chroma c) {
        double emax = 0;
        for (int t = 0; t < c.frames(); t++) {
            emax = Math.max(emax, c.energy(t));
        }
        double count = 0;
        int frames = 0;
        for (int t = 0; t < c.frames(); t++) {
            if (c.energy(t) < emax * 1e-2) {
                continue;
            }
            double[] tr = c.treble(t);
            double m = 0;
            for (double v : tr) {
                m = Math.max(m, v);
            }
            for (double v : tr) {
                if (v >= 0.5 * m && m > 0) {
                    count++;
                }
            }
            frames++;
        }
        return frames > 0 ? count / frames : 0;
    }

    private static double soundEnd(FrameFeatures f) {
        float max = -200;
        for (int t = 0; t < f.frames(); t++) {
            max = Math.max(max, f.levelDb(t));
        }
        for (int t = f.frames() - 1; t >= 0; t--) {
            if (f.levelDb(t) > max - 30) {
                return f.time(t);
            }
        }
        return f.time(f.frames());
    }

    private static KeyEstimator.KeyResult key(boolean poly, List<Note> notes, Chroma chroma,
                                              List<ChordRecognizer.ChordSegment> chords) {
        double[] h = new double[12];
        if (!poly && !notes.isEmpty()) {
            for (int i = 0; i < notes.size(); i++) {
                Note n = notes.get(i);
                double next = i + 1 < notes.size() ? notes.get(i + 1).onset() : n.offset();
                double dur = Math.min(2.0, Math.max(0.05, next - n.onset()));
                h[Math.floorMod(n.midi(), 12)] += dur * n.confidence();
            }
            return new KeyEstimator().estimate(h, Math.floorMod(notes.get(notes.size() - 1).midi(), 12),
                    Math.floorMod(notes.get(0).midi(), 12));
        }
        for (int t = 0; t < chroma.frames(); t++) {
            double[] tr = chroma.treble(t);
            double[] bs = chroma.bass(t);
            for (int k = 0; k < 12; k++) {
                h[k] += tr[k] + bs[k];
            }
        }
        List<ChordRecognizer.ChordSegment> real = chords.stream().filter(c -> !c.label().equals("N")).toList();
        if (real.isEmpty()) {
            return new KeyEstimator().estimateFromChords(h, -1, 0, -1, 0);
        }
        ChordRecognizer.ChordSegment first = real.get(0);
        ChordRecognizer.ChordSegment last = real.get(real.size() - 1);
        return new KeyEstimator().estimateFromChords(h, pcOf(first.label()), quality(first.label()),
                pcOf(last.label()), quality(last.label()));
    }

    private static int quality(String label) {
        return label.endsWith("maj") ? 1 : label.endsWith("min") ? -1 : 0;
    }

    private static int pcOf(String label) {
        String root = label.substring(0, label.indexOf(':'));
        for (int i = 0; i < 12; i++) {
            if (Note.pitchClassName(i).equals(root)) {
                return i;
            }
        }
        return -1;
    }

    private static Analysis.Tempo tempo(BeatGrid grid, AnalysisOptions options) {
        if (grid == null || grid.beats().length < 2) {
            return null;
        }
        double[] bpm = grid.beatBpm();
        double[] sorted = bpm.clone();
        Arrays.sort(sorted);
        double med = sorted[sorted.length / 2];
        double spread = (sorted[(int) (0.9 * (sorted.length - 1))] - sorted[(int) (0.1 * (sorted.length - 1))]) / med;
        double stability = Math.max(0, Math.min(1, 1 - spread / 0.2));
        int q = Math.max(1, bpm.length / 4);
        double first = 0;
        double last = 0;
        for (int i = 0; i < q; i++) {
            first += bpm[i];
            last += bpm[bpm.length - 1 - i];
        }
        double drift = 100 * (last - first) / first;
        String trend = drift >= 4 ? "speeding up" : drift <= -4 ? "slowing down" : "steady";
        return new Analysis.Tempo(grid.bpm(), grid.beats(), bpm, stability, drift, trend, options.barLength(),
                options.metreGiven(), grid.tatumsPerBeat(), grid.tatum(), grid.offBeatRatio());
    }

    private static Analysis.Timing timing(boolean poly, List<Note> notes, BeatGrid grid, Analysis.Tempo tempo) {
        double[] dev = new double[notes.size()];
        Arrays.fill(dev, Double.NaN);
        List<Analysis.Flag> flags = new ArrayList<>();
        if (poly || grid == null || grid.size() != notes.size()) {
            return new Analysis.Timing(dev, Double.NaN, "unknown", flags, TIMING_FLAG_MS);
        }
        double sum = 0;
        double signed = 0;
        for (int i = 0; i < notes.size(); i++) {
            dev[i] = 1000 * grid.deviation(i);
            sum += Math.abs(dev[i]);
            signed += dev[i];
        }
        // A deviation of 45 % of the subdivision or more cannot be told from a note meant for the neighbouring grid
        // point (an off-beat eighth, or a subdivision the grid does not model): such notes are neither judged nor
        // counted in the recording's timing spread. The eighth note bounds the subdivision because melodies use
        // off-beat eighths even where the detected tatum is the beat.
        double eighthMs = 30_000 / grid.bpm();
        double ambiguousMs = AMBIGUOUS_SUBDIVISION_FRACTION * Math.min(1000 * grid.tatum(), eighthMs);
        double[] judged = Arrays.stream(dev).filter(d -> Math.abs(d) < ambiguousMs).toArray();
        double spread = robustSpread(judged.length >= 4 ? judged : dev);
        double threshold = Math.max(TIMING_FLAG_MS, FLAG_SPREADS * spread);
        for (int i = 0; i < notes.size(); i++) {
            // soft attacks (low onset salience) cannot be timed precisely enough to judge
            if (Math.abs(dev[i]) >= threshold && Math.abs(dev[i]) < ambiguousMs
                    && notes.get(i).strength() >= MIN_TIMED_SALIENCE) {
                flags.add(flag(i, notes.get(i), dev[i], grid, tempo));
            }
        }
        double mean = sum / notes.size();
        double bias = signed / notes.size();
        String tendency = bias <= -12 ? "rushing" : bias >= 12 ? "dragging" : "on time";
        return new Analysis.Timing(dev, mean, tendency, flags, threshold);
    }

    /** 1.4826 × the median absolute deviation from the median: a standard deviation that ignores outliers. */
    private static double robustSpread(double[] values) {
        double median = BeatGrid.median(values);
        return 1.4826 * BeatGrid.median(Arrays.stream(values).map(v -> Math.abs(v - median)).toArray());
    }

    private static Analysis.Flag flag(int i, Note n, double value, BeatGrid grid, Analysis.Tempo tempo) {
        int bar = 0;
        double beat = 0;
        if (grid != null && grid.size() > i && tempo != null) {
            double bi = grid.beatIndex(i);
            int perBar = tempo.beatsPerBar();
            bar = (int) Math.floor(bi / perBar) + 1;
            beat = bi - (bar - 1) * perBar + 1;
        }
        return new Analysis.Flag(i, n.onset(), n.midi(), value, bar, beat);
    }

    private static Analysis.Intonation intonation(boolean poly, List<Note> notes, BeatGrid grid,
                                                  Analysis.Tempo tempo) {
        List<Analysis.Flag> flags = new ArrayList<>();
        if (notes.isEmpty()) {
            return new Analysis.Intonation(0, 0, "unknown", flags, PITCH_FLAG_CENTS);
        }
        double[] c = notes.stream().mapToDouble(Note::cents).sorted().toArray();
        double offset = BeatGrid.median(c);
        // notes are judged against the recording's own tuning reference (the median deviation): a consistent offset
        // is how the instrument is tuned, not an intonation error; reported cents stay relative to A440
        double ref = offset;
        // flag what stands out from this recording's own pitch spread (vibrato, a wobbly sound), never less than the
        // threshold; very short notes have no settled pitch to judge
        double threshold = Math.max(PITCH_FLAG_CENTS, FLAG_SPREADS * robustSpread(c));
        double sumAbs = 0;
        for (int i = 0; i < notes.size(); i++) {
            Note n = notes.get(i);
            double d = n.cents() - ref;
            sumAbs += Math.abs(d);
            if (!poly && Math.abs(d) >= threshold && n.confidence() >= MIN_JUDGED_CONFIDENCE
                    && n.duration() >= MIN_JUDGED_NOTE_S) {
                BeatGrid g = grid != null && grid.size() == notes.size() ? grid : null;
                flags.add(flag(i, n, n.cents(), g, tempo));
            }
        }
        double mean = sumAbs / notes.size();
        double signed = 0;
        for (Note n : notes) {
            signed += n.cents() - ref;
        }
        signed /= notes.size();
        String tendency = Math.abs(offset) >= 10 ? (offset > 0 ? "sharp" : "flat")
                : signed >= 5 ? "sharp" : signed <= -5 ? "flat" : "in tune";
        return new Analysis.Intonation(offset, mean, tendency, flags, threshold);
    }

    private static Analysis.Dynamics dynamics(FrameFeatures f, List<Note> notes, boolean poly) {
        // envelope every 0.1 s
        int step = Math.max(1, (int) Math.round(0.1 / f.frameSeconds()));
        List<double[]> env = new ArrayList<>();
        float max = -200;
        for (int t = 0; t < f.frames(); t++) {
            max = Math.max(max, f.levelDb(t));
        }
        for (int t = 0; t < f.frames(); t += step) {
            float m = -200;
            for (int k = t; k < Math.min(f.frames(), t + step); k++) {
                m = Math.max(m, f.levelDb(k));
            }
            env.add(new double[] {f.time(t), Math.max(-90, m)});
        }
        double[] tx;
        double[] ty;
        if (!poly && notes.size() >= MIN_NOTES_FOR_BEAT) {
            tx = notes.stream().mapToDouble(Note::onset).toArray();
            ty = notes.stream().mapToDouble(Note::levelDb).toArray();
        } else {
            List<double[]> act = env.stream().filter(e -> e[1] > -200 && e[1] > -90).toList();
            float m2 = max;
            act = act.stream().filter(e -> e[1] > m2 - 30).toList();
            tx = act.stream().mapToDouble(e -> e[0]).toArray();
            ty = act.stream().mapToDouble(e -> e[1]).toArray();
        }
        if (tx.length < 2) {
            return new Analysis.Dynamics(max, 0, 0, "steady", env.toArray(new double[0][]));
        }
        double slope = theilSen(tx, ty);
        double change = slope * (tx[tx.length - 1] - tx[0]);
        double[] s = ty.clone();
        Arrays.sort(s);
        double mean = Arrays.stream(ty).average().orElse(0);
        double range = s[(int) (0.9 * (s.length - 1))] - s[(int) (0.1 * (s.length - 1))];
        String trend = change >= DYNAMICS_TREND_DB ? "crescendo" : change <= -DYNAMICS_TREND_DB ? "decrescendo"
                : "steady";
        return new Analysis.Dynamics(mean, range, change, trend, env.toArray(new double[0][]));
    }

    /** Median of pairwise slopes (subsampled for long inputs): robust to a few accented or missed notes. */
    static double theilSen(double[] x, double[] y) {
        int n = x.length;
        int stride = Math.max(1, n / 400);
        List<Double> slopes = new ArrayList<>();
        for (int i = 0; i < n; i += stride) {
            for (int j = i + 1; j < n; j += stride) {
                double dx = x[j] - x[i];
                if (dx > 1e-6) {
                    slopes.add((y[j] - y[i]) / dx);
                }
            }
        }
        if (slopes.isEmpty()) {
            return 0;
        }
        double[] s = slopes.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s[s.length / 2];
    }

    private static Analysis.Articulation articulation(List<Note> notes) {
        if (notes.size() < 2) {
            return new Analysis.Articulation("unknown", Double.NaN);
        }
        double sum = 0;
        int n = 0;
        for (int i = 0; i + 1 < notes.size(); i++) {
            double ioi = notes.get(i + 1).onset() - notes.get(i).onset();
            if (ioi > 0.05) {
                sum += Math.min(1, notes.get(i).duration() / ioi);
                n++;
            }
        }
        double duty = n > 0 ? sum / n : Double.NaN;
        String style = duty >= 0.8 ? "legato" : duty <= 0.55 ? "staccato" : "mixed";
        return new Analysis.Articulation(style, duty);
    }

    private static List<Analysis.Phrase> phrases(List<Note> notes) {
        List<Analysis.Phrase> out = new ArrayList<>();
        if (notes.isEmpty()) {
            return out;
        }
        double[] iois = new double[Math.max(1, notes.size() - 1)];
        for (int i = 0; i + 1 < notes.size(); i++) {
            iois[i] = notes.get(i + 1).onset() - notes.get(i).onset();
        }
        double med = BeatGrid.median(iois);
        int start = 0;
        for (int i = 0; i + 1 < notes.size(); i++) {
            double gap = notes.get(i + 1).onset() - notes.get(i).offset();
            double ioi = iois[i];
            // a rest, or a note held much longer than usual followed by a breath
            if (gap > Math.max(0.25, 0.5 * med) || (ioi > 2.5 * med && i - start >= 3)) {
                out.add(new Analysis.Phrase(notes.get(start).onset(), notes.get(i).offset(), start, i));
                start = i + 1;
            }
        }
        out.add(new Analysis.Phrase(notes.get(start).onset(), notes.get(notes.size() - 1).offset(), start,
                notes.size() - 1));
        return out;
    }

    /**
     * The pitch track every 20 ms where it is clear; inside stiff-string notes moved down by the note's correction, so
     * the chart agrees with the notes (the track reads a piano sharp, the notes are read at the fundamental).
     */
    private static double[][] pitchCurve(FrameFeatures f, List<StiffStringPitch.Correction> corrections) {
        int step = Math.max(1, (int) Math.round(0.02 / f.frameSeconds()));
        List<double[]> out = new ArrayList<>();
        int c = 0;
        for (int t = 0; t < f.frames(); t += step) {
            float p = f.pitchMidi(t);
            if (!Float.isNaN(p) && f.clarity(t) >= NoteTranscriber.MIN_CLARITY) {
                double time = f.time(t);
                while (c < corrections.size() && corrections.get(c).offset() <= time) {
                    c++;
                }
                boolean inside = c < corrections.size() && corrections.get(c).onset() <= time;
                out.add(new double[] {time, inside ? p - corrections.get(c).semitones() : p});
            }
        }
        return out.toArray(new double[0][]);
    }

    /** Moves every time by the trimmed-silence offset so times refer to the original file. */
    private static Analysis shift(Analysis a, double off) {
        if (off == 0) {
            return a;
        }
        double[] on = Arrays.stream(a.onsets()).map(t -> t + off).toArray();
        List<Note> notes = a.notes().stream().map(n -> new Note(n.onset() + off, n.offset() + off, n.midi(),
                n.cents(), n.confidence(), n.levelDb(), n.strength(), n.attackTime() + off)).toList();
        Analysis.Tempo t = a.tempo();
        if (t != null) {
            t = new Analysis.Tempo(t.bpm(), Arrays.stream(t.beats()).map(b -> b + off).toArray(), t.beatBpm(),
                    t.stability(), t.driftPercent(), t.trend(), t.beatsPerBar(), t.metreGiven(), t.subdivision(),
                    t.tatumSeconds(), t.offBeatRatio());
        }
        List<ChordRecognizer.ChordSegment> chords = a.chords().stream().map(c -> new ChordRecognizer.ChordSegment(
                c.start() + off, c.end() + off, c.label(), c.confidence())).toList();
        Analysis.Dynamics d = a.dynamics();
        double[][] env = Arrays.stream(d.envelope()).map(e -> new double[] {e[0] + off, e[1]})
                .toArray(double[][]::new);
        d = new Analysis.Dynamics(d.meanDb(), d.rangeDb(), d.changeDb(), d.trend(), env);
        Analysis.Intonation in = a.intonation();
        in = new Analysis.Intonation(in.tuningOffsetCents(), in.meanAbsCents(), in.tendency(),
                shiftFlags(in.flagged(), off), in.thresholdCents());
        Analysis.Timing tm = a.timing();
        tm = new Analysis.Timing(tm.deviationsMs(), tm.meanAbsMs(), tm.tendency(), shiftFlags(tm.flagged(), off),
                tm.thresholdMs());
        List<Analysis.Phrase> ph = a.phrases().stream().map(p -> new Analysis.Phrase(p.start() + off,
                p.end() + off, p.firstNote(), p.lastNote())).toList();
        double[][] curve = Arrays.stream(a.pitchCurve()).map(e -> new double[] {e[0] + off, e[1]})
                .toArray(double[][]::new);
        return new Analysis(a.durationSeconds(), a.instrument(), a.polyphonic(), on, notes, t, a.key(), chords, d,
                in, tm, a.articulation(), ph, curve, a.level(), a.noise(), a.hum());
    }

    private static List<Analysis.Flag> shiftFlags(List<Analysis.Flag> flags, double off) {
        return flags.stream().map(f -> new Analysis.Flag(f.noteIndex(), f.onset() + off, f.midi(), f.value(),
                f.bar(), f.beat())).toList();
    }
}

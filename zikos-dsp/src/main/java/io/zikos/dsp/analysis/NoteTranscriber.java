package io.zikos.dsp.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Monophonic transcription: segments the pitch track at the detected onsets (and at stable pitch changes that have no
 * onset, as in a slur), and gives each segment the trimmed mean pitch of its periodic frames after the attack. Octave
 * slips are guarded by keeping only the largest cluster of frames within a semitone of each other. Same-pitch onsets
 * that do not stand out from the note's own flux (vibrato, bow noise) are joined to the note they interrupt, and
 * fragments too short to be notes are dropped (or, running straight into the same pitch, start that note). Inside a
 * wide vibrato (see {@link Vibrato}) a note is judged, and read, by its swing's centre.
 */
public final class NoteTranscriber {
    /** Frames below this NSDF clarity are not trusted for pitch. */
    static final double MIN_CLARITY = 0.75;
    /** Skip at least this much after an onset before reading pitch (the attack is noisy and may glide). */
    static final double ATTACK_S = 0.03;
    /**
     * A same-pitch onset counts as a re-struck note only when its flux peak is this many times the local background
     * (vibrato, bow noise and tremolo make smaller peaks all along a sustained note).
     */
    static final double REARTICULATION_SALIENCE = 4.0;
    /** ... and the level rises at least this much (dB): a flux spike at a steady level is a glitch or a loop point. */
    static final double MIN_REARTICULATION_RISE_DB = 1.5;
    /** ... or when the level jumps by this much (dB) at the onset. */
    static final double REARTICULATION_RISE_DB = 8.0;
    /**
     * ... or when the sound breaks briefly: the level dips at least this much (dB) below both the note before and the
     * note after (a soft re-articulation: a sung syllable, a bow change, a tongued note), with a flux peak at least
     * {@link #DIP_SALIENCE} times the local background.
     */
    static final double REARTICULATION_DIP_DB = 5.0;
    /** Smallest flux salience of a re-articulation told by a break in the sound. */
    static final double DIP_SALIENCE = 2.0;
    /**
     * ... or when the note settles this far (semitones) from the one before, at a clear onset (salience at least
     * {@link #RETUNED_SALIENCE}): the same note played again out of tune. Vibrato and a drooping release move the
     * mean of a segment far less, and their onsets are soft. Unlike the rules above, a level falling right after the
     * onset does not veto it: that is the previous note's release under a softly begun new one (checked on six
     * corpora: every such split was a real note).
     */
    static final double RETUNED_STEP_ST = 0.25;
    /** Smallest flux salience of a re-articulation told by a change of intonation. */
    static final double RETUNED_SALIENCE = 3.0;
    /**
     * A softer onset (down to this salience) also splits a same-pitch note when the pitch track steps there from one
     * steady level to another (see {@link #steadyStep}): a repeat played softly out of tune. A note that creeps in
     * pitch, or wavers, also reads differently before and after a soft bump in its flux (a bow change, noise), but
     * right at the bump its track shows no step between two flat levels. Without that check, voice and cello notes
     * split all over on the eval corpora.
     */
    static final double SOFT_RETUNED_SALIENCE = 1.6;
    /** Margin (s) kept from an onset by the windows that read the levels on either side of it. */
    static final double STEP_MARGIN_S = 0.04;
    /**
     * The level before is read this long (s) after the previous note's onset at the earliest: past its attack, where
     * a scoop into the note would read as a step (an alto sax note on the eval corpora did).
     */
    static final double STEP_SETTLE_S = 0.1;
    /** Longest window (s) read on either side. */
    static final double STEP_WINDOW_S = 0.2;
    /** Shortest window (s) that counts as a level. */
    static final double MIN_STEP_WINDOW_S = 0.1;
    /** A same-pitch onset after which the level falls this much (dB) within 60 ms is the note's release. */
    static final double RELEASE_FALL_DB = 6.0;
    /** Segments shorter than this (to the next onset) are fragments, not notes. */
    static final double MIN_NOTE_S = 0.07;

    /** Whether the take was recorded too loud (see {@link RecordingLevel#clipped}): see {@link #clippedAt}. */
    private final boolean clippedTake;
    private FrameFeatures f;
    private Vibrato vibrato;
    private float[] buf;
    private float[] clar;
    private float maxLevel;
    /** Pitch (fractional MIDI) of the note before the segment being measured, NaN at the start. */
    private double prevPitch = Double.NaN;
    private List<StiffStringPitch.Correction> corrections = List.of();

    /**
     * A candidate note before merging: start time, the next onset, and its onset's salience, level rise, level fall,
     * valley depth and the time it is heard to start (see {@link OnsetDetector.Onset}).
     */
    private record Segment(double start, double end, double salience, double rise, double fall, double dip,
                           double soundStart) {
    }

    /** A transcriber for a take that was not recorded too loud. */
    public NoteTranscriber() {
        this(false);
    }

    /** @param clippedTake whether the take was recorded too loud and is clipped (see {@link RecordingLevel}) */
    public NoteTranscriber(boolean clippedTake) {
        this.clippedTake = clippedTake;
    }

    public List<Note> transcribe(FrameFeatures features, List<OnsetDetector.Onset> onsets) {
        this.f = features;
        int frames = f.frames();
        double fs = f.frameSeconds();
        buf = new float[frames];
        clar = new float[frames];
        maxLevel = -200;
        for (int t = 0; t < frames; t++) {
            maxLevel = Math.max(maxLevel, f.levelDb(t));
        }
        List<double[]> starts = new ArrayList<>(); // {time, salience, rise, fall, dip, sound time}
        for (OnsetDetector.Onset o : onsets) {
            starts.add(new double[] {o.time(), o.salience(), o.riseDb(), o.fallDb(), o.dipDb(), o.soundTime()});
        }
        addPitchChangeOnsets(f, starts);
        vibrato = Vibrato.find(f, MIN_CLARITY);
        starts.sort((a, b) -> Double.compare(a[0], b[0]));
        List<Segment> segs = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            double on = starts.get(i)[0];
            double next = i + 1 < starts.size() ? starts.get(i + 1)[0] : frames * fs;
            double[] st = starts.get(i);
            segs.add(new Segment(on, next, st[1], st[2], st[3], st[4], st[5]));
        }
        List<Note> notes = new ArrayList<>();
        List<Segment> kept = new ArrayList<>();
        prevPitch = Double.NaN;
        for (Segment s : segs) {
            prevPitch = notes.isEmpty() ? Double.NaN : notes.get(notes.size() - 1).pitch();
            Note n = measure(s);
            if (n == null) {
                continue;
            }
            if (!notes.isEmpty()) {
                Note p = notes.get(notes.size() - 1);
                Segment ps = kept.get(kept.size() - 1);
                if (continuesNote(p, ps, n, s)) {
                    Segment joined = new Segment(ps.start(), s.end(), ps.salience(), ps.rise(), ps.fall(), ps.dip(),
                            ps.soundStart());
                    prevPitch = notes.size() < 2 ? Double.NaN : notes.get(notes.size() - 2).pitch();
                    Note m = measure(joined);
                    if (m != null) {
                        notes.set(notes.size() - 1, m);
                        kept.set(kept.size() - 1, joined);
                        continue;
                    }
                }
            }
            notes.add(n);
            kept.add(s);
        }
        notes = settledAttacks(notes);
        notes = commonPeriodAttacks(notes);
        notes = pitchTimedOnsets(notes);
        notes = harmonicOnsets(notes);
        // drop fragments; one that runs straight into a note of its own pitch is that note's beginning (a second
        // flux peak split the note early on), so the note starts there (its attack, which times it, is kept)
        List<Note> out = new ArrayList<>();
        for (int i = 0; i < notes.size(); i++) {
            Note n = notes.get(i);
            double next = i + 1 < notes.size() ? notes.get(i + 1).onset() : n.offset();
            if (Math.max(next, n.offset()) - n.onset() >= MIN_NOTE_S) {
                out.add(n);
            } else if (i + 1 < notes.size() && Math.abs(notes.get(i + 1).pitch() - n.pitch()) < 0.5
                    && notes.get(i + 1).onset() - n.offset() < 0.02) {
                Note b = notes.get(i + 1);
                notes.set(i + 1, new Note(n.onset(), b.offset(), b.midi(), b.cents(), b.confidence(), b.levelDb(),
                        b.strength(), b.attackTime()));
            }
        }
        return rereadPitches(out);
    }

    /**
     * The notes with their pitches re-read from their spectra: common-period readings at the note's own pitch
     * ({@link SubharmonicReadings}), then stiff strings at their fitted fundamental ({@link StiffStringPitch}), which
     * also sets {@link #corrections}. Re-reading a pitch leaves the note's times alone, so one spectrum serves both
     * re-readings; each note's is built and dropped in turn, because all of a long take's at once (a few hundred KB a
     * note) would hold hundreds of MB.
     */
    private List<Note> rereadPitches(List<Note> notes) {
        Map<Integer, RealFft> ffts = new HashMap<>();
        // the notes before as the common-period re-reading left them (not yet fitted): it judges a note by those
        List<Note> ownPitches = new ArrayList<>(notes.size());
        List<Note> out = new ArrayList<>(notes.size());
        List<StiffStringPitch.Correction> moved = new ArrayList<>();
        for (int i = 0; i < notes.size(); i++) {
            Note n = notes.get(i);
            NoteSpectrum spectrum = NoteSpectrum.of(n, f.samples(), f.sampleRate(), NoteSpectrum.MIN_SPAN_S, ffts);
            Note next = i + 1 < notes.size() ? notes.get(i + 1) : null;
            Note own = SubharmonicReadings.correctOne(ownPitches, n, next, spectrum, f.sampleRate());
            ownPitches.add(own);
            StiffStringPitch.Refined refined = StiffStringPitch.refineOne(own, spectrum, f.sampleRate());
            out.add(refined == null ? own : refined.note());
            if (refined != null) {
                moved.add(refined.correction());
            }
        }
        corrections = List.copyOf(moved);
        return List.copyOf(out);
    }

    /**
     * Whether segment {@code s} (read as {@code n}) goes on with the note before ({@code p}, from segment {@code ps})
     * rather than starting a note: it follows straight on at the same pitch, and its onset is neither a clear
     * re-articulation nor a change of intonation — or it is the second stage of the note's attack.
     */
    private boolean continuesNote(Note p, Segment ps, Note n, Segment s) {
        if (n.onset() - p.offset() >= 0.02) {
            return false;
        }
        Vibrato.Reading before = vibrato.before(s.start(), ps.start());
        Vibrato.Reading after = vibrato.after(s.start());
        double move = pitchMove(p, ps, n, s, before, after);
        if (move >= 0.5) {
            return false;
        }
        // a re-struck note stands out and does not die away right after its onset (a release does)
        boolean dipped = s.salience() >= DIP_SALIENCE && s.dip() >= REARTICULATION_DIP_DB;
        // a vibrato often swells and fades with each cycle, and its flux peaks with it: inside one, a salient flux
        // peak with a small rise is the vibrato's own
        boolean throughVibrato = before != null && after != null;
        boolean throughWideVibrato = throughVibrato
                && Math.min(before.swing(), after.swing()) >= Vibrato.SALIENT_SWING_ST;
        boolean struck = (clippedAt(s.start()) || throughWideVibrato ? dipped
                : (s.salience() >= REARTICULATION_SALIENCE && s.rise() >= MIN_REARTICULATION_RISE_DB)
                || s.rise() >= REARTICULATION_RISE_DB || dipped)
                && s.fall() < RELEASE_FALL_DB;
        boolean retuned = move >= RETUNED_STEP_ST
                && (s.salience() >= RETUNED_SALIENCE || s.salience() >= SOFT_RETUNED_SALIENCE
                && (throughVibrato || steadyStep(ps, s)));
        // a note's two-stage attack is one note from the first onset, however clear its second stage
        return (!struck && !retuned) || scoopedAttack(p, n, ps, s);
    }

    /**
     * How far (semitones) the pitch moves at segment {@code s}'s onset, from the note before ({@code p}, segment
     * {@code ps}) to the segment (read as {@code n}). Inside a vibrato the parts' own pitches are wherever the swing
     * was, so where it swings on both sides the move is that of the swing's centre; a part next to a vibrato but too
     * short to show a swing of its own (under a cycle) is judged by how far it lies outside that vibrato's swing.
     */
    private static double pitchMove(Note p, Segment ps, Note n, Segment s, Vibrato.Reading before,
            Vibrato.Reading after) {
        if (before != null && after != null) {
            return Math.abs(after.centre() - before.centre());
        }
        if (before != null) {
            return offSwing(n.pitch(), s.end() - s.start(), before);
        }
        if (after != null) {
            return offSwing(p.pitch(), ps.end() - ps.start(), after);
        }
        return Math.abs(n.pitch() - p.pitch());
    }

    /** How far a part {@code seconds} long at {@code pitch} lies from a vibrato: see {@link #pitchMove}. */
    private static double offSwing(double pitch, double seconds, Vibrato.Reading v) {
        double off = Math.abs(pitch - v.centre());
        return seconds < 2 * v.halfCycle() ? Math.max(0, off - v.swing() / 2) : off;
    }

    /**
     * Whether the pitch track steps at segment {@code s}'s onset from one steady level to another: the medians of its
     * periodic frames in windows just before and just after the onset (each at least {@link #MIN_STEP_WINDOW_S},
     * inside its own segment, clear of the onset by {@link #STEP_MARGIN_S}) differ by at least
     * {@link #RETUNED_STEP_ST}, and on each side the middle half of the frames spans less than half that difference.
     */
    private boolean steadyStep(Segment ps, Segment s) {
        double t = s.start();
        double[] before = trackLevel(Math.max(ps.start() + STEP_SETTLE_S, t - STEP_MARGIN_S - STEP_WINDOW_S),
                t - STEP_MARGIN_S);
        double[] after = trackLevel(t + STEP_MARGIN_S, Math.min(s.end(), t + STEP_MARGIN_S + STEP_WINDOW_S));
        if (before == null || after == null) {
            return false;
        }
        double step = Math.abs(after[0] - before[0]);
        return step >= RETUNED_STEP_ST && before[1] < step / 2 && after[1] < step / 2;
    }

    /**
     * Median and interquartile range (semitones) of the pitch track's clear frames from {@code from} to {@code to}
     * (s), or null when the window is shorter than {@link #MIN_STEP_WINDOW_S} or most of its frames are unclear.
     * Reuses the scratch buffers {@link #measure} fills, so it is only called once the segment's note is measured.
     */
    private double[] trackLevel(double from, double to) {
        double fs = f.frameSeconds();
        if (to - from < MIN_STEP_WINDOW_S) {
            return null;
        }
        int a = (int) Math.ceil(from / fs);
        int b = (int) Math.floor(to / fs);
        int n = collect(a, b + 1, MIN_CLARITY);
        if (n < 3 || n < (b + 1 - a) / 2) {
            return null;
        }
        float[] v = Arrays.copyOf(buf, n);
        Arrays.sort(v);
        return new double[] {v[n / 2], v[(3 * n) / 4] - v[n / 4]};
    }

    /**
     * A brass or reed note often speaks in two stages: it starts below its pitch and soft, then the tongue's full
     * attack comes 60-100 ms later with a second flux peak, the level having risen all the while. Those are one note
     * starting at the first onset, not a flat note cut short by the note again (which reads as a short, badly out of
     * tune note and puts the real one late). The second onset is part of the first's attack when it comes within this
     * long (s) ...
     */
    static final double TWO_STAGE_ATTACK_S = 0.12;
    /** ... while the level has not fallen more than this (dB) from its running peak since the first onset ... */
    static final double TWO_STAGE_DROP_DB = 1.0;
    /** ... and has grown at least this much (dB) in between (the attack is still building) ... */
    static final double TWO_STAGE_GROWTH_DB = 3.0;
    /**
     * ... and the first part reads at least this far (semitones) from the note (it scoops into it; a first part at the
     * note's own pitch is left alone: there the earlier flux peak is as often the window reaching the attack early).
     */
    static final double TWO_STAGE_SCOOP_ST = 0.2;

    /**
     * Whether segment {@code s} (read as {@code n}) is the second stage of the attack that began with {@code ps}
     * (read as {@code p}); see {@link #TWO_STAGE_ATTACK_S}. The recording's first frame is no attack.
     */
    private boolean scoopedAttack(Note p, Note n, Segment ps, Segment s) {
        if (ps.start() <= 0 || s.start() - ps.start() > TWO_STAGE_ATTACK_S
                || Math.abs(p.pitch() - n.pitch()) < TWO_STAGE_SCOOP_ST) {
            return false;
        }
        double fs = f.frameSeconds();
        int a = (int) Math.round(ps.start() / fs);
        int b = Math.min(f.frames() - 1, (int) Math.round(s.start() / fs));
        float peak = f.levelDb(a);
        for (int k = a + 1; k <= b; k++) {
            if (f.levelDb(k) < peak - TWO_STAGE_DROP_DB) {
                return false;
            }
            peak = Math.max(peak, f.levelDb(k));
        }
        return f.levelDb(b) >= f.levelDb(a) + TWO_STAGE_GROWTH_DB;
    }

    /**
     * Whether the take was recorded too loud and its waveform reaches full scale (within
     * {@link RecordingLevel#FULL_SCALE_DB}) within a frame of time {@code t}: it is clipped there, and clipping that
     * comes and goes as a held note swells makes flux peaks of its own (the flat tops add harmonics).
     */
    private boolean clippedAt(double t) {
        // a take merely normalised to full scale touches it at its loudest attacks: those are attacks
        return clippedTake && RecordingLevel.clippedNear(f.samples(), f.sampleRate(), t);
    }

    /** Where the last {@link #transcribe} read stiff-string notes lower than the pitch track (see the track's chart). */
    List<StiffStringPitch.Correction> corrections() {
        return corrections;
    }

    /**
     * Soft attacks (bowed strings, flute) build their spectral change slowly, and the flux peak comes late; but the
     * new pitch is already there. When a note changes pitch, its onset is moved back to where the new pitch took over
     * (less half an analysis window's worth of settling, 20 ms), by at most {@link #MAX_PITCH_SHIFT_S}.
     */
    private List<Note> pitchTimedOnsets(List<Note> notes) {
        double fs = f.frameSeconds();
        List<Note> out = new ArrayList<>(notes);
        for (int i = 1; i < out.size(); i++) {
            Note n = out.get(i);
            Note p = out.get(i - 1);
            // a sharp attack (a flux peak far above its surroundings) is already timed well by the flux
            if (Math.abs(n.pitch() - p.pitch()) < 0.7 || n.strength() >= SHARP_ATTACK_SALIENCE) {
                continue;
            }
            int floor = (int) Math.ceil(p.onset() / fs) + 3;
            int k = Math.min(f.frames() - 1, (int) Math.round(n.onset() / fs) + 4);
            if (Float.isNaN(f.pitchMidi(k)) || Math.abs(f.pitchMidi(k) - n.pitch()) >= 0.5) {
                continue;
            }
            while (k - 1 > floor && !Float.isNaN(f.pitchMidi(k - 1))
                    && Math.abs(f.pitchMidi(k - 1) - n.pitch()) < 0.5 && f.clarity(k - 1) >= 0.5) {
                k--;
            }
            double t = k * fs - 0.02;
            if (t < n.onset() && t > n.onset() - MAX_PITCH_SHIFT_S && t > p.onset() + MIN_NOTE_S) {
                startEarlier(out, i, t);
            }
        }
        return out;
    }

    /** Moves note {@code i}'s onset back to {@code t}, ending the note before it there if it still sounded. */
    private static void startEarlier(List<Note> notes, int i, double t) {
        Note n = notes.get(i);
        Note p = notes.get(i - 1);
        notes.set(i, new Note(t, n.offset(), n.midi(), n.cents(), n.confidence(), n.levelDb(), n.strength(),
                n.attackTime()));
        if (p.offset() > t) {
            notes.set(i - 1, new Note(p.onset(), t, p.midi(), p.cents(), p.confidence(), p.levelDb(), p.strength(),
                    p.attackTime()));
        }
    }

    /** A segment shorter than this (s) may be the attack of the note after it... */
    static final double SETTLE_S = 0.16;
    /** ... when that note's pitch is at least this many semitones away... */
    static final double SETTLE_ST = 6;

    /** ... and its successor's onset is softer than this (a pitch change without an onset has salience 0). */
    static final double SETTLE_SALIENCE = 2.5;
    /**
     * A segment reading a whole-number sub-harmonic of the pitch it then settles on (an octave, a twelfth, two
     * octaves below) may be this long (s) and still be that note's attack: a reed's or a string's attack can sound
     * its sub-octave for 150-250 ms (a saxophone's honk, a guitar string under the previous one ringing). The price:
     * a short note slurred up to its own octave (or twelfth) without a new attack is heard as one note, the upper.
     */
    static final double SUBHARMONIC_SETTLE_S = 0.25;

    /**
     * While a soft attack grows under the previous note's release, the two sound together and their common period is
     * far longer than either note's: the pitch track reads a spurious low note there until the new note dominates,
     * where a pitch change (or a weak flux peak as the new note takes over) then starts another segment. A short
     * segment (under {@link #SETTLE_S}) followed, without a clear new attack (salience under
     * {@link #SETTLE_SALIENCE}), by a pitch at least {@link #SETTLE_ST} semitones away is the attack of that note: it
     * keeps the attack's onset and the settled note's pitch. A segment reading a sub-harmonic of that pitch may last up
     * to {@link #SUBHARMONIC_SETTLE_S}.
     */
    static List<Note> settledAttacks(List<Note> notes) {
        List<Note> out = new ArrayList<>();
        for (int i = 0; i < notes.size(); i++) {
            Note a = notes.get(i);
            if (i + 1 < notes.size()) {
                Note b = notes.get(i + 1);
                double longest = isSubharmonic(a.pitch(), b.pitch()) ? SUBHARMONIC_SETTLE_S : SETTLE_S;
                if (b.strength() < SETTLE_SALIENCE && b.onset() - a.onset() <= longest
                        && Math.abs(b.pitch() - a.pitch()) >= SETTLE_ST) {
                    out.add(new Note(a.onset(), b.offset(), b.midi(), b.cents(), b.confidence(), Math.max(a.levelDb(),
                            b.levelDb()), a.strength(), a.attackTime()));
                    i++;
                    continue;
                }
            }
            out.add(a);
        }
        return out;
    }

    /** Longest note (s, onset to the next note's onset) read as a common-period attack of the next note. */
    static final double COMMON_PERIOD_S = 0.25;

    /**
     * A short note whose pitch is a whole-number sub-harmonic of both the previous and the next note (which differ)
     * is their common period, read while the next note grew under the previous one's release (the whole note, when
     * the next pitch only takes over at a later onset): it is the next note's attack. Without a clear new attack
     * (salience under {@link #SETTLE_SALIENCE}) the two are one note; otherwise the short note takes the next note's
     * pitch.
     */
    static List<Note> commonPeriodAttacks(List<Note> notes) {
        List<Note> out = new ArrayList<>();
        for (int i = 0; i < notes.size(); i++) {
            Note a = notes.get(i);
            if (i > 0 && i + 1 < notes.size()) {
                Note p = notes.get(i - 1);
                Note b = notes.get(i + 1);
                if (b.onset() - a.onset() <= COMMON_PERIOD_S && Math.abs(b.pitch() - p.pitch()) >= 0.5
                        && isSubharmonic(a.pitch(), p.pitch()) && isSubharmonic(a.pitch(), b.pitch())) {
                    boolean merge = b.strength() < SETTLE_SALIENCE;
                    out.add(new Note(a.onset(), merge ? b.offset() : a.offset(), b.midi(), b.cents(), b.confidence(),
                            merge ? Math.max(a.levelDb(), b.levelDb()) : a.levelDb(), a.strength(), a.attackTime()));
                    if (merge) {
                        i++;
                    }
                    continue;
                }
            }
            out.add(a);
        }
        return out;
    }

    /** How far (dB) below its established level the new note's harmonic power is followed back. */
    static final double HARM_DB = 10;
    /** A harmonic counts only when this far (fraction of its frequency, and 2.5 bins) from the previous note's. */
    static final double HARM_REL = 0.035;
    /** Only onsets softer than this (salience) are re-timed from their partials; clearer ones are timed by the flux. */
    static final double HARM_SAL = 2.5;
    /** Largest move (s) of an onset back to where its partials rose. */
    static final double HARM_MAX = 0.1;

    /**
     * Soft attacks that change pitch (bowed, blown, sung) grow slowly under the previous note's release, so the flux
     * peak and the pitch track both find them late. The new note's own partials show when it began: its harmonic
     * energy (summed over harmonics 1–12 that lie clear of the previous note's harmonics, in a window twice as long
     * where the usual one leaves fewer than two clear: see {@link #clearHarmonics}) is followed back from the
     * onset while it stays within {@link #HARM_DB} dB of its level once the note is established; the onset moves to
     * where it first rose that far, by at most {@link #HARM_MAX} s, for onsets softer than {@link #HARM_SAL}. When
     * the power never drops that far within the search, those partials are not the new note's own and the onset is
     * left alone. A few local spectra per soft note, nothing per frame.
     */
    private List<Note> harmonicOnsets(List<Note> notes) {
        double fs = f.frameSeconds();
        float[] x = f.samples();
        if (x.length == 0) {
            return notes;
        }
        int base = FrameFeatures.FRAME * (f.hop() == 512 ? 2 : 1);
        // one FFT and its buffers per window length (at most two), made when first needed
        Map<Integer, HarmonicProbe> probes = new HashMap<>();
        List<Note> out = new ArrayList<>(notes);
        for (int i = 1; i < out.size(); i++) {
            Note nt = out.get(i);
            Note p = out.get(i - 1);
            if (Math.abs(nt.pitch() - p.pitch()) < 0.7 || nt.strength() >= HARM_SAL) {
                continue;
            }
            ClearHarmonics clear = clearHarmonics(Instrument.midiToHz(nt.pitch()), Instrument.midiToHz(p.pitch()),
                    f.sampleRate(), base);
            if (clear == null) {
                continue;
            }
            HarmonicProbe probe = probes.computeIfAbsent(clear.fftLength(), HarmonicProbe::new);
            int[] bins = clear.bins();
            int kOn = (int) Math.round(nt.onset() / fs);
            int kLo = Math.max((int) Math.ceil((p.onset() + MIN_NOTE_S) / fs), kOn - (int) Math.round(HARM_MAX / fs));
            int kHi = Math.min(f.frames() - 1, kOn + (int) Math.round(0.08 / fs));
            if (kLo >= kOn) {
                continue;
            }
            double ref = 0;
            for (int k = kOn; k <= kHi; k++) {
                ref = Math.max(ref, probe.energy(x, k * f.hop(), bins));
            }
            if (ref <= 0) {
                continue;
            }
            double min = ref * Math.pow(10, -HARM_DB / 10);
            int k = kOn;
            boolean rose = false;
            while (k - 1 >= kLo) {
                if (probe.energy(x, (k - 1) * f.hop(), bins) < min) {
                    rose = true;
                    break;
                }
                k--;
            }
            double t = k * fs;
            // where those partials were as strong all the way back, they are not the new note's own (the previous
            // note's or a broad, chorused sound's spectrum covers them): its start cannot be told from them
            if (rose && t < nt.onset() - 0.5 * fs) {
                startEarlier(out, i, t);
            }
        }
        return out;
    }

    /** The FFT bins of a new note's harmonics that lie clear of the previous note's, at a given FFT length. */
    record ClearHarmonics(int fftLength, int[] bins) {
    }

    /**
     * The shortest FFT length, {@code base} or twice that, at which a new note at {@code f0} Hz shows at least two
     * harmonics (of its first twelve, under 5 kHz) clear of every harmonic of the previous note at {@code q0} Hz, with
     * their bins; null when neither does. Low notes a step apart need the longer window: a whole tone up from A2
     * (110 to 123 Hz) leaves one harmonic clear of the old note's at a 46 ms window's 21.5 Hz bins, five at 93 ms.
     */
    static ClearHarmonics clearHarmonics(double f0, double q0, int sampleRate, int base) {
        for (int n = base; n <= 2 * base; n *= 2) {
            double binHz = sampleRate / (double) n;
            int[] bins = new int[12];
            int nb = 0;
            for (int h = 1; h <= 12; h++) {
                double hz = h * f0;
                if (hz > 5000) {
                    break;
                }
                // clear of every harmonic of the previous note (by 2.5 bins and HARM_REL of the frequency)
                double nearest = Math.max(1, Math.round(hz / q0)) * q0;
                if (Math.abs(hz - nearest) >= Math.max(2.5 * binHz, HARM_REL * hz)) {
                    bins[nb++] = (int) Math.round(hz / binHz);
                }
            }
            if (nb >= 2) {
                return new ClearHarmonics(n, Arrays.copyOf(bins, nb));
            }
        }
        return null;
    }

    /** A Hann-windowed FFT of one length with its buffers, for reading a note's harmonic power at a few frames. */
    private static final class HarmonicProbe {
        private final int n;
        private final RealFft fft;
        private final double[] frame;
        private final double[] re;
        private final double[] im;

        HarmonicProbe(int n) {
            this.n = n;
            fft = new RealFft(n);
            frame = new double[n];
            re = new double[n / 2 + 1];
            im = new double[n / 2 + 1];
        }

        /** Power at the given bins (each the largest of ±1 bin) of the frame centred on sample c. */
        double energy(float[] x, int c, int[] bins) {
            int start = c - n / 2;
            for (int i = 0; i < n; i++) {
                int idx = start + i;
                double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
                frame[i] = idx >= 0 && idx < x.length ? x[idx] * w : 0.0;
            }
            fft.forward(frame, re, im);
            double e = 0;
            for (int bin : bins) {
                double best = 0;
                for (int d = -1; d <= 1; d++) {
                    int k = bin + d;
                    if (k > 0 && k < re.length) {
                        best = Math.max(best, re[k] * re[k] + im[k] * im[k]);
                    }
                }
                e += best;
            }
            return e;
        }
    }

    /** Onsets at least this salient are sharp attacks, not moved to the pitch change. */
    static final double SHARP_ATTACK_SALIENCE = 8;
    /** Largest move of an onset to an earlier pitch change. */
    static final double MAX_PITCH_SHIFT_S = 0.08;

    /** Pitch, level and end of one segment, or null when it holds no pitched sound. */
    private Note measure(Segment s) {
        int frames = f.frames();
        double fs = f.frameSeconds();
        double on = s.start();
        double nextOn = s.end();
        int a = (int) Math.ceil(on / fs);
        int end = Math.min(frames, (int) Math.floor(nextOn / fs));
        if (end - a < 2) {
            return null;
        }
        float peak = -200;
        int peakAt = a;
        for (int t = a; t < Math.min(end, a + (int) (0.15 / fs) + 1); t++) {
            if (f.levelDb(t) > peak) {
                peak = f.levelDb(t);
                peakAt = t;
            }
        }
        if (peak < maxLevel - 45) {
            return null;
        }
        // the note ends at the next onset or where it has decayed 30 dB below its peak (looking from the peak: a soft
        // attack may begin more than 30 dB below it)
        int stop = peakAt;
        while (stop < end && f.levelDb(stop) > peak - 30) {
            stop++;
        }
        // skip the attack (scoops and glides into the note: intonation is judged where the note settles), up to
        // half of the note and at most 150 ms,
        // and the last 10 % (release, or the glide into the next note)
        int len = stop - a;
        int skip = (int) Math.round(Math.max(ATTACK_S, Math.min(0.15, 0.5 * len * fs)) / fs);
        int from = a + Math.max(1, skip);
        int to = stop - Math.max(1, (int) Math.round(0.1 * len));
        int n = collect(from, to, MIN_CLARITY);
        if (n < 2) {
            // a short note: fall back to any periodic frame from the onset on
            n = collect(a, Math.min(frames, Math.max(to, a + 3)), 0.6);
            if (n < 1) {
                return null;
            }
        }
        // a wide vibrato spreads beyond the cluster: its centre is the note
        double wide = vibrato.wideCentre(from * fs, to * fs);
        double pitch = Double.isNaN(wide) ? clusterMean(buf, n) : wide;
        int midi = (int) Math.round(pitch);
        double cents = Math.max(-50, Math.min(50, (pitch - midi) * 100));
        double meanClar = 0;
        for (int k = 0; k < n; k++) {
            meanClar += clar[k];
        }
        meanClar /= n;
        double voicedFrac = Math.min(1.0, n / (double) Math.max(1, to - from));
        double conf = Math.max(0, Math.min(1, meanClar * (0.5 + 0.5 * voicedFrac)));
        if (!Double.isNaN(prevPitch) && isSubharmonic(pitch, prevPitch)) {
            // the whole segment, attack included: the note's own pitch may only take over near its end
            pitch = unmixedPitch(pitch, buf, collect(a, end, MIN_CLARITY), prevPitch);
            midi = (int) Math.round(pitch);
            cents = Math.max(-50, Math.min(50, (pitch - midi) * 100));
        }
        double off = Math.max(on + fs, Math.min(nextOn, stop * fs));
        return new Note(Math.min(on, s.soundStart()), off, midi, cents, conf, peak, s.salience(), on);
    }

    /** Semitone tolerance for a pitch to read as a whole-number sub-harmonic of another. */
    static final double SUBHARMONIC_TOL = 0.4;
    /** Share of a segment's periodic frames the settled higher pitch must hold to replace a mixture's reading. */
    static final double UNMIXED_SHARE = 0.2;

    /**
     * While a new note sounds together with the previous note's release, the pitch track reads their common period,
     * a whole-number sub-harmonic of both (a D3 into an E3 reads near D1), often for most of a short note. When the
     * segment's main pitch is such a sub-harmonic of the previous note, and the segment (attack included) ends on a
     * higher pitch, other than the previous note's, of which it is also a sub-harmonic and which holds at least
     * {@link #UNMIXED_SHARE} of its periodic frames, that higher pitch is the note's own.
     *
     * @param pitch  the segment's main pitch (fractional MIDI)
     * @param values the segment's periodic pitch readings in time order
     * @param n      how many of {@code values} to use
     * @param prev   the previous note's pitch, NaN when there is none
     * @return the note's pitch
     */
    static double unmixedPitch(double pitch, float[] values, int n, double prev) {
        if (Double.isNaN(prev) || !isSubharmonic(pitch, prev)) {
            return pitch;
        }
        float[] higher = new float[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (higher(values[i], pitch, prev)) {
                higher[m++] = values[i];
            }
        }
        // the segment must end on the higher pitch (it settles there) and hold it for a good share of its frames
        boolean settles = n >= 2 && higher(values[n - 1], pitch, prev) && higher(values[n - 2], pitch, prev);
        if (!settles || m < 2 || m < UNMIXED_SHARE * n) {
            return pitch;
        }
        return clusterMean(higher, m);
    }

    /** A frame reading the new note's own pitch: above the mixture's, a harmonic of it, not the previous note's. */
    private static boolean higher(double v, double pitch, double prev) {
        return v > pitch + 11 && isSubharmonic(pitch, v) && Math.abs(v - prev) >= 0.5;
    }

    /** Whether {@code low} lies a whole-number multiple (2–8) of its period below {@code high}. */
    static boolean isSubharmonic(double low, double high) {
        double d = high - low;
        for (int k = 2; k <= 8; k++) {
            if (Math.abs(d - 12 * Math.log(k) / Math.log(2)) < SUBHARMONIC_TOL) {
                return true;
            }
        }
        return false;
    }

    private int collect(int from, int to, double minClarity) {
        int n = 0;
        for (int t = Math.max(0, from); t < to && t < f.frames(); t++) {
            float p = f.pitchMidi(t);
            if (!Float.isNaN(p) && f.clarity(t) >= minClarity) {
                buf[n] = p;
                clar[n] = f.clarity(t);
                n++;
            }
        }
        return n;
    }

    /**
     * Trimmed mean of the largest group of values lying within a semitone of each other: octave errors in a few
     * frames then do not move the note's pitch, and the perceived pitch of a vibrato is near its mean.
     */
    static double clusterMean(float[] values, int n) {
        float[] s = Arrays.copyOf(values, n);
        Arrays.sort(s);
        int bestStart = 0;
        int bestLen = 0;
        int j = 0;
        for (int i = 0; i < n; i++) {
            while (s[i] - s[j] > 1.0f) {
                j++;
            }
            if (i - j + 1 > bestLen) {
                bestLen = i - j + 1;
                bestStart = j;
            }
        }
        int trim = bestLen / 10;
        double sum = 0;
        int count = 0;
        for (int i = bestStart + trim; i < bestStart + bestLen - trim; i++) {
            sum += s[i];
            count++;
        }
        return count > 0 ? sum / count : s[bestStart + bestLen / 2];
    }

    /** Adds an onset where the pitch changes by a semitone or more and holds, with no detected onset near. */
    private static void addPitchChangeOnsets(FrameFeatures f, List<double[]> starts) {
        int frames = f.frames();
        double fs = f.frameSeconds();
        int hold = Math.max(3, (int) Math.round(0.06 / fs));
        double[] known = starts.stream().mapToDouble(s -> s[0]).sorted().toArray();
        int prevNote = Integer.MIN_VALUE;
        int run = 0;
        int runStart = -1;
        int candidate = Integer.MIN_VALUE;
        for (int t = 0; t < frames; t++) {
            float p = f.pitchMidi(t);
            if (Float.isNaN(p) || f.clarity(t) < MIN_CLARITY) {
                run = 0;
                candidate = Integer.MIN_VALUE;
                continue;
            }
            int r = Math.round(p);
            if (r == prevNote) {
                run = 0;
                candidate = Integer.MIN_VALUE;
                continue;
            }
            if (r != candidate) {
                candidate = r;
                run = 1;
                runStart = t;
            } else {
                run++;
            }
            if (run >= hold) {
                if (prevNote != Integer.MIN_VALUE) {
                    double time = runStart * fs - 0.02;
                    int k = Arrays.binarySearch(known, time);
                    int ins = k >= 0 ? k : -k - 1;
                    boolean near = (ins < known.length && Math.abs(known[ins] - time) < 0.12)
                            || (ins > 0 && Math.abs(known[ins - 1] - time) < 0.12);
                    if (!near) {
                        starts.add(new double[] {time, 0.0, 0.0, 0.0, 0.0, time});
                    }
                }
                prevNote = r;
                run = 0;
                candidate = Integer.MIN_VALUE;
            }
        }
    }
}

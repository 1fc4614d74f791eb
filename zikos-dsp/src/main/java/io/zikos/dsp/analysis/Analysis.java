package io.zikos.dsp.analysis;

import java.util.List;

/**
 * Everything the analysis measured in one recording. Times are seconds in the original file (the trimmed silence
 * offset is already added).
 *
 * @param durationSeconds length of the original file
 * @param instrument      the instrument assumed for pitch ranges
 * @param polyphonic      whether the recording sounds like chords rather than a single melodic line
 * @param onsets          onset times
 * @param notes           transcribed notes (monophonic transcription; for chords it follows the most prominent line)
 * @param tempo           tempo and beats, or {@code null} when there were too few onsets
 * @param key             key estimate
 * @param chords          chord segments
 * @param dynamics        level, range, trend and envelope
 * @param intonation      per-note tuning and flagged notes
 * @param timing          per-note timing and flagged notes
 * @param articulation    legato/staccato
 * @param phrases         phrase segments
 * @param pitchCurve      downsampled pitch curve: {time, fractional MIDI} pairs of voiced frames
 * @param level           the recording's peak and how much of it is at full scale (clipped when recorded too loud)
 * @param noise           the room's noise floor under the playing, when one can be read
 * @param hum             a mains hum heard under the playing (and filtered out before the analysis), or
 *                        {@link MainsHum#NONE}
 */
public record Analysis(double durationSeconds, Instrument instrument, boolean polyphonic, double[] onsets,
                       List<Note> notes, Tempo tempo, KeyEstimator.KeyResult key,
                       List<ChordRecognizer.ChordSegment> chords, Dynamics dynamics, Intonation intonation,
                       Timing timing, Articulation articulation, List<Phrase> phrases, double[][] pitchCurve,
                       RecordingLevel level, BackgroundNoise noise, MainsHum hum) {

    /**
     * This analysis with its bars counted in another metre. Only the flags' bar and beat numbers and the tempo's metre
     * depend on it, so a recording need not be analysed again when the player names its metre: each flag's bar and
     * beat are renumbered from its beat index (beats since the first note).
     *
     * @param beatsPerBar the metre as in {@link AnalysisOptions#beatsPerBar()}: 1 to
     *                    {@link AnalysisOptions#MAX_BEATS_PER_BAR}, or {@link AnalysisOptions#METRE_NOT_GIVEN}
     * @throws IllegalArgumentException when {@code beatsPerBar} is out of range
     */
    public Analysis inMetre(int beatsPerBar) {
        AnalysisOptions metre = AnalysisOptions.DEFAULTS.withBeatsPerBar(beatsPerBar);
        if (tempo == null || (tempo.beatsPerBar() == metre.barLength() && tempo.metreGiven() == metre.metreGiven())) {
            return this;
        }
        int from = tempo.beatsPerBar();
        int to = metre.barLength();
        Tempo t = new Tempo(tempo.bpm(), tempo.beats(), tempo.beatBpm(), tempo.stability(), tempo.driftPercent(),
                tempo.trend(), to, metre.metreGiven(), tempo.subdivision(), tempo.tatumSeconds(),
                tempo.offBeatRatio());
        Intonation in = new Intonation(intonation.tuningOffsetCents(), intonation.meanAbsCents(),
                intonation.tendency(), Flag.renumbered(intonation.flagged(), from, to), intonation.thresholdCents());
        Timing tm = new Timing(timing.deviationsMs(), timing.meanAbsMs(), timing.tendency(),
                Flag.renumbered(timing.flagged(), from, to), timing.thresholdMs());
        return new Analysis(durationSeconds, instrument, polyphonic, onsets, notes, t, key, chords, dynamics, in, tm,
                articulation, phrases, pitchCurve, level, noise, hum);
    }

    /**
     * @param bpm          tempo (60 / median beat interval)
     * @param beats        beat times
     * @param beatBpm      local tempo at each beat
     * @param stability    0–1, 1 = metronomic (from the spread of local tempo)
     * @param driftPercent tempo change from the first to the last quarter of the piece, in percent
     * @param trend        "steady", "speeding up" or "slowing down"
     * @param beatsPerBar  beats per bar in the bar numbers: the metre the player gave, else 4
     * @param metreGiven   whether the player gave the metre (otherwise bars of four are assumed)
     * @param subdivision  1 when notes fall on beats, 2 when the beat is divided in eighths
     * @param tatumSeconds the grid unit timing is judged against
     * @param offBeatRatio onsets on the rarer tatum parity over the busier one (how busy the off-beats are)
     */
    public record Tempo(double bpm, double[] beats, double[] beatBpm, double stability, double driftPercent,
                        String trend, int beatsPerBar, boolean metreGiven, int subdivision, double tatumSeconds,
                        double offBeatRatio) {
    }

    /**
     * @param meanDb    mean note level (dBFS)
     * @param rangeDb   spread between the 10th and 90th percentile note levels
     * @param changeDb  fitted level change over the piece (robust line)
     * @param trend     "crescendo", "decrescendo" or "steady"
     * @param envelope  {time, dBFS} pairs every 0.1 s
     */
    public record Dynamics(double meanDb, double rangeDb, double changeDb, String trend, double[][] envelope) {
    }

    /**
     * @param tuningOffsetCents median deviation of all notes from A4 = 440 Hz
     * @param meanAbsCents      mean absolute deviation of the notes from the tuning reference (the median deviation)
     * @param tendency          "in tune", "sharp" or "flat"
     * @param flagged           notes judged out of tune
     * @param thresholdCents    deviation (from the reference) above which a note is flagged
     */
    public record Intonation(double tuningOffsetCents, double meanAbsCents, String tendency, List<Flag> flagged,
                             double thresholdCents) {
    }

    /**
     * @param deviationsMs   per note (same order as notes): onset minus the locally fitted grid, ms (NaN when unknown)
     * @param meanAbsMs      mean absolute deviation
     * @param tendency       "on time", "rushing" or "dragging"
     * @param flagged        notes judged rushed or dragged
     * @param thresholdMs    flag threshold
     */
    public record Timing(double[] deviationsMs, double meanAbsMs, String tendency, List<Flag> flagged,
                         double thresholdMs) {
    }

    /**
     * A note singled out (out of tune, or rushed/dragged).
     *
     * @param noteIndex index into the notes
     * @param onset     its onset time
     * @param midi      its pitch
     * @param value     cents (intonation) or deviation ms (timing)
     * @param bar       1-based bar number, or 0 when unknown
     * @param beat      1-based beat in the bar (fractional for off-beats), or 0 when unknown
     */
    public record Flag(int noteIndex, double onset, int midi, double value, int bar, double beat) {

        /** The flags with bars of {@code to} beats instead of {@code from}; unknown bars (0) stay unknown. */
        static List<Flag> renumbered(List<Flag> flags, int from, int to) {
            return flags.stream().map(f -> f.renumbered(from, to)).toList();
        }

        private Flag renumbered(int from, int to) {
            if (bar == 0) {
                return this;
            }
            double beatIndex = (bar - 1) * (double) from + (beat - 1);
            int newBar = (int) Math.floor(beatIndex / to) + 1;
            return new Flag(noteIndex, onset, midi, value, newBar, beatIndex - (newBar - 1) * (double) to + 1);
        }
    }

    /**
     * @param style          "legato", "staccato" or "mixed"
     * @param meanDutyCycle  mean sounding fraction of the inter-onset interval
     */
    public record Articulation(String style, double meanDutyCycle) {
    }

    /** A phrase: notes between clear breaks (a rest or a long note followed by a gap). */
    public record Phrase(double start, double end, int firstNote, int lastNote) {
    }
}

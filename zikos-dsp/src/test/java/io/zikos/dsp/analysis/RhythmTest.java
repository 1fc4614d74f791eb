package io.zikos.dsp.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RhythmTest {

    /** Clicks: short noise bursts at the given times. */
    private static float[] clicks(double[] times, double total) {
        float[] x = new float[(int) (total * Synth.SR)];
        java.util.Random r = new java.util.Random(1);
        for (double t : times) {
            int a = (int) (t * Synth.SR);
            for (int i = 0; i < 400 && a + i < x.length; i++) {
                x[a + i] += (float) (0.6 * r.nextGaussian() * Math.exp(-i / 80.0));
            }
        }
        return x;
    }

    @Test
    void clickTrackGivesTempoAndBeats() {
        double period = 0.5; // 120 bpm, with some eighth notes
        List<Double> times = new ArrayList<>();
        for (int b = 0; b < 24; b++) {
            times.add(0.5 + b * period);
            if (b % 3 == 1) {
                times.add(0.5 + b * period + period / 2);
            }
        }
        double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
        BeatGrid g = BeatGrid.fit(onsets(clicks(t, 13)), 12.5);
        assertEquals(120, g.bpm(), 1.5);
        double[] beats = g.beats();
        int hits = 0;
        for (int b = 0; b < 24; b++) {
            double expected = 0.5 + b * period;
            for (double x : beats) {
                if (Math.abs(x - expected) < 0.03) {
                    hits++;
                    break;
                }
            }
        }
        assertTrue(hits >= 23, "beats on the clicks: " + hits);
    }

    private static double[] onsets(float[] x) {
        FrameFeatures f = FrameFeatures.compute(x, Synth.SR, 33, 100);
        return new OnsetDetector().detect(f).stream().mapToDouble(OnsetDetector.Onset::time).toArray();
    }

    @Test
    void clickOnsetsAreTimedWithinTwentyMilliseconds() {
        double[] t = {0.3, 0.8, 1.1, 1.7, 2.05};
        double[] on = onsets(clicks(t, 2.5));
        assertEquals(t.length, on.length);
        for (int i = 0; i < t.length; i++) {
            assertEquals(t[i], on[i], 0.02);
        }
    }

    @Test
    void lateNoteIsFlaggedAsDragged() {
        List<Synth.Tone> tones = scaleWithTenthNoteLate();
        Synth.Tone late = tones.get(9);
        Analysis a = new Analyzer().analyze(Synth.pcm(Synth.render(tones, 11)));
        assertEquals(100, a.tempo().bpm(), 2);
        List<Analysis.Flag> flags = a.timing().flagged();
        assertEquals(1, flags.size(), "flags: " + flags);
        assertEquals(late.onset(), flags.get(0).onset(), 0.03);
        assertTrue(flags.get(0).value() > 70, "dragged by about 100 ms: " + flags.get(0).value());
        assertEquals(3, flags.get(0).bar(), "note 10 at 4/4 is in bar 3");
    }

    /** C major up and back at 100 bpm, one note per beat, the tenth note (beat index 9) 100 ms late. */
    private static List<Synth.Tone> scaleWithTenthNoteLate() {
        int[] midis = {60, 62, 64, 65, 67, 65, 64, 62, 60, 62, 64, 65, 67, 69, 71, 72};
        List<Synth.Tone> tones = Synth.onePerBeat(midis, 100);
        tones.set(9, tones.get(9).moved(0.1));
        return tones;
    }

    @Test
    void barNumbersFollowTheMetreThePlayerGives() {
        // note 10 lies on beat index 9: bar 3 beat 2 in four, bar 4 beat 1 in three (a waltz)
        var pcm = Synth.pcm(Synth.render(scaleWithTenthNoteLate(), 11));

        Analysis inFour = new Analyzer().analyze(pcm);
        Analysis inThree = new Analyzer(AnalysisOptions.of(Instrument.ANY).withBeatsPerBar(3)).analyze(pcm);

        assertEquals(4, inFour.tempo().beatsPerBar());
        assertEquals(false, inFour.tempo().metreGiven());
        assertEquals(3, inThree.tempo().beatsPerBar());
        assertEquals(true, inThree.tempo().metreGiven());
        Analysis.Flag four = inFour.timing().flagged().get(0);
        Analysis.Flag three = inThree.timing().flagged().get(0);
        assertEquals(3, four.bar());
        assertEquals(2, four.beat(), 0.25);
        assertEquals(4, three.bar());
        assertEquals(1, three.beat(), 0.25);
        assertEquals(four.onset(), three.onset(), 1e-9, "the metre changes only the bar numbers");
    }

    @Test
    void renumberingBarsMatchesAnalysingInThatMetre() {
        List<Synth.Tone> tones = new ArrayList<>(scaleWithTenthNoteLate());
        tones.set(6, tones.get(6).detuned(40));
        tones.set(13, tones.get(13).detuned(-40));
        var pcm = Synth.pcm(Synth.render(tones, 11));
        Analysis assumed = new Analyzer().analyze(pcm);
        assertEquals(2, assumed.intonation().flagged().size(), "flags: " + assumed.intonation().flagged());
        for (int beats : new int[] {2, 3, 5, 7}) {
            Analysis analysed = new Analyzer(AnalysisOptions.of(Instrument.ANY).withBeatsPerBar(beats)).analyze(pcm);
            Analysis renumbered = assumed.inMetre(beats);
            assertEquals(analysed.tempo().beatsPerBar(), renumbered.tempo().beatsPerBar());
            assertEquals(true, renumbered.tempo().metreGiven());
            assertFlagsEqual(analysed.timing().flagged(), renumbered.timing().flagged());
            assertFlagsEqual(analysed.intonation().flagged(), renumbered.intonation().flagged());
            assertFlagsEqual(assumed.timing().flagged(), renumbered.inMetre(AnalysisOptions.METRE_NOT_GIVEN)
                    .timing().flagged());
        }
        assertEquals(false, assumed.inMetre(3).inMetre(AnalysisOptions.METRE_NOT_GIVEN).tempo().metreGiven());
    }

    private static void assertFlagsEqual(List<Analysis.Flag> expected, List<Analysis.Flag> actual) {
        assertEquals(expected.size(), actual.size(), "flags: " + actual);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).bar(), actual.get(i).bar(), "bar of " + actual.get(i));
            assertEquals(expected.get(i).beat(), actual.get(i).beat(), 1e-9, "beat of " + actual.get(i));
            assertEquals(expected.get(i).onset(), actual.get(i).onset(), 1e-12);
        }
    }

    /** A line at 100 bpm (an eighth is 300 ms) with note 10 moved {@code lateS} late and note 16 {@code earlyS} early. */
    private static List<Analysis.Flag> timingFlags(double lateS, double earlyS) {
        int[] midis = {60, 62, 64, 65, 67, 65, 64, 62, 60, 62, 64, 65, 67, 69, 71, 72, 71, 69, 67, 65};
        double[] beats = {1, 1, 0.5, 0.5, 1, 1, 1, 0.5, 0.5, 1, 1, 1, 1, 0.5, 0.5, 1, 1, 1, 1, 1};
        List<Synth.Tone> tones = new ArrayList<>(Synth.melody(midis, beats, 100));
        Synth.Tone late = tones.get(10);
        tones.set(10, new Synth.Tone(late.onset() + lateS, late.duration() - lateS, late.midi(), 0,
                late.amplitude()));
        Synth.Tone early = tones.get(16);
        tones.set(16, new Synth.Tone(early.onset() - earlyS, early.duration(), early.midi(), 0, early.amplitude()));
        return new Analyzer().analyze(Synth.pcm(Synth.render(tones, 13))).timing().flagged();
    }

    /** Onset of note 10 of {@link #timingFlags}'s line as played on time. */
    private static final double NOTE_10 = Synth.melody(new int[] {60, 62, 64, 65, 67, 65, 64, 62, 60, 62, 64},
            new double[] {1, 1, 0.5, 0.5, 1, 1, 1, 0.5, 0.5, 1, 1}, 100).get(10).onset();

    @Test
    void aNoteNearlyHalfAnEighthOffIsNotJudged() {
        // A note 100 ms late is dragged; one 140 ms early is nearly halfway to the previous eighth, so it may as well
        // be a note meant there: it is left alone rather than called rushed.
        List<Analysis.Flag> flags = timingFlags(0.1, 0.14);
        assertEquals(1, flags.size(), "flags: " + flags);
        assertEquals(NOTE_10 + 0.1, flags.get(0).onset(), 0.03);
    }

    @Test
    void aNoteWellPastAThirdOfAnEighthLateIsStillJudged() {
        // A note 128 ms late (43 % of an eighth) is still nearer its own eighth than the next; with the measurement's
        // own 10-20 ms of noise, notes played up to 40 % late read up to about 45 %
        List<Analysis.Flag> flags = timingFlags(0.128, 0);
        assertEquals(1, flags.size(), "flags: " + flags);
        assertEquals(NOTE_10 + 0.128, flags.get(0).onset(), 0.03);
    }

    @Test
    void oneMisplacedNoteDoesNotDoubleTheTempo() {
        // Onsets found in a rendered cello melody at 88 bpm (eighths and longer notes). At 5.375 s an onset was found
        // 116 ms late and the next note, at 5.817 s, was played 130 ms early: the walk over the intervals counts one
        // tatum between them instead of two, and from there every position has the other parity. Counted over the
        // whole piece, off-beats then looked as common as beats and the tempo came out as 176 bpm.
        double[] onsets = {0.499, 1.556, 1.962, 2.554, 2.728, 3.204, 4.609, 5.375, 5.817, 6.629, 7.663, 8.034, 9.334,
            10.054, 10.704, 11.413, 13.456, 14.478, 14.872, 15.174, 15.546, 16.893, 17.650, 18.866, 20.317, 20.944,
            21.699, 22.407, 23.127, 23.780, 24.776, 25.263, 26.448, 27.086, 27.449, 27.922};
        BeatGrid g = BeatGrid.fit(onsets, 28.6);
        assertEquals(88, g.bpm(), 3);
        assertEquals(2, g.tatumsPerBeat());
    }

    @Test
    void chordAttacksWithWeakBeatsMissedKeepTheirTempo() {
        // Attacks found in a rendered string-pad progression at 125 bpm: chords on beats 1 and 3, a bass note on every
        // beat. Under the held chords a third of the bass notes on beats 2 and 4 are not found, so as a melody the
        // 0.48 s tatum reads as eighths with the busier parity on the beat: 62.5 bpm.
        double[] attacks = {0.498, 1.461, 2.425, 2.866, 3.377, 3.830, 4.340, 4.816, 5.304, 5.780, 6.256, 7.220, 8.183,
            9.147, 9.611, 10.099, 10.552, 11.063, 11.504, 12.003, 12.502, 12.978, 13.454, 13.942, 14.905, 15.370};
        assertEquals(62.5, BeatGrid.fit(attacks, 16.4).bpm(), 2, "as a melody");
        BeatGrid chords = BeatGrid.fitAccompaniment(attacks, 16.4);
        assertEquals(125, chords.bpm(), 2);
        assertEquals(1, chords.tatumsPerBeat());
    }

    @Test
    void theTatumComesFromTheMoreRegularTimingOfTheNotes() {
        // A French horn melody at 100 bpm (eighths and longer notes) under pink noise at 20 dB. The flux peaks of its
        // soft attacks scatter up to 55 ms after the notes' starts, which the pitch track places well; no period fits
        // the flux peaks well (the analysis read 177 bpm from them), while the starts fit eighths of 0.3 s.
        double[] attacks = {0.464, 1.219, 1.695, 2.241, 2.879, 3.181, 3.564, 4.226, 4.690, 5.364, 5.898, 6.385, 6.803,
            7.094, 7.999, 8.255, 9.509, 9.857, 10.194, 10.426, 10.762, 11.320, 12.492, 13.584, 14.327, 14.594};
        double[] starts = {0.464, 1.219, 1.695, 2.241, 2.879, 3.181, 3.521, 4.226, 4.682, 5.329, 5.898, 6.385, 6.792,
            7.094, 7.988, 8.255, 9.489, 9.825, 10.139, 10.417, 10.731, 11.320, 12.492, 13.584, 14.315, 14.594};
        boolean[] pitchChanged = new boolean[attacks.length];
        for (int i : new int[] {2, 3, 4, 5, 6, 8, 9, 10, 11, 14, 15, 16, 17, 18, 19, 20, 22, 23, 24, 25}) {
            pitchChanged[i] = true;
        }
        BeatGrid g = BeatGrid.fit(attacks, starts, pitchChanged, 15.3);
        assertEquals(0.3, g.tatum(), 0.006);
        assertEquals(100, g.bpm(), 3);
        // the grid still measures the attacks: a note's deviation is its attack's
        assertEquals(attacks.length, g.size());
    }

    @Test
    void twoTimingsOfDifferentNotesAreRefused() {
        double[] attacks = {0.5, 1.0, 1.5, 2.0, 2.5};
        assertThrows(IllegalArgumentException.class,
                () -> BeatGrid.fit(attacks, Arrays.copyOf(attacks, 4), null, 3));
    }

    @Test
    void aLateNoteDoesNotRestartTheBeatChain() {
        // Attacks found in an alto sax melody at 136 bpm: eighths and longer notes, the fifth note 72 ms late. Between
        // the first note and that one no attack falls on a beat, so reaching the late note costs the chain of beats
        // more than the first note gave it; when the chain could start afresh anywhere, it began at the late note,
        // the first four notes were placed by extrapolation, and a beat too many was counted before them.
        double[] attacks = {0.50, 1.16, 1.25, 1.60, 1.89, 2.69, 2.93, 3.16, 3.77, 4.03, 4.23, 4.46, 4.88, 5.33, 5.51,
            5.75, 6.18, 6.62, 7.23, 7.47, 7.91, 8.53, 8.75, 8.97, 9.22, 9.59, 10.03, 10.43, 11.10, 11.28, 11.51, 11.70,
            12.13, 13.00, 13.18, 13.41};
        double[] beats = BeatGrid.trackBeats(attacks, 0.4262, 14);
        assertTrue(beats[0] < 0.5 + 0.4262 / 2, "the chain starts at the first note's beat: " + Arrays.toString(beats));
        assertEquals(31, beats.length, 1, Arrays.toString(beats));
    }

    @Test
    void beatsPastTheLastOnsetKeepMovingForward() {
        // Attacks found in a violin take under loud noise: eight of them in the first six seconds, and the sound goes
        // on to 15 s. Refitting the local line ever further past the last onset once swung it back, and a beat came
        // out 0.47 s before the one placed before it.
        double[] onsets = {0.023, 0.511, 1.056, 1.579, 2.415, 3.866, 4.377, 6.107};
        double[] beats = BeatGrid.fit(onsets, 15.07).beats();
        assertTrue(beats[beats.length - 1] > 14, "beats reach the end of the sound: " + Arrays.toString(beats));
        for (int i = 1; i < beats.length; i++) {
            assertTrue(beats[i] > beats[i - 1], "beat " + i + " in " + Arrays.toString(beats));
        }
    }

    @Test
    void crescendoAndSteadyAreTold() {
        int[] midis = new int[16];
        double[] beats = new double[16];
        java.util.Arrays.fill(midis, 0);
        for (int i = 0; i < 16; i++) {
            midis[i] = 60 + (i % 5);
            beats[i] = 1;
        }
        List<Synth.Tone> base = Synth.melody(midis, beats, 120);
        List<Synth.Tone> cresc = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            Synth.Tone t = base.get(i);
            cresc.add(new Synth.Tone(t.onset(), t.duration(), t.midi(), 0, 0.05 * Math.pow(10, i / 15.0 * 1.0)));
        }
        assertEquals("crescendo", new Analyzer().analyze(Synth.pcm(Synth.render(cresc, 9))).dynamics().trend());
        assertEquals("steady", new Analyzer().analyze(Synth.pcm(Synth.render(base, 9))).dynamics().trend());
    }
}

package io.zikos.dsp.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zikos.dsp.analysis.Analysis;
import io.zikos.dsp.analysis.AnalysisOptions;
import io.zikos.dsp.analysis.Analyzer;
import io.zikos.dsp.analysis.Synth;
import java.util.List;
import org.junit.jupiter.api.Test;

class PracticeReportTest {

    private static Analysis analyse() {
        int[] midis = {62, 64, 66, 67, 69, 67, 66, 64, 62, 66, 69, 74, 69, 66, 64, 62};
        List<Synth.Tone> tones = Synth.onePerBeat(midis, 96);
        tones.set(4, tones.get(4).detuned(38));
        tones.set(10, tones.get(10).moved(-0.11));
        return new Analyzer().analyze(Synth.pcm(Synth.render(tones, 11.5)));
    }

    @Test
    void jsonHoldsTheContractAndTheVisualData() {
        JsonNode r = PracticeReport.toJson(analyse(), "etude.wav");
        for (String p : List.of("/tempo/bpm", "/tempo/beats", "/onsets", "/notes/0/onset", "/notes/0/offset",
                "/notes/0/midi", "/notes/0/cents", "/key/tonic", "/key/mode", "/chords", "/timing/flagged",
                "/intonation/flagged", "/dynamics/trend", "/tempo/curve", "/dynamics/envelope", "/pitch_curve",
                "/notes/0/timing_deviation_ms")) {
            assertTrue(!r.at(p).isMissingNode(), p);
        }
        assertEquals("D", r.at("/key/tonic").asText());
        JsonNode pf = r.at("/intonation/flagged");
        assertEquals(1, pf.size(), pf.toString());
        assertEquals("sharp", pf.get(0).get("direction").asText());
        assertEquals(2, pf.get(0).get("bar").asInt());
        JsonNode tf = r.at("/timing/flagged");
        assertEquals(1, tf.size(), tf.toString());
        assertEquals("rushed", tf.get(0).get("direction").asText());
        assertEquals(-110, tf.get(0).get("deviation_ms").asDouble(), 25);
    }

    @Test
    void textReportNamesTheProblemsAndWhatToPractise() {
        String text = PracticeReport.toText(analyse(), "etude.wav");
        assertTrue(text.contains("Tempo: about 96 bpm"), text);
        assertTrue(text.contains("Key: D major"), text);
        assertTrue(text.contains("A4") && text.contains("sharp"), text);
        assertTrue(text.contains("rushed by"), text);
        assertTrue(text.contains("What to practise"), text);
        assertTrue(text.contains("metronome"), text);
        assertTrue(text.contains("4 beats to the bar (assumed"), text);
    }

    @Test
    void textReportCountsBarsInTheMetreGiven() {
        int[] midis = {62, 64, 66, 67, 69, 67, 66, 64, 62, 66, 69, 74, 69, 66, 64, 62};
        List<Synth.Tone> tones = Synth.onePerBeat(midis, 96);
        tones.set(7, tones.get(7).detuned(38));
        Analysis a = new Analyzer(AnalysisOptions.DEFAULTS.withBeatsPerBar(3))
                .analyze(Synth.pcm(Synth.render(tones, 11.5)));
        String text = PracticeReport.toText(a, "waltz.wav");
        // the eighth note (beat index 7) is bar 3 beat 2 in three (it would be bar 2 beat 4 in four)
        assertTrue(text.contains("bar 3 beat 2"), text);
        assertTrue(text.contains("3 beats to the bar."), text);
        assertTrue(text.contains("in bar 3"), text);
    }

    /** The etude played evenly, peak-normalised to full scale times {@code gain}, clipped at full scale. */
    private static Analysis recordedAt(double gainDb) {
        int[] midis = {62, 64, 66, 67, 69, 67, 66, 64, 62, 66, 69, 74, 69, 66, 64, 62};
        float[] x = Synth.render(Synth.onePerBeat(midis, 96), 11.5);
        float peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        double g = Math.pow(10, gainDb / 20) / peak;
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.max(-1, Math.min(1, g * x[i]));
        }
        return new Analyzer().analyze(Synth.pcm(x));
    }

    @Test
    void aTakeRecordedTooLoudIsToldToLeaveHeadroom() {
        Analysis clipped = recordedAt(3);
        JsonNode r = PracticeReport.toJson(clipped, "hot.wav");
        assertTrue(r.at("/recording/clipped").asBoolean(), r.at("/recording").toString());
        assertTrue(r.at("/recording/full_scale_percent").asDouble() > 5, r.at("/recording").toString());
        String text = PracticeReport.toText(clipped, "hot.wav");
        assertTrue(text.contains("recorded too loud") && text.contains("lower the input gain"), text);
        // the notes are still heard
        assertEquals(16, clipped.notes().size());
    }

    @Test
    void aTakeNormalisedToFullScaleIsNotCalledClipped() {
        Analysis normalised = recordedAt(0);
        JsonNode r = PracticeReport.toJson(normalised, "loud.wav");
        assertEquals(0.0, r.at("/recording/peak_dbfs").asDouble(), 0.01);
        assertTrue(!r.at("/recording/clipped").asBoolean(), r.at("/recording").toString());
        assertTrue(!PracticeReport.toText(normalised, "loud.wav").contains("Recording:"));
        assertTrue(!PracticeReport.toText(analyse(), "etude.wav").contains("Recording:"));
    }

    @Test
    void chordsAreNotCalledCleanlyTunedAndTimed() {
        int[][] triads = {{60, 64, 67}, {57, 60, 64}, {53, 57, 60}, {55, 59, 62}};
        List<Synth.Tone> tones = new java.util.ArrayList<>();
        for (int bar = 0; bar < triads.length; bar++) {
            for (int midi : triads[bar]) {
                tones.add(new Synth.Tone(0.5 + 2 * bar, 1.8, midi, 0, 0.3));
            }
        }
        Analysis chords = new Analyzer().analyze(Synth.pcm(Synth.render(tones, 9)));
        assertTrue(chords.polyphonic());
        String text = PracticeReport.toText(chords, "chords.wav");
        assertTrue(!text.contains("were clean"), text);
        assertTrue(text.contains("read as chords, so the tuning and timing of single notes were not judged"), text);
        assertTrue(!text.contains("Articulation:"), text);
    }

    @Test
    void withoutABeatOnlyTheTuningIsCalledClean() {
        List<Synth.Tone> tones = Synth.onePerBeat(new int[] {62, 66, 69}, 80);
        Analysis three = new Analyzer().analyze(Synth.pcm(Synth.render(tones, 3.5)));
        assertEquals(3, three.notes().size());
        String text = PracticeReport.toText(three, "three.wav");
        assertTrue(!text.contains("were clean"), text);
        assertTrue(text.contains("Timing: not judged (too few notes)."), text);
        assertTrue(text.contains("No note was out of tune; the timing was not judged (too few notes)"), text);
    }
}

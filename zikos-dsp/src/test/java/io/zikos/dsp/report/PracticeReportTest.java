package io.zikos.dsp.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zikos.dsp.analysis.Analysis;
import io.zikos.dsp.analysis.Analyzer;
import io.zikos.dsp.analysis.Synth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PracticeReportTest {

    private static Analysis analyse() {
        int[] midis = {62, 64, 66, 67, 69, 67, 66, 64, 62, 66, 69, 74, 69, 66, 64, 62};
        double[] beats = new double[midis.length];
        java.util.Arrays.fill(beats, 1);
        List<Synth.Tone> tones = new ArrayList<>(Synth.melody(midis, beats, 96));
        Synth.Tone sharp = tones.get(4);
        tones.set(4, new Synth.Tone(sharp.onset(), sharp.duration(), sharp.midi(), 38, sharp.amplitude()));
        Synth.Tone early = tones.get(10);
        tones.set(10, new Synth.Tone(early.onset() - 0.11, early.duration() + 0.11, early.midi(), 0,
                early.amplitude()));
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
    }
}

package io.zikos.dsp.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zikos.dsp.report.PracticeReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A steady mains hum under a take is heard, taken out, and the take is read as if it were not there; a clean take, and
 * one over a low drone a hertz off the mains, have none.
 */
class MainsHumTest {
    static final int SR = Synth.SR;
    static final int[] SCALE = {60, 62, 64, 65, 67, 69, 71, 72, 71, 69, 67, 65, 64, 62, 60};

    /** The scale at 100 bpm, then two seconds of rest. */
    static float[] melody() {
        return Synth.render(Synth.onePerBeat(SCALE, 100), 0.5 + SCALE.length * 0.6 + 2);
    }

    /** {@code x} with a hum at {@code hz} (harmonics 1-5 falling off) at {@code db} dB under its peak. */
    static float[] withHum(float[] x, double hz, double db) {
        double peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        double[] amps = {1, 0.5, 0.35, 0.2, 0.1};
        double rms = 0;
        for (double a : amps) {
            rms += a * a / 2;
        }
        double scale = peak * Math.pow(10, db / 20) / Math.sqrt(rms);
        float[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            double t = i / (double) SR;
            double v = 0;
            for (int k = 1; k <= amps.length; k++) {
                v += amps[k - 1] * Math.sin(2 * Math.PI * k * hz * t + k);
            }
            y[i] += (float) (scale * v);
        }
        return y;
    }

    static double rmsDb(float[] x, double from, double to) {
        double s = 0;
        int a = (int) (from * SR);
        int b = (int) (to * SR);
        for (int i = a; i < b; i++) {
            s += x[i] * x[i];
        }
        return 10 * Math.log10(s / (b - a) + 1e-20);
    }

    @Test
    void aSteadyHumIsHeardAndTakenOut() {
        float[] x = withHum(melody(), 60, -35);
        MainsHum hum = MainsHum.detect(x, SR);
        assertTrue(hum.present());
        assertEquals(60, hum.frequencyHz(), 0.05);
        // the first five are always taken out; the melody's partials must not pass for higher ones
        assertEquals(List.of(1, 2, 3, 4, 5), hum.harmonics());
        float[] y = hum.removedFrom(x, SR);
        double end = x.length / (double) SR;
        // the closing rest and the lead-in held only the hum (no filter still settling at either end); what is left
        // there is the music's own energy at the hum's frequencies, read into the hum's measure nearby
        assertTrue(rmsDb(y, end - 1.5, end) < rmsDb(x, end - 1.5, end) - 12);
        assertTrue(rmsDb(y, 0, 0.4) < rmsDb(x, 0, 0.4) - 12);
        // the playing is left as it was
        float[] clean = melody();
        assertEquals(rmsDb(clean, 0.5, 9), rmsDb(y, 0.5, 9), 0.1);
    }

    @Test
    void aHummedTakeIsReadAsTheCleanOne() {
        Analysis clean = new Analyzer().analyze(Synth.pcm(melody()));
        Analysis hummed = new Analyzer().analyze(Synth.pcm(withHum(melody(), 60, -35)));
        assertEquals(clean.notes().stream().map(Note::midi).toList(), hummed.notes().stream().map(Note::midi).toList(),
                "no hum notes (60 Hz reads as a flat B1) in the rests");
        // with the hum gone its lead-in is silence again, trimmed: times still refer to the file, as the clean take's
        for (int i = 0; i < clean.notes().size(); i++) {
            assertEquals(clean.notes().get(i).onset(), hummed.notes().get(i).onset(), 0.01);
        }
        assertEquals(clean.tempo().bpm(), hummed.tempo().bpm(), 0.5);
        assertEquals(clean.key().best().tonic(), hummed.key().best().tonic());
        assertEquals(clean.key().best().major(), hummed.key().best().major());
        assertTrue(hummed.intonation().flagged().isEmpty(), hummed.intonation().flagged().toString());
        JsonNode report = PracticeReport.toJson(hummed, "take.wav");
        assertEquals(60, report.at("/recording/mains_hum_hz").asDouble(), 0.1);
        assertTrue(PracticeReport.toJson(clean, "take.wav").at("/recording/mains_hum_hz").isNull());
        assertTrue(PracticeReport.toText(hummed, "take.wav").contains("60 Hz hum"));
    }

    @Test
    void aCleanTakeAndALowDroneAreNoHum() {
        assertFalse(MainsHum.detect(melody(), SR).present());
        assertFalse(MainsHum.detect(withHum(melody(), 0, -35), SR).present(), "a constant offset is no hum");
        // a bass G1 (49 Hz) held under the whole take, a hertz under 50 Hz
        float[] drone = withHum(melody(), 49, -10);
        assertFalse(MainsHum.detect(drone, SR).present());
    }

    @Test
    void aFiftyHertzHumIsTold() {
        MainsHum hum = MainsHum.detect(withHum(melody(), 50, -40), SR);
        assertTrue(hum.present());
        assertEquals(50, hum.frequencyHz(), 0.05);
    }
}

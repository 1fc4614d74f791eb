package io.zikos.dsp.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AnalysisOptionsTest {

    @Test
    void withoutAMetreBarsOfFourAreAssumed() {
        AnalysisOptions o = AnalysisOptions.of(Instrument.VIOLIN);
        assertFalse(o.metreGiven());
        assertEquals(4, o.barLength());
        assertEquals(Instrument.VIOLIN, o.instrument());
        assertEquals(Instrument.ANY, new AnalysisOptions(null, 0).instrument());
    }

    @Test
    void aGivenMetreSetsTheBarLength() {
        AnalysisOptions o = AnalysisOptions.DEFAULTS.withBeatsPerBar(3);
        assertTrue(o.metreGiven());
        assertEquals(3, o.barLength());
    }

    @Test
    void beatsPerBarOutsideOneToTwelveAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> AnalysisOptions.DEFAULTS.withBeatsPerBar(13));
        assertThrows(IllegalArgumentException.class, () -> AnalysisOptions.DEFAULTS.withBeatsPerBar(-3));
    }

    @Test
    void parsesBeatsAndTimeSignatures() {
        assertEquals(3, AnalysisOptions.parseBeatsPerBar("3"));
        assertEquals(3, AnalysisOptions.parseBeatsPerBar(" 3/4 "));
        assertEquals(5, AnalysisOptions.parseBeatsPerBar("5/4"));
        assertEquals(6, AnalysisOptions.parseBeatsPerBar("6/8"));
        for (String bad : new String[] {"", "0", "13", "three", "3/5", "3/0", "/4", null}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AnalysisOptions.parseBeatsPerBar(bad), "'" + bad + "'");
            assertTrue(e.getMessage().contains("3/4"), e.getMessage());
        }
    }
}

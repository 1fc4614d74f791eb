package io.zikos.core.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class MusicXmlWriterTest {

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        // Well-formedness only: never fetch the DTD from the network.
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder b = f.newDocumentBuilder();
        return b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** Notes that start a sound: not rests, not the continuation of a tie. */
    static int soundingNotes(Document d) {
        NodeList notes = d.getElementsByTagName("note");
        int n = 0;
        for (int i = 0; i < notes.getLength(); i++) {
            Element e = (Element) notes.item(i);
            boolean rest = e.getElementsByTagName("rest").getLength() > 0;
            boolean tieStop = false;
            NodeList ties = e.getElementsByTagName("tie");
            for (int k = 0; k < ties.getLength(); k++) {
                tieStop |= "stop".equals(((Element) ties.item(k)).getAttribute("type"));
            }
            if (!rest && !tieStop) {
                n++;
            }
        }
        return n;
    }

    @Test
    void exportsWellFormedMusicXmlWithEveryNote() throws Exception {
        Score s = ExerciseNotation.parse(ExerciseNotationTest.EXAMPLE);
        Document d = parse(MusicXmlWriter.write(s));
        assertEquals("score-partwise", d.getDocumentElement().getTagName());
        assertEquals("Broken chords", d.getElementsByTagName("work-title").item(0).getTextContent());
        assertEquals(s.noteCount(), soundingNotes(d));
        assertEquals(3, d.getElementsByTagName("measure").getLength());
        assertEquals("480", d.getElementsByTagName("divisions").item(0).getTextContent());
        assertEquals("90", ((Element) d.getElementsByTagName("sound").item(0)).getAttribute("tempo"));
        // Chords: 2 triads and a 4-note chord give 2 + 2 + 3 <chord/> marks.
        assertEquals(7, d.getElementsByTagName("chord").getLength());
    }

    @Test
    void pickupTripletsDotsTiesRestsKeyAndTime() throws Exception {
        Score s = ExerciseNotation.parse(String.join("\n",
                "title: A & B <test>",
                "time: 3/4",
                "key: Bb",
                "track: Flute program=flute",
                "F4/q | Bb4/8t C5 D5 Eb5/q. D5/8 | r/h. |",
                "track: Bass program=bass",
                "r/q Bb2/h F2/h r/h r/h."));   // no bar lines: F2 crosses the bar line at tick 1920
        String xml = MusicXmlWriter.write(s);
        Document d = parse(xml);
        assertEquals("A & B <test>", d.getElementsByTagName("work-title").item(0).getTextContent());
        assertEquals(s.noteCount(), soundingNotes(d));
        Element firstMeasure = (Element) d.getElementsByTagName("measure").item(0);
        assertEquals("0", firstMeasure.getAttribute("number"));
        assertEquals("yes", firstMeasure.getAttribute("implicit"));
        assertEquals(3, d.getElementsByTagName("time-modification").getLength());
        assertTrue(d.getElementsByTagName("dot").getLength() >= 1);
        assertEquals("-2", d.getElementsByTagName("fifths").item(0).getTextContent());
        assertTrue(xml.contains("<step>B</step><alter>-1</alter><octave>4</octave>"), xml);
        assertTrue(xml.contains("<tie type=\"start\"/>") && xml.contains("<tied type=\"stop\"/>"), xml);
        assertTrue(xml.contains("<rest measure=\"yes\"/>"), xml);
        assertTrue(xml.contains("<sign>F</sign>"), "bass clef for the bass part");
        // Every measure of each part adds up to a full bar (the pickup to a quarter).
        NodeList parts = d.getElementsByTagName("part");
        for (int p = 0; p < parts.getLength(); p++) {
            NodeList measures = ((Element) parts.item(p)).getElementsByTagName("measure");
            assertEquals(4, measures.getLength());
            for (int m = 0; m < measures.getLength(); m++) {
                long total = 0;
                NodeList notes = ((Element) measures.item(m)).getElementsByTagName("note");
                for (int k = 0; k < notes.getLength(); k++) {
                    Element n = (Element) notes.item(k);
                    if (n.getElementsByTagName("chord").getLength() == 0) {
                        total += Long.parseLong(n.getElementsByTagName("duration").item(0).getTextContent());
                    }
                }
                assertEquals(m == 0 ? 480 : 1440, total, "part " + p + " measure " + m);
            }
        }
    }
}

package io.zikos.dsp.report.html;

import static io.zikos.dsp.report.html.Html.esc;
import static io.zikos.dsp.report.html.Html.n;

import io.zikos.dsp.report.html.ReportData.NoteView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The report's charts as inline SVG, drawn on the server so the page needs no script to show them. All charts share
 * one time axis (same left margin and scale), so a bar line in the pitch chart sits exactly above the same bar in the
 * timing, tempo and dynamics charts.
 */
final class Charts {

    static final int WIDTH = 1160;
    static final int LEFT = 74;
    static final int RIGHT = 18;
    static final int PLOT = WIDTH - LEFT - RIGHT;

    static final String IN_TUNE = "#2e7d32";
    static final String OUT_OF_TUNE = "#d32f2f";
    static final String EARLY = "#1e6fd9";
    static final String LATE = "#e67700";
    static final String CURVE = "#263238";

    private final ReportData d;
    private final double span;
    private final List<double[]> barLines; // {time, bar number}

    Charts(ReportData d) {
        this.d = d;
        this.span = d.duration() > 0 ? d.duration() : 1;
        this.barLines = barLines(d);
    }

    double x(double t) {
        return LEFT + Math.max(0, Math.min(span, t)) / span * PLOT;
    }

    boolean hasBars() {
        return barLines.size() >= 2;
    }

    // ---------------------------------------------------------------- pitch

    /** Piano-roll: one row per semitone, the notes as blocks, the sung/played pitch as a line through them. */
    String pitch() {
        List<NoteView> notes = d.notes();
        double[][] curve = d.pitchCurve();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (NoteView nv : notes) {
            lo = Math.min(lo, nv.midi());
            hi = Math.max(hi, nv.midi());
        }
        double[] ps = Arrays.stream(curve).mapToDouble(p -> p[1]).filter(Double::isFinite).sorted().toArray();
        if (ps.length > 0) {
            // percentiles, so one octave-jump frame does not squash the whole chart
            lo = Math.min(lo, ps[(int) (ps.length * 0.01)]);
            hi = Math.max(hi, ps[Math.min(ps.length - 1, (int) (ps.length * 0.99))]);
        }
        if (!Double.isFinite(lo)) {
            return "";
        }
        int low = (int) Math.floor(lo) - 1;
        int high = (int) Math.ceil(hi) + 1;
        int rows = high - low + 1;
        double rowH = Math.max(9, Math.min(26, 380.0 / rows));
        int top = 22;
        int height = (int) Math.ceil(top + rows * rowH + 30);
        StringBuilder s = open("pitch-chart", height, "Pitch of every note against the nearest notes of the scale");
        // rows: black keys shaded like a piano roll, every row labelled when there is room, C always
        for (int m = low; m <= high; m++) {
            double y = top + (high - m) * rowH;
            s.append("<rect class=\"row").append(ReportData.isBlackKey(m) ? " black" : "").append("\" x=\"").append(LEFT)
                    .append("\" y=\"").append(n(y)).append("\" width=\"").append(PLOT).append("\" height=\"")
                    .append(n(rowH)).append("\"/>");
            s.append("<line class=\"semitone\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT)
                    .append("\" y1=\"").append(n(y + rowH / 2)).append("\" y2=\"").append(n(y + rowH / 2))
                    .append("\"/>");
            final int row = m;
            boolean used = notes.stream().anyMatch(v -> v.midi() == row);
            if (rowH >= 13 || Math.floorMod(m, 12) == 0 || used) {
                s.append("<text class=\"note-label").append(used ? " used" : "").append("\" x=\"").append(LEFT - 8)
                        .append("\" y=\"").append(n(y + rowH / 2 + 4)).append("\" text-anchor=\"end\">")
                        .append(esc(ReportData.noteName(m))).append("</text>");
            }
        }
        timeGrid(s, top, top + rows * rowH);
        // note blocks
        for (NoteView v : notes) {
            double y = top + (high - v.midi()) * rowH + rowH * 0.15;
            double x0 = x(v.onset());
            double w = Math.max(3, x(v.offset()) - x0);
            String cls = v.outOfTune() ? "note bad" : "note ok";
            s.append("<rect class=\"").append(cls).append("\" data-note=\"").append(v.index()).append("\" x=\"")
                    .append(n(x0)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                    .append("\" height=\"").append(n(rowH * 0.7)).append("\" rx=\"3\"><title>")
                    .append(esc(describe(v))).append("</title></rect>");
        }
        // the measured pitch, broken at silences so the line never jumps across a rest
        StringBuilder path = new StringBuilder();
        double prevT = Double.NaN;
        for (double[] p : curve) {
            if (!Double.isFinite(p[1]) || p[1] < low - 0.5 || p[1] > high + 0.5) {
                prevT = Double.NaN;
                continue;
            }
            boolean gap = !Double.isFinite(prevT) || p[0] - prevT > 0.15;
            path.append(gap ? "M" : "L").append(n(x(p[0]))).append(' ')
                    .append(n(top + (high - p[1]) * rowH + rowH / 2)).append(' ');
            prevT = p[0];
        }
        if (path.length() > 0) {
            s.append("<path class=\"pitch-line\" d=\"").append(path.toString().trim()).append("\"/>");
        }
        // cents labels on the notes that were out of tune
        for (NoteView v : notes) {
            if (v.outOfTune() && Double.isFinite(v.cents())) {
                double y = top + (high - v.midi()) * rowH + (v.cents() > 0 ? -3 : rowH + 11);
                s.append("<text class=\"cents-label\" data-note=\"").append(v.index()).append("\" x=\"")
                        .append(n(x(v.onset()) + 1)).append("\" y=\"").append(n(y)).append("\">")
                        .append(esc(Html.cents(v.cents()))).append("</text>");
            }
        }
        timeAxis(s, top + rows * rowH);
        return close(s);
    }

    // ---------------------------------------------------------------- timing

    /** One bar per note: up = late, down = early, the green band is "on time". */
    String timing() {
        List<NoteView> notes = d.notes().stream().filter(v -> Double.isFinite(v.timingMs())).toList();
        if (notes.isEmpty()) {
            return "";
        }
        double max = notes.stream().mapToDouble(v -> Math.abs(v.timingMs())).max().orElse(0);
        double range = Math.min(300, Math.max(d.thresholdMs() * 2, max * 1.15));
        int top = 16;
        int h = 200;
        double mid = top + h / 2.0;
        double scale = (h / 2.0) / range;
        StringBuilder s = open("timing-chart", top + h + 30, "How early or late each note started compared with the beat");
        double band = Math.min(range, d.thresholdMs()) * scale;
        s.append("<rect class=\"ontime-band\" x=\"").append(LEFT).append("\" y=\"").append(n(mid - band))
                .append("\" width=\"").append(PLOT).append("\" height=\"").append(n(2 * band)).append("\"/>");
        timeGrid(s, top, top + h);
        s.append("<line class=\"zero\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT).append("\" y1=\"")
                .append(n(mid)).append("\" y2=\"").append(n(mid)).append("\"/>");
        s.append(label(LEFT - 8, top + 12, "end", "axis-word late", "late \u2191"));
        s.append(label(LEFT - 8, mid + 4, "end", "axis-word", "on beat"));
        s.append(label(LEFT - 8, top + h - 4, "end", "axis-word early", "early \u2193"));
        s.append(label(LEFT + PLOT - 4, mid - band - 4, "end", "band-word", Html.fmt("\u00b1%.0f ms is fine", d.thresholdMs())));
        double minGap = Double.POSITIVE_INFINITY;
        for (int i = 1; i < notes.size(); i++) {
            minGap = Math.min(minGap, x(notes.get(i).onset()) - x(notes.get(i - 1).onset()));
        }
        double w = Math.max(2, Math.min(10, minGap * 0.6));
        for (NoteView v : notes) {
            double dev = Math.max(-range, Math.min(range, v.timingMs()));
            double y = dev > 0 ? mid - dev * scale : mid;
            double bh = Math.max(1, Math.abs(dev) * scale);
            String cls = "tbar " + (v.timingMs() > 0 ? "late" : "early") + (v.offBeat() ? " flagged" : "");
            s.append("<rect class=\"").append(cls).append("\" data-note=\"").append(v.index()).append("\" x=\"")
                    .append(n(x(v.onset()) - w / 2)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                    .append("\" height=\"").append(n(bh)).append("\"><title>").append(esc(describe(v)))
                    .append("</title></rect>");
            if (v.offBeat()) {
                double ly = dev > 0 ? y - 4 : y + bh + 12;
                s.append(label(x(v.onset()), ly, "middle", "tlabel " + (dev > 0 ? "late" : "early"),
                        Html.fmt("%.0f", Math.abs(v.timingMs()))));
            }
        }
        timeAxis(s, top + h);
        return close(s);
    }

    // ---------------------------------------------------------------- tempo

    String tempo() {
        double[][] c = Arrays.stream(d.tempoCurve()).filter(p -> Double.isFinite(p[1]) && p[1] > 0).toArray(double[][]::new);
        if (c.length < 2) {
            return "";
        }
        double lo = Arrays.stream(c).mapToDouble(p -> p[1]).min().orElse(0);
        double hi = Arrays.stream(c).mapToDouble(p -> p[1]).max().orElse(1);
        double avg = d.bpm() > 0 ? d.bpm() : Arrays.stream(c).mapToDouble(p -> p[1]).average().orElse(0);
        // at least ±8 % around the average, so a small wobble looks small and a real drift stands out
        lo = Math.min(Math.min(lo, avg) - 2, avg * 0.92);
        hi = Math.max(Math.max(hi, avg) + 2, avg * 1.08);
        int top = 16;
        int h = 150;
        double fLo = lo;
        double fHi = hi;
        java.util.function.DoubleUnaryOperator y = v -> top + h - (v - fLo) / (fHi - fLo) * h;
        StringBuilder s = open("tempo-chart", top + h + 30, "Tempo over time in beats per minute");
        timeGrid(s, top, top + h);
        for (double tick : ticks(lo, hi, 4)) {
            s.append("<line class=\"hgrid\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT)
                    .append("\" y1=\"").append(n(y.applyAsDouble(tick))).append("\" y2=\"")
                    .append(n(y.applyAsDouble(tick))).append("\"/>");
            s.append(label(LEFT - 8, y.applyAsDouble(tick) + 4, "end", "tick", Html.fmt("%.0f", tick)));
        }
        s.append("<line class=\"avg\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT).append("\" y1=\"")
                .append(n(y.applyAsDouble(avg))).append("\" y2=\"").append(n(y.applyAsDouble(avg))).append("\"/>");
        s.append(label(LEFT + PLOT - 4, y.applyAsDouble(avg) - 5, "end", "avg-word",
                Html.fmt("your tempo: %.0f bpm", avg)));
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < c.length; i++) {
            path.append(i == 0 ? "M" : "L").append(n(x(c[i][0]))).append(' ').append(n(y.applyAsDouble(c[i][1])))
                    .append(' ');
        }
        s.append("<path class=\"tempo-line\" d=\"").append(path.toString().trim()).append("\"/>");
        s.append(label(14, top + 10, "start", "unit", "bpm"));
        timeAxis(s, top + h);
        return close(s);
    }

    // ---------------------------------------------------------------- dynamics

    String dynamics() {
        double[][] e = Arrays.stream(d.dynamics()).filter(p -> Double.isFinite(p[1])).toArray(double[][]::new);
        if (e.length < 2) {
            return "";
        }
        double hi = Math.min(0, Arrays.stream(e).mapToDouble(p -> p[1]).max().orElse(0) + 3);
        double lo = Math.max(-80, Math.min(hi - 12, Arrays.stream(e).mapToDouble(p -> p[1]).min().orElse(-60)));
        int top = 16;
        int h = 130;
        double fLo = lo;
        double fHi = hi;
        java.util.function.DoubleUnaryOperator y = v -> top + h - (Math.max(fLo, Math.min(fHi, v)) - fLo) / (fHi - fLo) * h;
        StringBuilder s = open("dynamics-chart", top + h + 30, "Loudness over time");
        timeGrid(s, top, top + h);
        for (double tick : ticks(lo, hi, 3)) {
            s.append("<line class=\"hgrid\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT)
                    .append("\" y1=\"").append(n(y.applyAsDouble(tick))).append("\" y2=\"")
                    .append(n(y.applyAsDouble(tick))).append("\"/>");
            s.append(label(LEFT - 8, y.applyAsDouble(tick) + 4, "end", "tick", Html.fmt("%.0f", tick)));
        }
        StringBuilder area = new StringBuilder("M").append(n(x(e[0][0]))).append(' ').append(n(top + h)).append(' ');
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < e.length; i++) {
            String pt = n(x(e[i][0])) + " " + n(y.applyAsDouble(e[i][1])) + " ";
            area.append('L').append(pt);
            line.append(i == 0 ? "M" : "L").append(pt);
        }
        area.append('L').append(n(x(e[e.length - 1][0]))).append(' ').append(n(top + h)).append(" Z");
        s.append("<path class=\"dyn-area\" d=\"").append(area).append("\"/>");
        s.append("<path class=\"dyn-line\" d=\"").append(line.toString().trim()).append("\"/>");
        s.append(label(14, top + 10, "start", "unit", "dB"));
        s.append(label(LEFT + PLOT - 4, top + 12, "end", "axis-word", "louder \u2191"));
        timeAxis(s, top + h);
        return close(s);
    }

    // ---------------------------------------------------------------- shared pieces

    private StringBuilder open(String cls, int height, String title) {
        StringBuilder s = new StringBuilder(8192);
        s.append("<svg class=\"chart ").append(cls).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" role=\"img\" aria-label=\"").append(esc(title))
                .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        return s;
    }

    private static String close(StringBuilder s) {
        return s.append("</svg>").toString();
    }

    /** Vertical bar lines (or second ticks when there is no beat grid) behind a chart. */
    private void timeGrid(StringBuilder s, double top, double bottom) {
        if (hasBars()) {
            for (double[] b : barLines) {
                s.append("<line class=\"barline\" x1=\"").append(n(x(b[0]))).append("\" x2=\"").append(n(x(b[0])))
                        .append("\" y1=\"").append(n(top)).append("\" y2=\"").append(n(bottom)).append("\"/>");
            }
        } else {
            for (double t : ticks(0, span, 10)) {
                s.append("<line class=\"vgrid\" x1=\"").append(n(x(t))).append("\" x2=\"").append(n(x(t)))
                        .append("\" y1=\"").append(n(top)).append("\" y2=\"").append(n(bottom)).append("\"/>");
            }
        }
    }

    /** Bar numbers (when known) and clock time under a chart. */
    private void timeAxis(StringBuilder s, double y) {
        s.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT).append("\" y1=\"")
                .append(n(y)).append("\" y2=\"").append(n(y)).append("\"/>");
        if (hasBars()) {
            int every = Math.max(1, (int) Math.ceil(barLines.size() / 40.0));
            s.append(label(LEFT - 8, y + 15, "end", "axis-word", "bar"));
            for (int i = 0; i < barLines.size(); i++) {
                if (i % every == 0) {
                    double[] b = barLines.get(i);
                    s.append(label(x(b[0]) + 3, y + 15, "start", "bar-number", Integer.toString((int) b[1])));
                }
            }
        } else {
            s.append(label(LEFT - 8, y + 15, "end", "axis-word", "time"));
            for (double t : ticks(0, span, 10)) {
                s.append(label(x(t), y + 15, "middle", "tick", Html.clock(t)));
            }
        }
    }

    private static String label(double x, double y, String anchor, String cls, String text) {
        return "<text class=\"" + cls + "\" x=\"" + n(x) + "\" y=\"" + n(y) + "\" text-anchor=\"" + anchor + "\">"
                + esc(text) + "</text>";
    }

    /** The tooltip text for a note, in words. */
    static String describe(NoteView v) {
        StringBuilder b = new StringBuilder(v.name());
        String where = v.where();
        b.append(where.isEmpty() ? " at " + Html.clock(v.onset()) : " (" + where + ", " + Html.clock(v.onset()) + ")");
        if (Double.isFinite(v.cents())) {
            b.append(": ").append(centsWords(v.cents()));
        }
        if (Double.isFinite(v.timingMs())) {
            b.append(", ").append(msWords(v.timingMs()));
        }
        return b.toString();
    }

    static String centsWords(double c) {
        long r = Math.round(Math.abs(c));
        if (r == 0) {
            return "right in tune";
        }
        return r + (r == 1 ? " cent " : " cents ") + (c > 0 ? "sharp" : "flat");
    }

    static String msWords(double ms) {
        long r = Math.round(Math.abs(ms));
        if (r == 0) {
            return "right on the beat";
        }
        return r + " ms " + (ms > 0 ? "late" : "early");
    }

    /** Nice round tick values between lo and hi, about {@code count} of them. */
    static double[] ticks(double lo, double hi, int count) {
        double range = hi - lo;
        if (!(range > 0)) {
            return new double[] {lo};
        }
        double raw = range / count;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * mag >= raw) {
                step = m * mag;
                break;
            }
        }
        List<Double> out = new ArrayList<>();
        for (double t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) {
            out.add(t);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Downbeat times with bar numbers. The phase of the bar comes from a note whose bar and beat the analysis knows;
     * without one, the first beat is taken as a downbeat.
     */
    private static List<double[]> barLines(ReportData d) {
        double[] beats = d.beats();
        List<double[]> out = new ArrayList<>();
        if (beats.length < 2) {
            return out;
        }
        int bpb = Math.max(1, d.beatsPerBar());
        int anchorBeat = 0;
        int anchorBar = 1;
        for (NoteView v : d.notes()) {
            if (v.bar() > 0 && v.beat() >= 1 && Math.abs(v.beat() - Math.rint(v.beat())) < 0.2) {
                int k = nearest(beats, v.onset());
                anchorBeat = k - ((int) Math.rint(v.beat()) - 1);
                anchorBar = v.bar();
                break;
            }
        }
        for (int k = 0; k < beats.length; k++) {
            if (Math.floorMod(k - anchorBeat, bpb) == 0) {
                int bar = anchorBar + Math.floorDiv(k - anchorBeat, bpb);
                if (bar >= 1) {
                    out.add(new double[] {beats[k], bar});
                }
            }
        }
        return out;
    }

    private static int nearest(double[] xs, double t) {
        int best = 0;
        for (int i = 1; i < xs.length; i++) {
            if (Math.abs(xs[i] - t) < Math.abs(xs[best] - t)) {
                best = i;
            }
        }
        return best;
    }
}

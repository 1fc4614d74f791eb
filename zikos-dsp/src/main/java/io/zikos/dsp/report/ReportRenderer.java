package io.zikos.dsp.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Renders a {@link PracticeReport} JSON into another format (for example an HTML page with the pitch curve, per-note
 * cents and timing, tempo curve and dynamics envelope). Discovered with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.zikos.dsp.report.ReportRenderer}); {@code zikos analyze --html FILE} uses the one whose
 * {@link #format()} is {@code html}.
 */
public interface ReportRenderer {

    /** The format name, such as {@code html}. */
    String format();

    /** Writes the report for one recording to {@code out}. */
    void write(ObjectNode report, Path out) throws IOException;
}

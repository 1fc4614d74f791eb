package io.zikos.samples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zikos.api.AudioInputException;
import io.zikos.api.AudioSource;
import io.zikos.dsp.analysis.Analysis;
import io.zikos.dsp.analysis.AnalysisOptions;
import io.zikos.dsp.analysis.Instrument;
import io.zikos.dsp.report.PracticeReport;
import io.zikos.dsp.report.RecordingAnalysis;
import io.zikos.dsp.report.ReportRenderer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code zikos analyze}: the offline practice report, no model needed.
 */
public final class AnalyzeCommand implements CliCommand {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String name() {
        return "analyze";
    }

    @Override
    public String summary() {
        return "practice report for recordings (tempo, key, intonation, timing, dynamics), no model needed";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: zikos analyze [--instrument NAME] [--beats-per-bar N] [--json] [--html FILE] FILE...",
                "       zikos analyze [--instrument NAME] [--beats-per-bar N] --out DIR FILE...",
                "",
                "Prints a practice report for each recording (wav, mp3, flac, ogg, m4a/aac, webm).",
                "  --json             print the full JSON report instead of text",
                "  --out DIR          write DIR/STEM.json for every FILE (analysed in parallel)",
                "  --html FILE        also write a visual HTML report (one input file)",
                "  --instrument NAME  narrow the pitch search (flute, violin, cello, voice, guitar, piano, ...)",
                "  --beats-per-bar N  the metre, for bar numbers: 3 for a waltz, or a time signature such as 3/4",
                "                     (default: bars of 4, counted from the first note)",
                "  --threads N        parallel analyses for --out (default: number of CPUs)");
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        boolean json = false;
        Path outDir = null;
        Path html = null;
        Instrument instrument = Instrument.ANY;
        int beatsPerBar = AnalysisOptions.METRE_NOT_GIVEN;
        int threads = Runtime.getRuntime().availableProcessors();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            try {
                switch (a) {
                    case "--json" -> json = true;
                    case "--out" -> outDir = Path.of(args.get(++i));
                    case "--html" -> html = Path.of(args.get(++i));
                    case "--instrument" -> instrument = Instrument.parse(args.get(++i));
                    case "--beats-per-bar" -> beatsPerBar = AnalysisOptions.parseBeatsPerBar(args.get(++i));
                    case "--threads" -> threads = Math.max(1, Integer.parseInt(args.get(++i)));
                    case "-h", "--help" -> {
                        out.println(usage());
                        return 0;
                    }
                    default -> {
                        if (a.startsWith("--")) {
                            err.println("unknown option " + a + "\n" + usage());
                            return 2;
                        }
                        files.add(Path.of(a));
                    }
                }
            } catch (IndexOutOfBoundsException e) {
                err.println(a + " needs a value\n" + usage());
                return 2;
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return 2;
            }
        }
        if (files.isEmpty()) {
            err.println("no input files\n" + usage());
            return 2;
        }
        if (html != null && files.size() != 1) {
            err.println("--html takes one input file");
            return 2;
        }
        RecordingAnalysis analysis = new RecordingAnalysis();
        AnalysisOptions options = new AnalysisOptions(instrument, beatsPerBar);
        if (outDir != null) {
            return writeAll(analysis, files, outDir, options, threads, err);
        }
        int rc = 0;
        for (Path f : files) {
            try {
                Analysis a = analysis.analyze(AudioSource.of(f), options);
                ObjectNode report = PracticeReport.toJson(a, f.getFileName().toString());
                if (json) {
                    out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
                } else {
                    out.print(PracticeReport.toText(a, f.getFileName().toString()));
                    if (files.size() > 1) {
                        out.println();
                    }
                }
                if (html != null) {
                    ReportRenderer r = renderer("html");
                    if (r == null) {
                        err.println("HTML reports are not available in this build; use --json for the data");
                        rc = 1;
                    } else {
                        r.write(report, html);
                    }
                }
            } catch (AudioInputException e) {
                err.println("cannot analyse " + e.getMessage());
                rc = 1;
            } catch (OutOfMemoryError e) {
                err.println(outOfMemory(f.getFileName().toString()));
                rc = 1;
            }
        }
        return rc;
    }

    /** What to tell a user whose recording did not fit in the Java heap (the analysis has let go of it by now). */
    static String outOfMemory(String name) {
        return "not enough memory to analyse " + name + " (Java heap " + Runtime.getRuntime().maxMemory() / (1 << 20)
                + " MB; a 20-minute recording needs about 512 MB): give Java more, e.g. ZIKOS_JAVA_OPTS=-Xmx1g, "
                + "or analyse a shorter excerpt";
    }

    private static ReportRenderer renderer(String format) {
        for (ReportRenderer r : ServiceLoader.load(ReportRenderer.class)) {
            if (r.format().equalsIgnoreCase(format)) {
                return r;
            }
        }
        return null;
    }

    private static int writeAll(RecordingAnalysis analysis, List<Path> files, Path outDir, AnalysisOptions options,
                                int threads, PrintStream err) throws Exception {
        Files.createDirectories(outDir);
        boolean progress = System.console() != null;
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, files.size()), r -> {
            Thread t = new Thread(r, "zikos-analyze");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> {
                    String name = f.getFileName().toString();
                    int dot = name.lastIndexOf('.');
                    String stem = dot > 0 ? name.substring(0, dot) : name;
                    try {
                        Analysis a = analysis.analyze(AudioSource.of(f), options);
                        MAPPER.writeValue(outDir.resolve(stem + ".json").toFile(), PracticeReport.toJson(a, name));
                    } catch (AudioInputException e) {
                        failed.incrementAndGet();
                        synchronized (err) {
                            err.println("cannot analyse " + e.getMessage());
                        }
                    } catch (OutOfMemoryError e) {
                        failed.incrementAndGet();
                        synchronized (err) {
                            err.println(outOfMemory(name));
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        synchronized (err) {
                            err.println(name + ": analysis failed: " + e);
                        }
                    }
                    int n = done.incrementAndGet();
                    if (progress) {
                        synchronized (err) {
                            err.print("\ranalysed " + n + "/" + files.size());
                            if (n == files.size()) {
                                err.println();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> fu : futures) {
                fu.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return failed.get() == 0 ? 0 : 1;
    }

    /** Runs the command without the CLI launcher (used by the benchmark scripts). */
    public static void main(String[] args) throws Exception {
        int rc = new AnalyzeCommand().run(List.of(args), System.out, System.err);
        System.out.flush();
        System.exit(rc);
    }
}

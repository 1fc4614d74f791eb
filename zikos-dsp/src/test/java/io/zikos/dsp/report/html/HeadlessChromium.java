package io.zikos.dsp.report.html;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code chromium} in headless mode on a local file, the way CI does: no network, no GPU, a throwaway
 * profile. Console messages of the page reach stderr as {@code INFO:CONSOLE} lines with {@code --enable-logging}.
 */
final class HeadlessChromium {
    static final Path BINARY = Path.of(System.getProperty("zikos.chromium", "/usr/bin/chromium"));

    /** What one run printed. */
    record Run(int exitCode, String stdout, List<String> consoleLines) {
    }

    private HeadlessChromium() {
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** Loads {@code page} and runs {@code action} ({@code --screenshot=FILE} or {@code --dump-dom}). */
    static Run run(Path page, Path workDir, String action, int width, int height) throws IOException,
            InterruptedException {
        Path profile = Files.createTempDirectory(workDir, "chromium-profile");
        Path err = workDir.resolve("chromium-stderr-" + System.nanoTime() + ".txt");
        Path out = workDir.resolve("chromium-stdout-" + System.nanoTime() + ".txt");
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--enable-logging=stderr", "--v=0", "--window-size=" + width + "," + height,
                "--virtual-time-budget=3000", action, page.toUri().toString()));
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(out.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 90 s");
        }
        List<String> console = new ArrayList<>();
        for (String line : Files.readAllLines(err, StandardCharsets.UTF_8)) {
            if (line.contains(":CONSOLE")) {
                console.add(line);
            }
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), console);
    }
}

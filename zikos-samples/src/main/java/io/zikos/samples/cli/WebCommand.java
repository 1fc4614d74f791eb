package io.zikos.samples.cli;

import io.zikos.samples.web.WebSampleApp;
import java.io.PrintStream;
import java.util.List;

/** {@code zikos web}: the browser sample — record or upload, see the visual report, chat with the coach. */
public final class WebCommand implements CliCommand {

    @Override
    public String name() {
        return "web";
    }

    @Override
    public String summary() {
        return "web page: record or upload, see the visual practice report, chat with the coach";
    }

    @Override
    public String usage() {
        return WebSampleApp.USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        return WebSampleApp.run(args, out, err);
    }
}

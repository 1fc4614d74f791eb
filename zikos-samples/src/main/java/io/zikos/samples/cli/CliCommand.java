package io.zikos.samples.cli;

import java.io.PrintStream;
import java.util.List;

/** One {@code zikos} sub-command. Implementations are listed in {@link ZikosCli}. */
public interface CliCommand {

    /** The word after {@code zikos}. */
    String name();

    /** One line for {@code zikos help}. */
    String summary();

    /** Full usage text, shown on {@code --help} and on bad arguments. */
    String usage();

    /**
     * Runs the command.
     *
     * @return the process exit code: 0 ok, 1 failure, 2 bad usage
     */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}

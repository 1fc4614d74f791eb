package io.zikos.samples.cli;

import io.zikos.api.AudioInputException;
import io.zikos.api.ModelLoadException;
import io.zikos.api.ZikosException;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The {@code zikos} command line. Sub-commands are {@link CliCommand}s found with {@link ServiceLoader}, so each
 * feature module adds its own without this class knowing it.
 */
public final class ZikosCli {

    private final Map<String, CliCommand> commands = new TreeMap<>();

    public ZikosCli(List<CliCommand> commands) {
        commands.forEach(c -> this.commands.put(c.name(), c));
    }

    public static ZikosCli discover() {
        return new ZikosCli(ServiceLoader.load(CliCommand.class).stream().map(ServiceLoader.Provider::get).toList());
    }

    public static void main(String[] args) {
        int code = discover().run(List.of(args), System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs a command line; returns the exit code. Expected errors become one clear line, not a stack trace. */
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || List.of("help", "-h", "--help").contains(args.get(0))) {
            if (args.size() > 1 && commands.containsKey(args.get(1))) {
                out.println(commands.get(args.get(1)).usage());
            } else {
                printHelp(out);
            }
            return args.isEmpty() ? 2 : 0;
        }
        CliCommand command = commands.get(args.get(0));
        if (command == null) {
            err.println("zikos: unknown command '" + args.get(0) + "'");
            printHelp(err);
            return 2;
        }
        List<String> rest = args.subList(1, args.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            out.println(command.usage());
            return 0;
        }
        try {
            return command.run(rest, out, err);
        } catch (UsageException e) {
            err.println("zikos " + command.name() + ": " + e.getMessage());
            err.println(command.usage());
            return 2;
        } catch (AudioInputException | ModelLoadException e) {
            err.println("zikos " + command.name() + ": " + e.getMessage());
            return 1;
        } catch (ZikosException e) {
            err.println("zikos " + command.name() + ": " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("zikos " + command.name() + ": unexpected error: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    private void printHelp(PrintStream out) {
        out.println("Zikos — practice-recording analysis and coaching.");
        out.println();
        out.println("usage: zikos COMMAND [ARGS...]   (zikos help COMMAND for details)");
        out.println();
        int width = commands.keySet().stream().mapToInt(String::length).max().orElse(8);
        commands.values().stream().sorted(Comparator.comparing(CliCommand::name)).forEach(c ->
                out.println("  " + c.name() + " ".repeat(width - c.name().length() + 3) + c.summary()));
    }

    /** Bad command-line arguments; the CLI prints the message and the command's usage. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    /** Small helper for option parsing shared by commands. */
    public static String requireValue(List<String> args, int i) {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
            throw new UsageException(args.get(i) + " needs a value");
        }
        return args.get(i + 1);
    }
}

package org.jxdp.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code jxdp} command. Exit status: 0 success, 1 a refusal or failure explained in one
 * line (a stack trace only with {@code --debug}), 2 bad usage.
 */
@Command(name = "jxdp",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "XDP programs outside the Linux kernel, on the JVM.",
        subcommands = {
            ConformanceCommand.class,
            DisasmCommand.class,
            RunCommand.class,
            ProgCommand.class,
            TestRunCommand.class,
            VerifyCommand.class,
            ReplayCommand.class,
            LiveCommand.class,
            GenCommand.class,
            MapCommand.class,
            RulesCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {
    /** Exit status of a refusal or failure. */
    public static final int EXIT_FAILURE = 1;
    /** Exit status of bad usage. */
    public static final int EXIT_USAGE = 2;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of unexpected errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given output streams and returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.getSubcommands().get("gen").getCommandSpec().usageMessage().footer(GenCommand.profiles());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_FAILURE);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean debug = parseResult.matchedOption("--debug") != null
                    || parseResult.subcommand() != null && hasDebug(parseResult.subcommand());
            if (e instanceof CliFailure) {
                commandLine.getErr().println("jxdp: " + e.getMessage());
            } else {
                commandLine.getErr().println("jxdp: unexpected error: " + e);
            }
            if (debug) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return EXIT_FAILURE;
        });
        int status = cl.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    private static boolean hasDebug(CommandLine.ParseResult pr) {
        return pr.matchedOption("--debug") != null || pr.subcommand() != null && hasDebug(pr.subcommand());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jxdp " + (v == null ? "(development build)" : v)};
        }
    }
}

package org.jxdp.cli;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
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
        description = "XDP programs outside the Linux kernel, on the JVM.")
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

    /**
     * The subcommands, by name, in the order the help lists them. They are added to the command
     * line here rather than named in {@code @Command(subcommands = ...)}, so that a command line
     * naming one first ({@code jxdp replay ...}, nearly every start) builds only that one:
     * picocli reads every option of every command it is given by reflection, which took about
     * 0.1 s of each start when it built all of them.
     */
    static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("conformance", ConformanceCommand::new);
        m.put("disasm", DisasmCommand::new);
        m.put("run", RunCommand::new);
        m.put("prog", ProgCommand::new);
        m.put("test-run", TestRunCommand::new);
        m.put("verify", VerifyCommand::new);
        m.put("replay", ReplayCommand::new);
        m.put("live", LiveCommand::new);
        m.put("gen", GenCommand::new);
        m.put("map", MapCommand::new);
        m.put("rules", RulesCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return Collections.unmodifiableMap(m);
    }

    /**
     * The command line for {@code args}: with only the subcommand {@code args[0]} names, or with
     * all of them (anything else: options first, help, a mistyped name and its suggestions).
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        Supplier<Object> only = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
        if (only != null && !args[0].equals("help")) {
            cl.addSubcommand(args[0], only.get());
        } else {
            SUBCOMMANDS.forEach((name, command) -> cl.addSubcommand(name, command.get()));
        }
        CommandLine gen = cl.getSubcommands().get("gen");
        if (gen != null) {
            gen.getCommandSpec().usageMessage().footer(GenCommand.profiles());
        }
        return cl;
    }

    /** Runs the command line with the given output streams and returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(args);
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

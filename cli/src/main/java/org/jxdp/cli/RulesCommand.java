package org.jxdp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jxdp.hooks.dos.DosRules;
import org.jxdp.hooks.dos.RuleError;
import org.jxdp.hooks.dos.RulesException;
import org.jxdp.hooks.dos.RulesFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jxdp rules}: DoS filter rules files. */
@Command(name = "rules", description = "DoS filter rules files (YAML; schema in the README, \"DoS filter\").",
        subcommands = {RulesCommand.Check.class})
final class RulesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code jxdp rules check FILE}: every mistake with its line, or a summary of the rules. */
    @Command(name = "check", description = "Check a rules file: prints each mistake as FILE:LINE: message "
            + "(exit status 1), or what the file holds.")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The rules file.")
        Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!Files.isRegularFile(file)) {
                throw new CliFailure(file + ": no such file");
            }
            DosRules r;
            try {
                r = RulesFile.read(file);
            } catch (RulesException e) {
                for (RuleError x : e.errors()) {
                    err.println("jxdp: " + x);
                }
                return Main.EXIT_FAILURE;
            } catch (IOException e) {
                throw new CliFailure(file + ": cannot read: " + e.getMessage());
            }
            out.printf("%s: ok: %d rules, %d amplification ports, %d allowed and %d denied prefixes, %d bans, "
                    + "default %s%n", file, r.rules().size(), r.amplification().size(), r.allow().size(),
                    r.deny().size(), r.bans().size(), r.defaultDrop() ? "drop" : "pass");
            return 0;
        }
    }
}

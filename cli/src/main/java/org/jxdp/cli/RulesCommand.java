package org.jxdp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jxdp.hooks.dos.DosRules;
import org.jxdp.hooks.dos.RuleError;
import org.jxdp.hooks.dos.RulesException;
import org.jxdp.hooks.dos.RulesFile;
import org.jxdp.metrics.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jxdp rules}: DoS filter rules files; {@code check} offline, {@code show} and
 * {@code apply} against a running jxdp's control API.
 */
@Command(name = "rules", description = "DoS filter rules files (YAML; schema in the README, \"DoS filter\"): check "
        + "one, or show and replace the rules of a running jxdp (started with --metrics).",
        subcommands = {RulesCommand.Check.class, RulesCommand.Show.class, RulesCommand.Apply.class})
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
            String unusable = FileErrors.notAnInputFile(file);
            if (unusable != null) {
                throw new CliFailure(file + ": " + unusable);
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
                throw new CliFailure(file + ": cannot read: " + FileErrors.reason(e));
            }
            out.printf("%s: ok: %d rules, %d amplification ports, %d allowed and %d denied prefixes, %d bans, "
                    + "default %s%n", file, r.rules().size(), r.amplification().size(), r.allow().size(),
                    r.deny().size(), r.bans().size(), r.defaultDrop() ? "drop" : "pass");
            return 0;
        }
    }

    /** {@code jxdp rules show --api URL}: the rules in force in a running jxdp. */
    @Command(name = "show", description = "Print the rules in force in a running jxdp: where they came from, "
            + "then their YAML (with --json, the API's answer).")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        MapCommand.ApiOptions api;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Object j = api.call("rules show", "GET", "/api/v1/rules", null);
            if (api.json) {
                out.println(Json.write(j));
                return 0;
            }
            Map<?, ?> m = (Map<?, ?>) j;
            out.printf("# %s (generation %s): %s rules, %s amplification ports, %s allowed and %s denied prefixes, "
                    + "%s bans, default %s%n", m.get("source"), m.get("generation"), ((List<?>) m.get("rules")).size(),
                    m.get("amplification_ports"), m.get("allow"), m.get("deny"), m.get("bans"),
                    m.get("default_action"));
            out.print(m.get("text"));
            return 0;
        }
    }

    /** {@code jxdp rules apply FILE --api URL}: checked, then hot reloaded into a running jxdp. */
    @Command(name = "apply", description = "Replace the rules of a running jxdp with FILE: the running filter "
            + "checks it and reloads it without a restart (needs the API token); a file with mistakes is refused, "
            + "each mistake printed as FILE:LINE: message (exit status 1), and the rules in force stay.")
    static final class Apply implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The rules file.")
        Path file;

        @Option(names = "--check", description = "Have the running jxdp check the file only.")
        boolean check;

        @Mixin
        MapCommand.ApiOptions api;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String text;
            try {
                text = Files.readString(file);
            } catch (NoSuchFileException e) {
                throw new CliFailure(file + ": no such file");
            } catch (IOException e) {
                throw new CliFailure(file + ": cannot read: " + FileErrors.reason(e));
            }
            MapCommand.ApiOptions.Answer a = api.send("PUT", "/api/v1/rules" + (check ? "?check=true" : ""), text,
                    "application/yaml");
            Map<?, ?> m = a.json() instanceof Map<?, ?> x ? x : Map.of();
            if (a.status() == 422 && m.get("errors") instanceof List<?> errors) {
                for (Object e : errors) {
                    Map<?, ?> x = (Map<?, ?>) e;
                    err.println("jxdp: " + file + ":" + x.get("line") + ": " + x.get("message"));
                }
                return Main.EXIT_FAILURE;
            }
            if (a.status() >= 400) {
                throw new CliFailure("rules apply: " + (m.get("error") != null ? m.get("error") : "HTTP " + a.status()));
            }
            if (api.json) {
                out.println(Json.write(a.json()));
            } else if (check) {
                out.printf("%s: ok: %s rules (checked by the running jxdp, not applied)%n", file, m.get("rules"));
            } else {
                out.printf("%s: applied (generation %s): %s rules, %s amplification ports, %s allowed and %s denied "
                        + "prefixes, %s bans, default %s%n", file, m.get("generation"),
                        ((List<?>) m.get("rules")).size(), m.get("amplification_ports"), m.get("allow"), m.get("deny"),
                        m.get("bans"), m.get("default_action"));
            }
            return 0;
        }
    }
}

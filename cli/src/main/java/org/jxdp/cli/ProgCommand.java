package org.jxdp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.engine.object.ProgramType;
import org.jxdp.engine.vm.EngineKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jxdp prog list OBJ}: an object's programs and maps, in bpftool's spirit. */
@Command(name = "prog", description = "Inspect the programs of an object file.",
        subcommands = {ProgCommand.ListCommand.class})
final class ProgCommand {

    @Command(name = "list", description = "List an object's sections, programs (instruction counts, whether "
            + "they load: the verifier's refusal when it refuses one) and maps (types and sizes).")
    static final class ListCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "OBJ", description = "An eBPF object file (clang -O2 -g -target bpf).")
        Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            BpfObject obj = ObjectFiles.open(file, EngineKind.INTERP);
            if (obj.programs().isEmpty()) {
                throw new CliFailure(obj.name() + ": the object contains no program");
            }
            if (obj.programs().stream().noneMatch(p -> p.type() == ProgramType.XDP)) {
                throw new CliFailure(obj.name() + ": no XDP program (jxdp runs XDP programs only); sections: "
                        + String.join(", ", obj.programs().stream().map(BpfProgram::section).distinct().limit(8)
                                .toList())
                        + (obj.programs().stream().map(BpfProgram::section).distinct().count() > 8 ? ", ..." : ""));
            }
            out.printf("%s: license \"%s\", %d program%s, %d map%s%s%n", obj.name(), obj.license(),
                    obj.programs().size(), obj.programs().size() == 1 ? "" : "s", obj.maps().size(),
                    obj.maps().size() == 1 ? "" : "s", obj.btf().isPresent() ? ", BTF" : "");
            out.println("programs:");
            for (BpfProgram p : obj.programs()) {
                out.printf("  %-28s %-26s %-5s %6d insns  %s%n", p.section(), p.name(),
                        p.type().name().toLowerCase(), p.code().length(),
                        status(p));
            }
            out.println("maps:");
            for (BpfMap m : obj.maps()) {
                out.printf("  %-28s %-16s key %4d B  value %5d B  max_entries %-8d flags 0x%x%n", m.name(),
                        m.type().bpftoolName(), m.keySize(), m.valueSize(), m.maxEntries(), m.definition().flags());
            }
            return 0;
        }

        /** {@code loaded}, or why not: the verifier's one-line refusal, or another load error. */
        private static String status(BpfProgram p) {
            if (p.loaded()) {
                return "loaded";
            }
            boolean refused = p.refusedByVerifier();
            return (refused ? "refused by the verifier: " : "not loaded: ") + p.loadError();
        }
    }
}

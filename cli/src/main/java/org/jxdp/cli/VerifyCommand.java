package org.jxdp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jxdp.engine.asm.ObjdumpSyntax;
import org.jxdp.engine.helpers.BpfFunc;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.engine.object.ProgramType;
import org.jxdp.engine.object.SourceLines;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.verifier.Verification;
import org.jxdp.engine.verifier.Verifier;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.XdpHelpers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jxdp verify OBJ}: runs the verifier on the XDP programs of an object and prints, per
 * program, {@code verified} (with its warnings) or the refusal: the instruction, its source line,
 * the reason and the abstract state. Exit status 1 when a program is refused.
 */
@Command(name = "verify",
        description = "Verify the XDP programs of an object file: prove their memory accesses, helper calls and "
                + "loops safe (as the Linux kernel's verifier does), or say which instruction could not be proven "
                + "and why. Exit status 1 when a program is refused.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "OBJ", description = "An eBPF object file (clang -O2 -g -target bpf).")
    Path file;

    @Option(names = "--section", paramLabel = "S", description = "Only programs in this ELF section.")
    String section;

    @Option(names = "--program", paramLabel = "P", description = "Only the program with this function name.")
    String program;

    @Option(names = {"-v", "--verbose"}, description = "Print each instruction with the abstract states met before it.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        BpfObject obj = ObjectFiles.open(file, EngineKind.INTERP, false);
        List<BpfProgram> selected = ObjectFiles.select(obj, section, program);
        BpfRuntime rt = obj.runtime();
        Verifier verifier = Verifier.forXdp(rt.environment(XdpHelpers.table(rt)),
                id -> rt.map(id) == null ? null : rt.map(id).definition())
                .license(obj.license()).recordStates(verbose);
        int refused = 0;
        for (BpfProgram p : selected) {
            String name = obj.name() + ": " + p.section() + "/" + p.name();
            if (p.type() != ProgramType.XDP) {
                out.println(name + ": skipped (not an XDP program)");
                continue;
            }
            Verification v = verifier.verify(p.code(), p.lines()::location);
            if (verbose) {
                listing(out, p, v);
            }
            Verification.Stats st = v.stats();
            String work = "(" + st.instructions() + " instructions processed, " + st.statesKept() + " states, "
                    + Math.max(1, st.nanos() / 1_000_000) + " ms)";
            if (v.accepted()) {
                out.println(name + ": verified " + work);
            } else {
                refused++;
                out.println(name + ": refused " + work);
                for (String line : v.rejection().get().report().split("\n")) {
                    out.println("  " + line);
                }
            }
            for (Verification.Warning w : v.warnings()) {
                out.println("  warning: " + w.text());
            }
        }
        out.flush();
        return refused > 0 ? Main.EXIT_FAILURE : 0;
    }

    private static void listing(PrintWriter out, BpfProgram p, Verification v) {
        SourceLines lines = p.lines();
        String last = null;
        for (int pc = 0; pc < p.code().length(); pc++) {
            String at = lines.location(pc);
            if (at != null && !at.equals(last)) {
                String text = lines.text(pc);
                out.println("; " + (text == null || text.isBlank() ? "" : text.strip() + " ") + "[" + at + "]");
                last = at;
            }
            long slot = p.code().slot(pc);
            boolean lddw = (slot & 0xff) == 0x18 && pc + 1 < p.code().length();
            String insn = ObjdumpSyntax.format(slot, lddw ? p.code().slot(pc + 1) : 0, pc + 1 < p.code().length(),
                    id -> BpfFunc.name(id));
            out.printf("%5d: %s%n", pc, insn);
            for (String s : v.statesAt(pc)) {
                out.println("         " + s.replace("\n", "\n         "));
            }
            if (lddw) {
                pc++;
            }
        }
    }
}

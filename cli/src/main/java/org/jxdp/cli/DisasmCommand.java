package org.jxdp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jxdp.engine.asm.Disassembler;
import org.jxdp.engine.asm.ObjdumpSyntax;
import org.jxdp.engine.helpers.BpfFunc;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.engine.object.SourceLines;
import org.jxdp.engine.vm.EngineKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jxdp disasm FILE}: prints a program in llvm-objdump's style (or the suite's syntax). */
@Command(name = "disasm",
        description = {"Disassemble the programs of an eBPF object file (with their source lines when it has BTF), "
                + "or a bare program (.data vector, .asm/.s text or .bin raw instructions)."})
final class DisasmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--syntax", defaultValue = "llvm", paramLabel = "llvm|conformance",
            description = "llvm: llvm-objdump's C-like syntax with indexes and raw bytes (default); "
                    + "conformance: the assembly syntax of the .data vectors, which jxdp can assemble again.")
    String syntax;

    @Option(names = "--no-raw", description = "Leave out the raw instruction bytes (llvm syntax).")
    boolean noRaw;

    @Option(names = "--section", paramLabel = "S", description = "Only programs in this ELF section (objects).")
    String section;

    @Option(names = "--program", paramLabel = "P", description = "Only the program with this name (objects).")
    String program;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (ObjectFiles.isElf(file)) {
            BpfObject obj = ObjectFiles.open(file, EngineKind.INTERP, false);
            boolean first = true;
            for (BpfProgram bp : ObjectFiles.select(obj, section, program)) {
                if (!first) {
                    out.println();
                }
                first = false;
                out.println(bp.section() + "/" + bp.name() + ":");
                if (syntax.equals("conformance")) {
                    out.print(Disassembler.disassemble(bp.code()));
                } else {
                    SourceLines lines = bp.lines();
                    out.print(ObjdumpSyntax.listing(bp.code(), !noRaw, id -> BpfFunc.name(id),
                            lines.present() ? pc -> source(lines, pc) : null));
                }
            }
            return 0;
        }
        Program p = ProgramFiles.read(file);
        switch (syntax) {
            case "llvm":
                out.print(ObjdumpSyntax.listing(p, !noRaw));
                break;
            case "conformance":
                out.print(Disassembler.disassemble(p));
                break;
            default:
                throw new CliFailure("unknown syntax '" + syntax + "' (expected llvm or conformance)");
        }
        return 0;
    }

    private static String source(SourceLines lines, int pc) {
        String text = lines.text(pc);
        String at = lines.location(pc);
        if (at == null) {
            return null;
        }
        return (text == null || text.isBlank() ? "" : text.strip() + " ") + "[" + at + "]";
    }
}

package org.jxdp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jxdp.engine.asm.Disassembler;
import org.jxdp.engine.asm.ObjdumpSyntax;
import org.jxdp.engine.isa.Program;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jxdp disasm FILE}: prints a program in llvm-objdump's style (or the suite's syntax). */
@Command(name = "disasm",
        description = "Disassemble a program (.data vector, .asm/.s text or .bin raw instructions).")
final class DisasmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--syntax", defaultValue = "llvm", paramLabel = "llvm|conformance",
            description = "llvm: llvm-objdump's C-like syntax with indexes and raw bytes (default); "
                    + "conformance: the assembly syntax of the .data vectors, which jxdp can assemble again.")
    String syntax;

    @Option(names = "--no-raw", description = "Leave out the raw instruction bytes (llvm syntax).")
    boolean noRaw;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
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
}

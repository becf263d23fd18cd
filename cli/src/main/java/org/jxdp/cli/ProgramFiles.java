package org.jxdp.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jxdp.engine.asm.Assembler;
import org.jxdp.engine.asm.AssemblyException;
import org.jxdp.engine.conformance.ConformanceFile;
import org.jxdp.engine.isa.Program;

/**
 * Reads a bare program from a file, by extension: a conformance vector ({@code .data}: its
 * {@code -- raw} section, else its {@code -- asm}), assembly text ({@code .asm}, {@code .s}) or
 * raw instruction bytes ({@code .bin}, little endian).
 */
final class ProgramFiles {
    private ProgramFiles() {
    }

    static Program read(Path file) {
        String name = file.getFileName().toString();
        try {
            if (name.endsWith(".data")) {
                ConformanceFile t = ConformanceFile.parse(file);
                if (t.raw() != null && t.raw().length > 0) {
                    return Program.of(name, t.raw());
                }
                if (t.asm() == null || t.asm().isBlank()) {
                    throw new CliFailure(file + ": the vector has no -- asm or -- raw section");
                }
                return Assembler.assemble(name, t.asm());
            }
            if (name.endsWith(".asm") || name.endsWith(".s")) {
                return Assembler.assemble(name, Files.readString(file, StandardCharsets.UTF_8));
            }
            if (name.endsWith(".bin")) {
                return Program.fromBytes(name, Files.readAllBytes(file));
            }
        } catch (AssemblyException e) {
            throw new CliFailure(file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new CliFailure(file + ": cannot read: " + FileErrors.reason(e));
        } catch (IllegalArgumentException e) {
            throw new CliFailure(file + ": " + e.getMessage());
        }
        throw new CliFailure(file + ": unrecognized program file; expected .data (conformance vector), "
                + ".asm or .s (assembly) or .bin (raw instructions)");
    }

    /** Parses hex bytes such as {@code "00 01 ff"} or {@code "0001ff"}. */
    static byte[] hexBytes(String hex) {
        String h = hex.replaceAll("\\s+", "");
        if (h.length() % 2 != 0 || !h.matches("[0-9a-fA-F]*")) {
            throw new CliFailure("--mem: expected hex bytes, got '" + hex + "'");
        }
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}

package org.jxdp.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jxdp.engine.elf.ElfException;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.XdpPrograms;

/** Opening object files for the commands, and choosing one of their programs. */
final class ObjectFiles {
    private ObjectFiles() {
    }

    /** True when {@code file} starts with the ELF magic. */
    static boolean isElf(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] m = in.readNBytes(4);
            return m.length == 4 && m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    /** Opens and loads {@code file} with the XDP helpers, its programs verified, or fails in one line. */
    static BpfObject open(Path file, EngineKind engine) {
        return open(file, engine, true);
    }

    /**
     * Opens and loads {@code file} with the XDP helpers, or fails in one line; {@code verify}
     * false loads programs the verifier would refuse ({@code --no-verify}).
     */
    static BpfObject open(Path file, EngineKind engine, boolean verify) {
        try {
            return BpfObject.open(file, XdpPrograms.options(1, engine).withVerify(verify)
                    .withVerificationCache(VerificationCacheSetting.fromEnvironment()));
        } catch (ElfException e) {
            throw new CliFailure(e.getMessage());
        } catch (IOException e) {
            throw new CliFailure(file + ": cannot read: " + FileErrors.reason(e));
        }
    }

    /** The programs {@code section} and {@code program} select (either may be null). */
    static List<BpfProgram> select(BpfObject obj, String section, String program) {
        List<BpfProgram> out = obj.programs().stream()
                .filter(p -> section == null || p.section().equals(section))
                .filter(p -> program == null || p.name().equals(program))
                .toList();
        if (out.isEmpty()) {
            throw new CliFailure(obj.name() + ": no program" + (section == null ? "" : " in section " + section)
                    + (program == null ? "" : " named " + program) + "; it has "
                    + obj.programs().stream().map(p -> p.section() + "/" + p.name()).toList());
        }
        return out;
    }

    /**
     * Fails in one line when {@code p} did not load: {@code obj: xdp/prog: refused by the verifier:
     * insn 14 (r2 = *(u32 *)(r1 + 4)): packet access out of bounds [prog.c:37]}.
     */
    static void requireLoaded(BpfObject obj, BpfProgram p) {
        if (p.loaded()) {
            return;
        }
        String name = obj.name() + ": " + p.section() + "/" + p.name();
        if (p.refusedByVerifier()) {
            throw new CliFailure(name + ": refused by the verifier: " + p.loadError());
        }
        throw new CliFailure(name + " is not loaded: " + p.loadError());
    }

    /** Exactly one program; several matches are a failure that lists them. */
    static BpfProgram one(BpfObject obj, String section, String program) {
        List<BpfProgram> all = select(obj, section, program);
        List<BpfProgram> candidates = all;
        if (all.size() > 1 && section == null && program == null) {
            candidates = all.stream().filter(p -> p.type() == org.jxdp.engine.object.ProgramType.XDP).toList();
        }
        if (candidates.size() != 1) {
            throw new CliFailure(obj.name() + ": " + candidates.size() + " programs match; choose one with --section or "
                    + "--program: " + candidates.stream().map(p -> p.section() + "/" + p.name()).toList());
        }
        return candidates.get(0);
    }
}

package org.jxdp.hooks.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.jxdp.engine.elf.ElfException;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.engine.object.ProgramType;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.testing.SharedFiles;
import org.jxdp.engine.verifier.Verification;
import org.jxdp.engine.verifier.Verifier;
import org.jxdp.engine.verifier.VerifierTestPrograms;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.XdpHelpers;
import org.jxdp.hooks.XdpPrograms;
import org.jxdp.hooks.kernel.KernelVerifier;

/**
 * jxdp's verifier and the Linux kernel's accept and refuse the same programs: the verifier's C
 * test programs (the kernel's verdict from {@code bpftool prog load}) and every XDP program of
 * the sample objects in {@code ../shared/samples} (the kernel's verdict on the very instructions
 * jxdp linked, through {@code BPF_PROG_LOAD}), apart from {@link #STRICTER}, where jxdp refuses
 * what the kernel lets a privileged loader do and refuses to a loader without CAP_PERFMON.
 * Prints the table, with PREVAIL's expectation from the samples' MANIFEST.md.
 */
class KernelVerifierAgreementTest {
    /**
     * Programs jxdp refuses and a privileged kernel accepts, with the reason jxdp is stricter;
     * the kernel refuses each of them to a loader without CAP_PERFMON.
     */
    static final Map<String, String> STRICTER = Map.of(
            "uninit_stack", "jxdp's stack is not cleared between runs: bytes never written would be an earlier "
                    + "packet's; the kernel allows reading them only with CAP_PERFMON (allow_uninit_stack)",
            "pointer_leak", "a jxdp address in a map (or the packet) is meaningless to its reader and exposes the "
                    + "layout of the address space; the kernel allows it only with CAP_PERFMON (allow_ptr_leaks)",
            "pointer_compare", "the order of addresses in different regions means nothing in jxdp (region ids are "
                    + "arbitrary); the kernel allows the comparison only with CAP_PERFMON (allow_ptr_leaks)");

    @TempDir
    static Path work;
    private static KernelVerifier kernel;
    private static final List<String> TABLE = new ArrayList<>();

    @BeforeAll
    static void openKernel() throws IOException {
        kernel = KernelVerifier.open(work);
    }

    @AfterAll
    static void printTable() throws IOException {
        if (kernel != null) {
            kernel.close();
        }
        System.out.println("| program | kernel | jxdp | PREVAIL expects |");
        System.out.println("|---|---|---|---|");
        TABLE.forEach(System.out::println);
    }

    private static Verifier verifier(BpfObject o) {
        BpfRuntime rt = o.runtime();
        return Verifier.forXdp(rt.environment(XdpHelpers.table(rt)), id -> rt.map(id) == null ? null
                : rt.map(id).definition()).license(o.license());
    }

    private static String verdict(boolean accepted, String why) {
        return accepted ? "accept" : "refuse (" + why + ")";
    }

    @TestFactory
    Stream<DynamicTest> ownProgramsAgree() throws IOException {
        return VerifierTestPrograms.names().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Path dir = Files.createDirectories(work.resolve("own-" + name));
            Path obj = VerifierTestPrograms.compile(name, dir);
            KernelVerifier.Verdict k = kernel.loadObject(obj);
            BpfObject o = BpfObject.open(obj, XdpPrograms.options(1, EngineKind.INTERP).withoutLoadingPrograms());
            BpfProgram p = o.programs().get(0);
            Verification j = verifier(o).verify(p.code(), p.lines()::location);
            String jxdp = j.accepted() ? "accept" + (j.warnings().isEmpty() ? "" : " (warns: "
                    + j.warnings().get(0).message() + ")") : "refuse: " + j.rejection().get().message();
            String stricter = STRICTER.get(name);
            TABLE.add("| " + name + ".c | " + verdict(k.accepted(), k.message()) + " | " + jxdp + " | |");
            if (stricter != null) {
                assertThat(k.accepted()).as(name + ": the privileged kernel accepts it").isTrue();
                assertThat(j.accepted()).as(name + ": jxdp refuses it").isFalse();
                KernelVerifier.Verdict unprivileged = kernel.loadLinked(o, p, false);
                assertThat(unprivileged.accepted()).as(name + ": the kernel refuses it without CAP_PERFMON: "
                        + unprivileged.log()).isFalse();
                return;
            }
            assertThat(j.accepted()).as(name + ": jxdp " + jxdp + ", kernel " + k.message()).isEqualTo(k.accepted());
        }));
    }

    @TestFactory
    Stream<DynamicTest> samplesAgree() throws IOException {
        Path samples = SharedFiles.resolve("samples");
        Map<String, String> prevail = prevail(samples.resolve("MANIFEST.md"));
        List<Path> objects;
        try (Stream<Path> s = Files.walk(samples)) {
            objects = s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".md")).sorted()
                    .toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : objects) {
            String rel = samples.relativize(f).toString();
            BpfObject o;
            try {
                o = BpfObject.open(f, XdpPrograms.options(1, EngineKind.INTERP).withoutLoadingPrograms());
            } catch (ElfException | IOException | RuntimeException e) {
                tests.add(DynamicTest.dynamicTest(rel, () -> Assumptions.abort("jxdp cannot load the object: "
                        + e.getMessage())));
                continue;
            }
            for (BpfProgram p : o.programs()) {
                if (p.type() != ProgramType.XDP) {
                    continue;
                }
                String label = rel + " " + p.section() + "/" + p.name();
                tests.add(DynamicTest.dynamicTest(label, () -> sampleAgrees(o, p, label, prevail.getOrDefault(rel + "|"
                        + p.section(), prevail.getOrDefault(rel + "|" + p.section() + ":" + p.name(), "")))));
            }
        }
        return tests.stream();
    }

    private static void sampleAgrees(BpfObject o, BpfProgram p, String label, String prevail) throws IOException {
        Verification j = verifier(o).verify(p.code(), p.lines()::location);
        KernelVerifier.Verdict k = kernel.loadLinked(o, p, true);
        String jxdp = j.accepted() ? "accept" : "refuse: " + j.rejection().get().message();
        TABLE.add("| " + label + " | " + verdict(k.accepted(), k.message()) + " | " + jxdp + " | " + prevail + " |");
        if (!j.accepted() && k.accepted() && j.rejection().get().reason().startsWith("call to unknown helper")) {
            Assumptions.abort("jxdp does not give XDP programs the helper: " + j.rejection().get().message());
        }
        assertThat(j.accepted()).as(label + ": jxdp " + jxdp + ", kernel " + k.message()).isEqualTo(k.accepted());
    }

    /**
     * PREVAIL's expectations from the MANIFEST: object path and section (with ":function" when
     * a section holds several) to pass, expected_failure or reject.
     */
    private static Map<String, String> prevail(Path manifest) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Pattern row = Pattern.compile("^\\| `([^`]+)` \\| \\d+ \\| ([^|]*)\\|");
        Pattern entry = Pattern.compile("([^,:]+):([^=]+)=(\\w+)");
        for (String line : Files.readAllLines(manifest)) {
            Matcher m = row.matcher(line);
            if (!m.find()) {
                continue;
            }
            Map<String, Integer> perSection = new LinkedHashMap<>();
            List<String[]> entries = new ArrayList<>();
            Matcher e = entry.matcher(m.group(2));
            while (e.find()) {
                String section = e.group(1).strip();
                entries.add(new String[] {section, e.group(2).strip(), e.group(3)});
                perSection.merge(section, 1, Integer::sum);
            }
            for (String[] x : entries) {
                String key = m.group(1) + "|" + x[0] + (perSection.get(x[0]) > 1 ? ":" + x[1] : "");
                out.put(key, x[2]);
            }
        }
        return out;
    }
}

package org.jxdp.engine.btf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jxdp.engine.testing.SharedFiles;

/**
 * Test-only: BPF objects for the BTF tests: the C programs under this package's test resources
 * compiled with clang, the sample objects of {@code ../shared/samples}, and their .BTF and
 * .BTF.ext sections taken out with llvm-objcopy.
 */
final class TestObjects {
    private TestObjects() {
    }

    /** The .BTF and .BTF.ext bytes of one object (ext is null when the object has none). */
    record Sections(Path object, byte[] btf, byte[] ext) {
    }

    /**
     * Compiles resource {@code name} (a .c file beside this class) with
     * {@code clang -O2 -g -target TARGET} into {@code dir}; skips when clang is not installed.
     */
    static Path compile(String name, Path dir, String target) throws IOException, InterruptedException {
        ExternalTool.requireInstalled("clang");
        String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch");
        Path multiarch = Path.of("/usr/include/" + arch + "-linux-gnu");
        ExternalTool.requireFile(Path.of("/usr/include/bpf/bpf_helpers.h"), "libbpf-dev");
        ExternalTool.requireFile(multiarch.resolve("asm/types.h"), "linux-libc-dev");
        Path src = dir.resolve(name);
        try (InputStream in = TestObjects.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource " + name).isNotNull();
            Files.write(src, in.readAllBytes());
        }
        Path obj = dir.resolve(name.replace(".c", "") + "-" + target + ".o");
        ExternalTool.output("clang", "-O2", "-g", "-target", target, "-I" + multiarch, "-c", src.toString(), "-o",
                obj.toString());
        return obj;
    }

    /** The .BTF and .BTF.ext of {@code object}, dumped by llvm-objcopy into {@code dir}. */
    static Sections sections(Path object, Path dir) throws IOException, InterruptedException {
        String base = object.getFileName().toString();
        Path btf = dir.resolve(base + ".BTF");
        Path ext = dir.resolve(base + ".BTF.ext");
        List<String> cmd = new ArrayList<>(List.of("llvm-objcopy", "--dump-section", ".BTF=" + btf));
        boolean hasExt = ElfSections.read(Files.readAllBytes(object)).containsKey(".BTF.ext");
        if (hasExt) {
            cmd.addAll(List.of("--dump-section", ".BTF.ext=" + ext));
        }
        cmd.addAll(List.of(object.toString(), dir.resolve(base + ".stripped").toString()));
        ExternalTool.run(cmd).stdoutOrFail(cmd);
        return new Sections(object, Files.readAllBytes(btf), hasExt ? Files.readAllBytes(ext) : null);
    }

    /** Every sample object (*.o) under ../shared/samples that has a .BTF section, in path order. */
    static List<Path> samplesWithBtf() throws IOException {
        Path samples = SharedFiles.resolve("samples");
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(samples)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".o")).sorted().toList()) {
                if (ElfSections.read(Files.readAllBytes(p)).containsKey(".BTF")) {
                    out.add(p);
                }
            }
        }
        return out;
    }
}

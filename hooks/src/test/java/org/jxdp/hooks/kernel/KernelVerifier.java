package org.jxdp.hooks.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.maps.MapDefinition;
import org.jxdp.engine.maps.MapFlags;
import org.jxdp.engine.maps.MapType;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;

/**
 * The Linux kernel's verifier as an oracle for jxdp's: loads a program with
 * {@code bpftool prog load} (objects libbpf can open), or loads the very instructions jxdp linked
 * with {@code BPF_PROG_LOAD} through a small C loader ({@code bpf_prog_load.c}, compiled with the
 * host's C compiler), as a privileged loader or as one without {@code CAP_PERFMON}. Skips (on
 * CI with {@code JXDP_REQUIRE_KERNEL=1}: fails) like {@link KernelOracle} when the kernel, bpftool
 * or a C compiler is not available.
 */
public final class KernelVerifier implements AutoCloseable {
    private static Path loader;
    private final KernelOracle oracle;
    private final Path work;
    private final Path pins;
    private int loads;

    /**
     * The kernel's decision.
     *
     * @param accepted true when the program loaded
     * @param message the verifier's last word: why it refused, or its statistics line
     * @param log the whole output
     */
    public record Verdict(boolean accepted, String message, String log) {
    }

    private KernelVerifier(KernelOracle oracle, Path work) {
        this.oracle = oracle;
        this.work = work;
        this.pins = Path.of("/sys/fs/bpf", "jxdp-verifier-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    }

    /** A kernel verifier working in {@code work}, or a skipped (on CI: failed) test. */
    public static KernelVerifier open(Path work) throws IOException {
        KernelOracle oracle = KernelOracle.open(work);
        compileLoader();
        return new KernelVerifier(oracle, work);
    }

    private static synchronized void compileLoader() throws IOException {
        if (loader != null) {
            return;
        }
        Path dir = Files.createTempDirectory("jxdp-bpf-prog-load");
        Path src = dir.resolve("bpf_prog_load.c");
        try (InputStream in = KernelVerifier.class.getResourceAsStream("bpf_prog_load.c")) {
            if (in == null) {
                throw new IOException("missing test resource bpf_prog_load.c");
            }
            Files.write(src, in.readAllBytes());
        }
        Path exe = dir.resolve("bpf_prog_load");
        KernelOracle.Result r = KernelOracle.exec(List.of("cc", "-O2", "-o", exe.toString(), src.toString()));
        if (r.status() != 0) {
            String why = "cannot build the BPF_PROG_LOAD loader with cc: " + r.out().strip();
            if ("1".equals(System.getenv("JXDP_REQUIRE_KERNEL"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        loader = exe;
    }

    /** Loads every program of {@code obj} with {@code bpftool prog load} (one program per object expected). */
    public Verdict loadObject(Path obj) throws IOException {
        Files.createDirectories(pins);
        Path pin = pins.resolve("p" + loads++);
        KernelOracle.Result r = KernelOracle.exec(List.of("bpftool", "prog", "load", obj.toString(), pin.toString()));
        Files.deleteIfExists(pin);
        if (r.status() == 0) {
            return new Verdict(true, "", r.out());
        }
        String log = r.out();
        int begin = log.indexOf("-- BEGIN PROG LOAD LOG --");
        int end = log.indexOf("-- END PROG LOAD LOG --");
        String verifierLog = begin >= 0 && end > begin ? log.substring(begin, end) : log;
        return new Verdict(false, lastWord(verifierLog), log);
    }

    /**
     * Loads program {@code p} of {@code o} exactly as jxdp linked it, its maps created in the
     * kernel from jxdp's definitions; {@code privileged} false drops CAP_PERFMON and CAP_SYS_ADMIN.
     */
    public Verdict loadLinked(BpfObject o, BpfProgram p, boolean privileged) throws IOException {
        StringBuilder d = new StringBuilder();
        d.append("license ").append(o.license()).append('\n');
        List<BpfMap> maps = o.runtime().maps();
        for (int id = 0; id < maps.size(); id++) {
            MapDefinition m = maps.get(id).definition();
            d.append("map ").append(id).append(' ').append(spec(m));
            if (m.inner() != null) {
                d.append(" inner ").append(spec(m.inner()));
            }
            d.append('\n');
        }
        String name = p.name().replaceAll("[^A-Za-z0-9_]", "_");
        d.append("prog ").append(name.length() > 15 ? name.substring(0, 15) : name).append(' ')
                .append(p.code().length()).append('\n');
        for (long slot : p.code().slots()) {
            d.append(String.format("%016x%n", slot));
        }
        Path desc = work.resolve("program-" + loads++ + ".txt");
        Files.writeString(desc, d);
        List<String> cmd = privileged ? List.of(loader.toString(), desc.toString())
                : List.of(loader.toString(), "--unprivileged", desc.toString());
        KernelOracle.Result r = KernelOracle.exec(cmd);
        if (r.status() > 1) {
            throw new IOException("bpf_prog_load failed on " + p + ":\n" + r.out());
        }
        return new Verdict(r.status() == 0, r.status() == 0 ? "" : lastWord(r.out()), r.out());
    }

    /**
     * The map as BPF_MAP_CREATE takes it: without the BPF_F_RDONLY_PROG the kernel adds to
     * devmaps itself (and refuses from user space), which jxdp's definition shows as the kernel does.
     */
    private static String spec(MapDefinition m) {
        int flags = m.flags();
        if (m.type() == MapType.BPF_MAP_TYPE_DEVMAP || m.type() == MapType.BPF_MAP_TYPE_DEVMAP_HASH) {
            flags &= ~MapFlags.BPF_F_RDONLY_PROG;
        }
        return m.type().id() + " " + m.keySize() + " " + m.valueSize() + " " + m.maxEntries() + " " + flags;
    }

    /** The verifier log's last line that is not statistics. */
    private static String lastWord(String log) {
        String last = "";
        for (String line : log.split("\n")) {
            String t = line.replaceAll("verification time.*$", "").strip();
            if (t.isEmpty() || t.startsWith("processed ") || t.startsWith("verification time") || t.startsWith("stack depth")
                    || t.startsWith("--") || t.startsWith("libbpf:") || t.startsWith("Error:")
                    || t.startsWith("verdict:") || t.startsWith("If it used to work")) {
                continue;
            }
            last = t;
        }
        return last;
    }

    @Override
    public void close() throws IOException {
        if (Files.isDirectory(pins)) {
            try (var s = Files.list(pins)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(pins);
        }
        oracle.close();
    }
}

package org.jxdp.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jxdp.engine.elf.ElfException;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.XdpPrograms;

/**
 * The DoS filter of {@code dos_filter.c} from Java: building it with clang, loading it into jxdp
 * with its deny lists filled, and the names of its verdict reasons (the C enum's values).
 */
final class DosFilter {
    /** The reasons, by value (enum dos_reason). */
    static final String[] REASONS = {"pass", "pass_non_ip", "pass_fragment", "drop_malformed", "drop_denylist",
        "drop_tcp_flags", "drop_syn_rate", "drop_amplification", "drop_icmp_size"};
    static final int PASS = 0;
    static final int PASS_NON_IP = 1;
    static final int PASS_FRAGMENT = 2;
    static final int DROP_MALFORMED = 3;
    static final int DROP_DENYLIST = 4;
    static final int DROP_TCP_FLAGS = 5;
    static final int DROP_SYN_RATE = 6;
    static final int DROP_AMPLIFICATION = 7;
    static final int DROP_ICMP_SIZE = 8;
    /** Reasons from here on drop. */
    static final int FIRST_DROP = DROP_MALFORMED;

    /** The defaults of the C file's settings. */
    static final int SYN_BURST = 20;
    static final long SYN_INTERVAL_NS = 10_000_000L;
    static final int DNS_MAX_PAYLOAD = 1232;
    static final int SNMP_MAX_PAYLOAD = 1024;
    static final int ICMP_MAX_BYTES = 1024;

    /** The deny-list sizes the benchmarks offer: the named prefixes alone, or with 5000 random ones. */
    static final int SMALL_DENYLIST = 5;
    static final int LARGE_DENYLIST = 5005;

    private DosFilter() {
    }

    /** The XDP action a reason gives: XDP_DROP (1) or XDP_PASS (2). */
    static int action(int reason) {
        return reason >= FIRST_DROP ? 1 : 2;
    }

    /** One deny-list prefix. */
    record Rule(boolean v6, byte[] addr, int prefixlen, int id) {
        /** The LPM key: prefixlen (u32, host order, little endian) then the address bytes. */
        byte[] key() {
            byte[] k = new byte[4 + addr.length];
            k[0] = (byte) prefixlen;
            System.arraycopy(addr, 0, k, 4, addr.length);
            return k;
        }

        /** struct deny_rule: rule_id, pad, hits = 0. */
        byte[] value() {
            byte[] v = new byte[16];
            v[0] = (byte) id;
            v[1] = (byte) (id >>> 8);
            v[2] = (byte) (id >>> 16);
            v[3] = (byte) (id >>> 24);
            return v;
        }

        boolean matches(byte[] a) {
            if (a.length != addr.length) {
                return false;
            }
            for (int bit = 0; bit < prefixlen; bit++) {
                int m = 0x80 >>> (bit & 7);
                if ((a[bit >>> 3] & m) != (addr[bit >>> 3] & m)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The named prefixes the packet set attacks from (ids 1..5). */
    static List<Rule> namedRules() {
        return List.of(
                new Rule(false, FrameBuilder.v4("203.0.113.0"), 24, 1),
                new Rule(false, FrameBuilder.v4("198.18.0.0"), 15, 2),
                new Rule(false, FrameBuilder.v4("192.0.2.99"), 32, 3),
                new Rule(true, FrameBuilder.v6("2001:db8:bad::"), 48, 4),
                new Rule(true, FrameBuilder.v6("2001:db8:dead:beef::"), 64, 5));
    }

    /**
     * The first {@code count} prefixes of the deny list: the named ones, then deterministic random
     * ones (4 in 5 IPv4: half /32, a third /24, the rest /16../22; IPv6 /48, /64 and /128 in
     * 2000::/3). A shorter list is a prefix of a longer one.
     */
    static List<Rule> rules(int count) {
        List<Rule> out = new ArrayList<>(namedRules());
        SplittableRandom r = new SplittableRandom(0x5eed_d05L);
        int id = 100;
        while (out.size() < count) {
            int roll = r.nextInt(100);
            if (r.nextInt(5) < 4) {
                int len = roll < 50 ? 32 : roll < 85 ? 24 : 16 + r.nextInt(7);
                out.add(new Rule(false, mask(randomV4(r), len), len, id++));
            } else {
                int len = roll < 40 ? 48 : roll < 80 ? 64 : 128;
                byte[] a = new byte[16];
                r.nextBytes(a);
                a[0] = (byte) (0x20 | (a[0] & 0x1f));  // 2000::/3, global unicast
                out.add(new Rule(true, mask(a, len), len, id++));
            }
        }
        return out.subList(0, Math.min(count, out.size()));
    }

    /** A random public-looking IPv4 address (first octet 1..223, not 10, 127). */
    static byte[] randomV4(SplittableRandom r) {
        byte[] a = new byte[4];
        do {
            r.nextBytes(a);
        } while ((a[0] & 0xff) == 0 || (a[0] & 0xff) == 10 || (a[0] & 0xff) == 127 || (a[0] & 0xff) > 223);
        return a;
    }

    static byte[] mask(byte[] a, int len) {
        byte[] m = a.clone();
        for (int bit = len; bit < m.length * 8; bit++) {
            m[bit >>> 3] &= (byte) ~(0x80 >>> (bit & 7));
        }
        return m;
    }

    /** True when a rule of {@code rules} covers {@code addr}. */
    static boolean denied(List<Rule> rules, byte[] addr) {
        for (Rule rule : rules) {
            if (rule.matches(addr)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Builds {@code dos_filter.c} with clang into {@code dir}; {@code defines} are passed as
     * {@code -D} options.
     *
     * @throws IllegalStateException with the reason when clang is missing or fails
     */
    static Path compile(Path dir, String... defines) throws IOException {
        Path src = dir.resolve("dos_filter.c");
        try (InputStream in = DosFilter.class.getResourceAsStream("dos_filter.c")) {
            if (in == null) {
                throw new IllegalStateException("missing resource dos_filter.c");
            }
            Files.write(src, in.readAllBytes());
        }
        Path obj = dir.resolve("dos_filter.o");
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64";
        List<String> cmd = new ArrayList<>(List.of("clang", "-O2", "-g", "-target", "bpf",
                "-I/usr/include/" + arch + "-linux-gnu"));
        for (String d : defines) {
            cmd.add("-D" + d);
        }
        cmd.addAll(List.of("-c", src.toString(), "-o", obj.toString()));
        String out = run(cmd);
        if (!Files.exists(obj)) {
            throw new IllegalStateException("clang failed on dos_filter.c:\n" + out);
        }
        return obj;
    }

    /** Runs a command and returns its merged output. */
    static String run(List<String> cmd) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException(cmd.get(0) + " is not installed or cannot start (" + e.getMessage()
                    + "); the DoS filter benchmark builds dos_filter.c with clang (apt-get install clang libbpf-dev)", e);
        }
        try (InputStream in = p.getInputStream()) {
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + cmd);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + cmd, e);
        }
    }

    /** Loads the object into jxdp on {@code engine} (one worker) and fills its deny lists with {@code rules} prefixes. */
    static BpfObject load(Path obj, EngineKind engine, int rules) throws IOException, ElfException {
        return load(obj, engine, rules, true);
    }

    /**
     * {@link #load(Path, EngineKind, int)}, verified or not: without verification the JIT has no
     * proofs, so it checks every packet access at run time.
     */
    static BpfObject load(Path obj, EngineKind engine, int rules, boolean verify) throws IOException, ElfException {
        BpfObject o = BpfObject.open(obj, XdpPrograms.options(1, engine).withVerify(verify));
        BpfProgram p = o.program("dos_filter");
        if (!p.loaded()) {
            throw new IllegalStateException("jxdp refused dos_filter on " + engine.cliName() + ": " + p.loadError());
        }
        BpfMap v4 = o.map("deny_v4");
        BpfMap v6 = o.map("deny_v6");
        for (Rule rule : rules(rules)) {
            int r = (rule.v6() ? v6 : v4).update(rule.key(), rule.value(), 0);
            if (r != 0) {
                throw new IllegalStateException("deny list update failed: " + r);
            }
        }
        return o;
    }

    /** Packets per reason in the per-CPU stats map, summed over the CPUs. */
    static long[] stats(BpfObject o) {
        BpfMap m = o.map("stats");
        long[] out = new long[REASONS.length];
        int cpus = m.cpus();
        for (int reason = 0; reason < out.length; reason++) {
            byte[] v = m.lookup(new byte[] {(byte) reason, 0, 0, 0});
            int each = v.length / cpus;
            for (int c = 0; c < cpus; c++) {
                out[reason] += u64(v, c * each);
            }
        }
        return out;
    }

    static long u64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[off + i] & 0xff);
        }
        return v;
    }
}

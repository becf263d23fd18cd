package org.jxdp.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * Three network namespaces made for one live test and removed by {@link #close}, even when the
 * test failed: host A ({@value #A_IP} on {@code veth-a}), the middle ({@code jx-a} and
 * {@code jx-b}, no addresses, no IPv6, no routes: jxdp runs here) and host B ({@value #B_IP}
 * on {@code veth-b}).
 * <pre>
 *   [ns A] veth-a ==veth== jx-a [ns M: jxdp live] jx-b ==veth== veth-b [ns B]
 * </pre>
 * Nothing bridges jx-a and jx-b, so traffic between A and B crosses only through jxdp; every
 * frame stays inside these namespaces. Transmit checksum offload is off on veth-a and veth-b
 * (a captured TCP segment would otherwise carry a partial checksum). Tests skip with the reason
 * when not root or a tool is missing; with {@code JXDP_REQUIRE_KERNEL=1} (CI) they fail instead.
 */
final class NetnsLab implements AutoCloseable {
    static final String A_IP = "10.77.0.1";
    static final String B_IP = "10.77.0.2";
    static final String A_DEV = "veth-a";
    static final String B_DEV = "veth-b";
    static final String MID_A = "jx-a";
    static final String MID_B = "jx-b";
    private static final AtomicInteger SEQ = new AtomicInteger();

    final String a;
    final String mid;
    final String b;
    private final List<String> made = new ArrayList<>();

    private NetnsLab(String suffix) {
        this.a = "jxdp-a-" + suffix;
        this.mid = "jxdp-m-" + suffix;
        this.b = "jxdp-b-" + suffix;
    }

    /** The namespaces, made; or a skipped (on CI: failed) test. */
    static NetnsLab create() throws IOException {
        String why = unavailable();
        if (why != null) {
            if ("1".equals(System.getenv("JXDP_REQUIRE_KERNEL"))) {
                fail("live tests need network namespaces (JXDP_REQUIRE_KERNEL=1) but: " + why);
            }
            Assumptions.abort("live tests skipped: " + why);
        }
        NetnsLab lab = new NetnsLab(ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet());
        try {
            lab.build();
        } catch (IOException | RuntimeException | Error e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private static String unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "not running as root (network namespaces and packet capture need it)";
        }
        for (List<String> probe : List.of(List.of("ip", "-V"), List.of("ethtool", "--version"),
                List.of("ping", "-V"), List.of("nc", "-h"))) {
            try {
                run(probe);
            } catch (IOException e) {
                return probe.get(0) + " is missing (apt-get install iproute2 ethtool iputils-ping netcat-openbsd)";
            }
        }
        return null;
    }

    private void build() throws IOException {
        for (String ns : List.of(a, mid, b)) {
            check(run(List.of("ip", "netns", "add", ns)));
            made.add(ns);
            check(exec(ns, "sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6 && "
                    + "echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6"));
        }
        check(run(List.of("ip", "link", "add", A_DEV, "netns", a, "type", "veth", "peer", "name", MID_A, "netns", mid)));
        check(run(List.of("ip", "link", "add", B_DEV, "netns", b, "type", "veth", "peer", "name", MID_B, "netns", mid)));
        check(run(List.of("ip", "-n", a, "addr", "add", A_IP + "/24", "dev", A_DEV)));
        check(run(List.of("ip", "-n", b, "addr", "add", B_IP + "/24", "dev", B_DEV)));
        check(exec(a, "ethtool", "-K", A_DEV, "tx", "off"));
        check(exec(b, "ethtool", "-K", B_DEV, "tx", "off"));
        for (String[] dev : new String[][] {{a, A_DEV}, {mid, MID_A}, {mid, MID_B}, {b, B_DEV}, {a, "lo"}, {b, "lo"},
            {mid, "lo"}}) {
            check(run(List.of("ip", "-n", dev[0], "link", "set", "dev", dev[1], "up")));
        }
    }

    /** Runs {@code cmd} in namespace {@code ns} and waits (30 s at most). */
    static Result exec(String ns, String... cmd) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(cmd));
        return run(full);
    }

    /** Starts {@code cmd} in namespace {@code ns} without waiting (output merged). */
    static Process start(String ns, String... cmd) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(cmd));
        return new ProcessBuilder(full).redirectErrorStream(true).start();
    }

    /** The ifindex of {@code dev} in {@code ns}. */
    static int ifindex(String ns, String dev) throws IOException {
        Result r = check(run(List.of("ip", "-n", ns, "-o", "link", "show", "dev", dev)));
        return Integer.parseInt(r.out.substring(0, r.out.indexOf(':')).strip());
    }

    /** The MAC address of {@code dev} in {@code ns}. */
    static String mac(String ns, String dev) throws IOException {
        Result r = check(run(List.of("ip", "-n", ns, "-o", "link", "show", "dev", dev)));
        int at = r.out.indexOf("link/ether ") + "link/ether ".length();
        return r.out.substring(at, at + 17);
    }

    /** How many echo replies {@code ping -c count} from {@code ns} to {@code ip} got. */
    static int ping(String ns, String ip, int count) throws IOException {
        Result r = exec(ns, "ping", "-n", "-c", Integer.toString(count), "-i", "0.2", "-W", "1", ip);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) received").matcher(r.out);
        if (!m.find()) {
            throw new IOException("ping said: " + r.out);
        }
        return Integer.parseInt(m.group(1));
    }

    record Result(int status, String out) {
    }

    static Result run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", cmd));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Result check(Result r) throws IOException {
        if (r.status != 0) {
            throw new IOException("exit " + r.status + ": " + r.out);
        }
        return r;
    }

    /** Removes the namespaces (their veths go with them). */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (String ns : made) {
            Result r = run(List.of("ip", "netns", "del", ns));
            if (r.status != 0 && failure == null) {
                failure = new IOException("could not remove namespace " + ns + ": " + r.out);
            }
        }
        made.clear();
        if (failure != null) {
            throw failure;
        }
    }
}

package org.jxdp.capture.live;

import static org.junit.jupiter.api.Assertions.fail;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;

/**
 * A network namespace of its own with one veth pair ({@value #X0} -- {@value #X1}), IPv6 off,
 * and no addresses, for tests that open interfaces in this JVM: {@link #run} runs the test's
 * body on a thread that entered the namespace ({@code setns(2)} affects that thread only, and
 * the thread ends with the body). {@link #close} removes the namespace. Skipped when not root,
 * failed instead under {@code JXDP_REQUIRE_KERNEL=1}.
 */
final class VethNamespace implements AutoCloseable {
    static final String X0 = "x0";
    static final String X1 = "x1";
    private static final int CLONE_NEWNET = 0x40000000;

    /** libc's open and setns. */
    interface LibC extends Library {
        int open(String path, int flags);

        int setns(int fd, int nstype);

        int close(int fd);
    }

    final String name;
    private boolean made;

    private VethNamespace(String name) {
        this.name = name;
    }

    static VethNamespace create() throws IOException {
        String why = null;
        if (!"root".equals(System.getProperty("user.name"))) {
            why = "not running as root (network namespaces and packet capture need it)";
        } else if (run(List.of("ip", "-V")) != 0) {
            why = "ip (iproute2) is missing";
        }
        if (why != null) {
            if ("1".equals(System.getenv("JXDP_REQUIRE_KERNEL"))) {
                fail("live capture tests need a network namespace (JXDP_REQUIRE_KERNEL=1) but: " + why);
            }
            Assumptions.abort("live capture tests skipped: " + why);
        }
        VethNamespace ns = new VethNamespace("jxdp-t-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000);
        try {
            ns.check("ip", "netns", "add", ns.name);
            ns.made = true;
            ns.check("ip", "netns", "exec", ns.name, "sh", "-c",
                    "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6 && echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6");
            ns.check("ip", "-n", ns.name, "link", "add", X0, "type", "veth", "peer", "name", X1);
            ns.check("ip", "-n", ns.name, "link", "set", "dev", X0, "up");
            ns.check("ip", "-n", ns.name, "link", "set", "dev", X1, "up");
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** Runs {@code body} on a new thread inside the namespace and returns its result. */
    <T> T run(Callable<T> body) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                LibC c = Native.load("c", LibC.class);
                int fd = c.open("/run/netns/" + name, 0);
                if (fd < 0 || c.setns(fd, CLONE_NEWNET) != 0) {
                    throw new IOException("cannot enter " + name + ": errno " + Native.getLastError());
                }
                c.close(fd);
                result.set(body.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "in-" + name);
        t.start();
        t.join();
        Throwable e = failure.get();
        if (e instanceof Exception ex) {
            throw ex;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return result.get();
    }

    private void check(String... cmd) throws IOException {
        if (run(List.of(cmd)) != 0) {
            throw new IOException("failed: " + String.join(" ", cmd));
        }
    }

    private static int run(List<String> cmd) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return 127;
        }
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + cmd + " " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return p.exitValue();
    }

    @Override
    public void close() throws IOException {
        if (made) {
            made = false;
            check("ip", "netns", "del", name);
        }
    }
}

package org.jxdp.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code jxdp live} run as a separate JVM inside a network namespace (as a person runs it, and
 * so that it can be stopped with a real signal): started with the test's classpath, ready once
 * it says so on standard error, stopped with SIGINT or SIGTERM. {@link #close} kills it if it
 * is still running.
 */
final class LiveProcess implements AutoCloseable {
    static final String READY = "stop with Ctrl-C";

    private final Process process;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    record Finished(int status, String out, String err) {
    }

    private LiveProcess(Process process) {
        this.process = process;
        pump(process.getInputStream(), out);
        pump(process.getErrorStream(), err);
    }

    /** Starts {@code jxdp live ARGS} in {@code ns} and waits until it captures (60 s at most). */
    static LiveProcess start(String ns, String... args) throws IOException, InterruptedException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, java, "-XX:+UseSerialGC", "-cp", cp,
                "org.jxdp.cli.Main", "live"));
        cmd.addAll(List.of(args));
        LiveProcess p = new LiveProcess(new ProcessBuilder(cmd).start());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!p.err().contains(READY)) {
            if (!p.process.isAlive() || System.nanoTime() > until) {
                p.close();
                throw new IOException("jxdp live did not start: " + p.err() + p.out());
            }
            Thread.sleep(50);
        }
        return p;
    }

    /** Sends {@code signal} (INT, TERM) and waits for the end (60 s at most). */
    Finished stop(String signal) throws IOException, InterruptedException {
        NetnsLab.run(List.of("kill", "-" + signal, Long.toString(process.pid())));
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            close();
            throw new IOException("jxdp live did not stop on SIG" + signal + inherited(signal) + ": " + err());
        }
        return waitFor();
    }

    /**
     * Why a signal may have gone unheard: a signal ignored by this JVM (as a shell without job
     * control ignores SIGINT for the commands it starts in the background) is ignored by every
     * process it starts, and a JVM never installs its handler for a signal ignored at its start.
     */
    private static String inherited(String signal) {
        int number = signal.equals("INT") ? 2 : signal.equals("TERM") ? 15 : 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (number > 0 && line.startsWith("SigIgn:")
                        && (Long.parseUnsignedLong(line.substring(7).trim(), 16) >> (number - 1) & 1) != 0) {
                    return " (SIG" + signal + " is ignored by the test JVM itself, and so by jxdp live: it was"
                            + " inherited from the shell that started the build, e.g. one started in the background"
                            + " without job control; run the build in the foreground)";
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: nothing more to say
        }
        return "";
    }

    /** Waits for the process to end by itself (60 s at most). */
    Finished waitFor() throws IOException, InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            close();
            throw new IOException("jxdp live did not end: " + err());
        }
        Thread.sleep(100);
        return new Finished(process.exitValue(), out(), err());
    }

    private String out() {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private String err() {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    private static void pump(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (to) {
                        to.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

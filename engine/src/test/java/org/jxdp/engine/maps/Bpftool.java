package org.jxdp.engine.maps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The Linux kernel as an oracle for map semantics, through {@code bpftool -j}: runs a command,
 * parses its JSON answer, and turns bpftool's error text into the errno the kernel returned.
 * Maps are pinned under a directory of their own in the BPF file system, removed at the end.
 */
final class Bpftool implements AutoCloseable {
    /** What one command answered: an errno (0 on success) and the bytes of a value or key. */
    record Outcome(int errno, byte[] bytes) {
        static Outcome ok(byte[] bytes) {
            return new Outcome(0, bytes);
        }

        static Outcome error(int errno) {
            return new Outcome(Math.abs(errno), null);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Outcome other && errno == other.errno && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return errno * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return errno != 0 ? Errno.name(errno) : bytes == null ? "ok" : "ok " + hex(bytes);
        }
    }

    private static final Map<String, Integer> STRERROR = Map.ofEntries(
            Map.entry("Operation not permitted", Errno.EPERM),
            Map.entry("No such file or directory", Errno.ENOENT),
            Map.entry("Argument list too long", Errno.E2BIG),
            Map.entry("Bad file descriptor", Errno.EBADF),
            Map.entry("Resource temporarily unavailable", Errno.EAGAIN),
            Map.entry("Cannot allocate memory", Errno.ENOMEM),
            Map.entry("Device or resource busy", Errno.EBUSY),
            Map.entry("File exists", Errno.EEXIST),
            Map.entry("No such device", Errno.ENODEV),
            Map.entry("Invalid argument", Errno.EINVAL),
            Map.entry("No space left on device", Errno.ENOSPC),
            Map.entry("Value too large for defined data type", Errno.EOVERFLOW),
            Map.entry("Operation not supported", Errno.EOPNOTSUPP),
            Map.entry("Unknown error 524", Errno.ENOTSUPP),
            Map.entry("empty map", Errno.ENOENT));

    private final Path dir;
    private int commands;

    private Bpftool(Path dir) {
        this.dir = dir;
    }

    /**
     * A bpftool bound to a fresh pin directory, or an aborted (skipped) test saying why the kernel
     * cannot be used; with JXDP_REQUIRE_KERNEL=1 a failed test instead.
     */
    static Bpftool open() {
        String why = unavailable();
        if (why != null) {
            if ("1".equals(System.getenv("JXDP_REQUIRE_KERNEL"))) {
                Assertions.fail("the kernel oracle is required (JXDP_REQUIRE_KERNEL=1) but " + why);
            }
            Assumptions.abort("kernel differential test skipped: " + why);
        }
        Path dir = Path.of("/sys/fs/bpf", "jxdp-maps-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            Assertions.fail("cannot create " + dir + ": " + e.getMessage());
        }
        return new Bpftool(dir);
    }

    private static String unavailable() {
        try {
            Result id = exec(List.of("id", "-u"));
            if (!id.out.trim().equals("0")) {
                return "not root (uid " + id.out.trim() + ")";
            }
            Result v;
            try {
                v = exec(List.of("bpftool", "version"));
            } catch (IOException e) {
                return "bpftool is not installed";
            }
            if (v.rc != 0) {
                return "bpftool does not run: " + v.err.trim();
            }
            if (!Files.readString(Path.of("/proc/mounts")).contains(" /sys/fs/bpf bpf ")) {
                Result m = exec(List.of("mount", "-t", "bpf", "bpf", "/sys/fs/bpf"));
                if (m.rc != 0) {
                    return "the BPF file system is not mounted and cannot be: " + m.err.trim();
                }
            }
            Path probe = Path.of("/sys/fs/bpf", "jxdp-probe-" + ProcessHandle.current().pid());
            Result c = exec(List.of("bpftool", "map", "create", probe.toString(), "type", "array", "key", "4", "value",
                    "4", "entries", "1", "name", "jxdp_probe"));
            Files.deleteIfExists(probe);
            if (c.rc != 0) {
                return "bpf() is not permitted here: " + (c.err + c.out).trim();
            }
            return null;
        } catch (IOException e) {
            return "cannot run commands: " + e.getMessage();
        }
    }

    private record Result(int rc, String out, String err) {
    }

    private static Result exec(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(cmd + " did not finish");
            }
            return new Result(p.exitValue(), out, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The pin path of map {@code name}. */
    String path(String name) {
        return dir.resolve(name).toString();
    }

    /** Commands run so far. */
    int commands() {
        return commands;
    }

    /** Runs {@code bpftool -j ARGS}: the parsed JSON answer (null for "null"), or an errno. */
    Object run(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("bpftool");
        cmd.add("-j");
        cmd.addAll(Arrays.asList(args));
        Result r;
        try {
            r = exec(cmd);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        commands++;
        Object json = r.out.isBlank() ? null : new JsonReader(r.out).read();
        if (json instanceof Map<?, ?> m && m.get("error") instanceof String text) {
            return new Failure(errnoOf(text, r.rc), text);
        }
        if (r.rc != 0) {
            return new Failure(256 - r.rc, r.err.trim());
        }
        return json;
    }

    /** A command that failed, with the kernel's errno (or -1 when bpftool itself refused). */
    record Failure(int errno, String text) {
    }

    private static int errnoOf(String text, int rc) {
        for (Map.Entry<String, Integer> e : STRERROR.entrySet()) {
            if (text.endsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return rc == 255 ? -1 : 256 - rc;
    }

    /** Creates and pins a map; null on success or the errno of the refusal. */
    Integer create(String name, String type, int key, int value, long entries, int flags, String... extra) {
        List<String> args = new ArrayList<>(List.of("map", "create", path(name), "type", type, "key", "" + key,
                "value", "" + value, "entries", "" + entries, "name", name.length() > 15 ? name.substring(0, 15) : name,
                "flags", "" + flags));
        args.addAll(Arrays.asList(extra));
        Object r = run(args.toArray(new String[0]));
        return r instanceof Failure f ? f.errno() : null;
    }

    /** The kernel's id of a pinned map. */
    int id(String name) {
        Object r = run("map", "show", "pinned", path(name));
        return ((Number) ((Map<?, ?>) r).get("id")).intValue();
    }

    /** An operation's outcome: the "value" (or "next_key") bytes of the answer, or its errno. */
    Outcome outcome(String field, String... args) {
        Object r = run(args);
        if (r instanceof Failure f) {
            if (f.errno() < 0) {
                throw new AssertionError("bpftool refused the command itself: " + f.text() + ": " + String.join(" ", args));
            }
            return Outcome.error(f.errno());
        }
        if (r instanceof Map<?, ?> m) {
            if (m.containsKey("values")) {
                return Outcome.ok(perCpu((List<?>) m.get("values")));
            }
            return Outcome.ok(m.get(field) == null ? null : bytes((List<?>) m.get(field)));
        }
        return Outcome.ok(null);
    }

    /** The dump of a map as key hex -> value hex; entries that answer an error are left out. */
    Map<String, String> dump(String name) {
        Object r = run("map", "dump", "pinned", path(name));
        if (r instanceof Failure f) {
            throw new AssertionError("dump of " + name + " failed: " + f);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Object o : (List<?>) r) {
            Map<?, ?> e = (Map<?, ?>) o;
            byte[] value;
            if (e.get("values") instanceof List<?> l) {
                value = perCpu(l);
            } else if (e.get("value") instanceof List<?> l) {
                value = bytes(l);
            } else {
                continue;
            }
            out.put(hex(bytes((List<?>) e.get("key"))), hex(value));
        }
        return out;
    }

    private static byte[] perCpu(List<?> cpus) {
        List<byte[]> parts = new ArrayList<>();
        int total = 0;
        for (Object c : cpus) {
            byte[] v = bytes((List<?>) ((Map<?, ?>) c).get("value"));
            byte[] padded = Arrays.copyOf(v, (v.length + 7) & ~7);
            parts.add(padded);
            total += padded.length;
        }
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static byte[] bytes(List<?> hexStrings) {
        byte[] b = new byte[hexStrings.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(((String) hexStrings.get(i)).substring(2), 16);
        }
        return b;
    }

    /** Bytes as bpftool reads them: "hex 0a 01 ...". */
    static String[] hexArgs(String word, byte[] b) {
        String[] out = new String[b.length + 2];
        out[0] = word;
        out[1] = "hex";
        for (int i = 0; i < b.length; i++) {
            out[i + 2] = String.format("%02x", b[i] & 0xff);
        }
        return out;
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x & 0xff));
        }
        return s.toString();
    }

    @Override
    public void close() {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new AssertionError("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Just enough JSON for bpftool's answers. */
    private static final class JsonReader {
        private final String s;
        private int i;

        JsonReader(String s) {
            this.s = s;
        }

        Object read() {
            skip();
            char c = s.charAt(i);
            if (c == '{') {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                skip();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    skip();
                    String k = (String) read();
                    skip();
                    i++; // ':'
                    m.put(k, read());
                    skip();
                    if (s.charAt(i++) == '}') {
                        return m;
                    }
                }
            }
            if (c == '[') {
                i++;
                List<Object> l = new ArrayList<>();
                skip();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(read());
                    skip();
                    if (s.charAt(i++) == ']') {
                        return l;
                    }
                }
            }
            if (c == '"') {
                StringBuilder b = new StringBuilder();
                for (i++; s.charAt(i) != '"'; i++) {
                    if (s.charAt(i) == '\\') {
                        i++;
                    }
                    b.append(s.charAt(i));
                }
                i++;
                return b.toString();
            }
            int start = i;
            while (i < s.length() && ",]}".indexOf(s.charAt(i)) < 0 && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            String word = s.substring(start, i);
            if (word.equals("null")) {
                return null;
            }
            if (word.equals("true") || word.equals("false")) {
                return Boolean.valueOf(word);
            }
            return Long.parseLong(word);
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}

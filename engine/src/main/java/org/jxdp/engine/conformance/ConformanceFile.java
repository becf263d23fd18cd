package org.jxdp.engine.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One parsed {@code .data} test vector of the bpf_conformance / uBPF suites (format:
 * {@code ../shared/conformance/FORMAT.md}).
 *
 * <p>Parsing follows the Python harness: a header is a line that starts with {@code --}; the
 * section name is the rest of the line; {@code # ...} is a comment anywhere; {@code -- name @
 * file} takes the section body from a file beside the vector. Sections that only describe the
 * test are ignored; directives of uBPF's own harness ({@code pyelf}, {@code reload},
 * {@code unload}) and unknown ones make the vector skipped, with that reason, as the official
 * runner does.
 *
 * @param path where it was read from
 * @param asm the {@code -- asm} text, or null
 * @param raw the {@code -- raw} slots, or null
 * @param mem the {@code -- mem} bytes, or null
 * @param result the expected r0, or null
 * @param error the expected error text ("" for an empty {@code -- error}), or null
 * @param skipReason why the vector cannot be run, or null
 */
public record ConformanceFile(Path path, String asm, long[] raw, byte[] mem, Long result, String error,
        String skipReason) {

    private static final Set<String> IGNORED = Set.of("no register offset", "c", "description", "no jit");
    private static final Set<String> UBPF_ONLY = Set.of("pyelf", "reload", "unload");

    /** True when the vector expects the program to be refused (or to fault). */
    public boolean expectsError() {
        return error != null;
    }

    /**
     * Parses the vector at {@code path}.
     *
     * @throws IOException when the file (or a file it links with {@code @}) cannot be read
     * @throws IllegalArgumentException naming the line of a malformed section
     */
    public static ConformanceFile parse(Path path) throws IOException {
        String text = Files.readString(path, StandardCharsets.UTF_8);
        Map<String, List<String>> sections = new LinkedHashMap<>();
        Map<String, Integer> sectionLine = new LinkedHashMap<>();
        String skip = null;
        List<String> current = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.startsWith("--")) {
                String name = stripComment(line.substring(2)).trim();
                String linked = null;
                int at = name.indexOf(" @ ");
                if (at >= 0) {
                    linked = name.substring(at + 3).trim();
                    name = name.substring(0, at).trim();
                }
                current = new ArrayList<>();
                if (sections.containsKey(name)) {
                    throw new IllegalArgumentException(path + ":" + (i + 1) + ": section '-- " + name + "' repeated");
                }
                sections.put(name, current);
                sectionLine.put(name, i + 1);
                if (linked != null) {
                    Path other = path.resolveSibling(linked);
                    for (String l : Files.readAllLines(other, StandardCharsets.UTF_8)) {
                        current.add(name.equals("asm") ? l : stripComment(l));
                    }
                }
                if (!isKnown(name) && skip == null) {
                    skip = UBPF_ONLY.contains(name) ? "uses the uBPF-only directive '-- " + name + "'"
                            : "unknown directive '-- " + name + "'";
                }
                continue;
            }
            if (current != null) {
                current.add(line);
            }
        }
        String asm = sections.containsKey("asm") ? String.join("\n", sections.get("asm")) : null;
        long[] raw = sections.containsKey("raw") ? parseRaw(path, sections.get("raw"), sectionLine.get("raw")) : null;
        byte[] mem = sections.containsKey("mem") ? parseMem(path, sections.get("mem"), sectionLine.get("mem")) : null;
        Long result = sections.containsKey("result")
                ? parseResult(path, sections.get("result"), sectionLine.get("result")) : null;
        String error = null;
        if (sections.containsKey("error")) {
            error = lastLine(sections.get("error"));
        } else if (sections.containsKey("error pattern")) {
            error = lastLine(sections.get("error pattern"));
        }
        return new ConformanceFile(path, asm, raw, mem, result, error, skip);
    }

    private static boolean isKnown(String name) {
        switch (name) {
            case "asm":
            case "raw":
            case "mem":
            case "result":
            case "error":
            case "error pattern":
                return true;
            default:
                return IGNORED.contains(name);
        }
    }

    private static String stripComment(String s) {
        int h = s.indexOf('#');
        return h < 0 ? s : s.substring(0, h);
    }

    private static String lastLine(List<String> body) {
        String last = "";
        for (String l : body) {
            String t = stripComment(l).trim();
            if (!t.isEmpty()) {
                last = t;
            }
        }
        return last;
    }

    private static long[] parseRaw(Path path, List<String> body, int firstLine) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            String t = stripComment(body.get(i)).trim();
            if (t.isEmpty()) {
                continue;
            }
            String[] tok = t.split("\\s+");
            try {
                if (tok.length == 8 && allHexBytes(tok)) {
                    long slot = 0;
                    for (int b = 0; b < 8; b++) {
                        slot |= Long.parseLong(tok[b], 16) << (8 * b);
                    }
                    out.add(slot);
                } else {
                    for (String x : tok) {
                        out.add(parseU64(x));
                    }
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(path + ":" + (firstLine + 1 + i) + ": bad raw instruction '" + t + "'");
            }
        }
        long[] r = new long[out.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = out.get(i);
        }
        return r;
    }

    private static boolean allHexBytes(String[] tok) {
        for (String x : tok) {
            if (!x.matches("[0-9a-fA-F]{2}")) {
                return false;
            }
        }
        return true;
    }

    private static byte[] parseMem(Path path, List<String> body, int firstLine) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < body.size(); i++) {
            String t = stripComment(body.get(i)).trim();
            int colon = t.lastIndexOf(':');
            if (colon >= 0) {
                t = t.substring(colon + 1);
            }
            for (String x : t.trim().split("\\s+")) {
                if (x.isEmpty()) {
                    continue;
                }
                if (!x.matches("([0-9a-fA-F]{2})+")) {
                    throw new IllegalArgumentException(path + ":" + (firstLine + 1 + i) + ": bad memory byte '" + x + "'");
                }
                hex.append(x);
            }
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    private static Long parseResult(Path path, List<String> body, int firstLine) {
        String t = lastLine(body);
        if (t.isEmpty()) {
            return null;
        }
        try {
            return parseU64(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(path + ":" + firstLine + ": bad result '" + t + "'");
        }
    }

    private static long parseU64(String x) {
        String s = x.toLowerCase();
        if (s.startsWith("0x")) {
            return Long.parseUnsignedLong(s.substring(2), 16);
        }
        if (s.startsWith("-")) {
            return Long.parseLong(s);
        }
        return Long.parseUnsignedLong(s);
    }
}

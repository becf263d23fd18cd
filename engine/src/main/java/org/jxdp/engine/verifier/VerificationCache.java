package org.jxdp.engine.verifier;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.jxdp.engine.isa.Program;

/**
 * Acceptances the verifier reached before, kept in a directory so that loading the same program
 * again does not verify it again (the bundled DoS filter takes seconds: about 430,000
 * instructions processed, as in the kernel). An entry is found by a SHA-256 over the
 * verifier's own code (every class of {@code org.jxdp.engine}, as loaded) and over everything
 * the verdict depends on ({@link Verifier#digestInputs}: the instructions, the definitions of the
 * maps they name, the helpers, the context, the licence, the limits); any change to either finds
 * no entry, and the program is verified afresh.
 * <pre>
 *   &lt;dir&gt;/&lt;64 hex digits&gt;.verified    one accepted program, text:
 *     jxdp-verification 1
 *     stats 431837 1606 46 20571 389 184 4472000000   (Verification.Stats, in order)
 *     warning PC BASE64(instruction) BASE64(message)   (0 or more)
 *     proof PC REGION[,REGION...] KIND SIZE MIN MAX MAP (one per proven access; MAP: the
 *                                                       map's order of first use, or -1)
 *     end
 * </pre>
 * Only acceptances are kept: a refusal is always found afresh, with its full report. An entry
 * that cannot be read or parsed counts as absent and is written again; a directory that cannot be
 * written leaves verification as it was. Nothing here ever makes a load fail. Source locations
 * of warnings are not kept: they come from the program being loaded.
 *
 * <p>The directory holds at most {@link #MAX_ENTRIES} entries; writing one more removes the
 * oldest. Trust: whoever can write the directory can make jxdp skip verifying a program (the
 * engines' run-time checks of unproven accesses and the JVM's bounds checks remain); keep it
 * private, as the CLI's default ({@code ~/.cache/jxdp/verified}) is.
 */
public final class VerificationCache {
    /** Entries kept in one directory. */
    public static final int MAX_ENTRIES = 256;
    private static final String MAGIC = "jxdp-verification 1";
    private static final String SUFFIX = ".verified";

    private final Path dir;

    private VerificationCache(Path dir) {
        this.dir = dir;
    }

    /** A cache in {@code dir} (created when the first entry is written). */
    public static VerificationCache in(Path dir) {
        return new VerificationCache(dir);
    }

    /** The directory. */
    public Path directory() {
        return dir;
    }

    /**
     * The verdict of {@code verifier} on {@code program}: the acceptance kept for the same code
     * and inputs if there is one ({@link Verification#cached}), else a fresh verification, kept
     * when it accepts.
     */
    public Verification verify(Verifier verifier, Program program, IntFunction<String> sourceLines) {
        Key key = key(verifier, program);
        if (key == null) {
            return verifier.verify(program, sourceLines);
        }
        Verification kept = read(key, program, verifier.context(), sourceLines);
        if (kept != null) {
            return kept;
        }
        Verification fresh = verifier.verify(program, sourceLines);
        if (fresh.accepted()) {
            write(key, fresh);
        }
        return fresh;
    }

    /**
     * Where an entry is kept, and the runtime ids of the maps the program names in order of
     * first use: the entry names maps by that order, so that it holds in any runtime.
     */
    record Key(Path file, long[] mapIds) {
    }

    /** The file for {@code program} under {@code verifier}, or null when it cannot have one. */
    Path entry(Verifier verifier, Program program) {
        Key k = key(verifier, program);
        return k == null ? null : k.file();
    }

    private Key key(Verifier verifier, Program program) {
        byte[] code = CodeIdentity.DIGEST;
        if (code == null) {
            return null;
        }
        MessageDigest d = sha256();
        d.update(code);
        long[] ids = verifier.digestInputs(program, d);
        if (ids == null) {
            return null;
        }
        return new Key(dir.resolve(HexFormat.of().formatHex(d.digest()) + SUFFIX), ids);
    }

    private static Verification read(Key key, Program program, ContextLayout context,
            IntFunction<String> sourceLines) {
        Path entry = key.file();
        List<String> lines;
        try {
            lines = Files.readAllLines(entry, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        try {
            if (lines.size() < 3 || !lines.get(0).equals(MAGIC) || !lines.get(lines.size() - 1).equals("end")) {
                return null;
            }
            Verification.Stats stats = null;
            List<Verification.Warning> warnings = new ArrayList<>();
            MemoryAccessProof[] proofs = new MemoryAccessProof[program.length()];
            Base64.Decoder b64 = Base64.getDecoder();
            for (String line : lines.subList(1, lines.size() - 1)) {
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "stats" -> {
                        if (f.length != 8) {
                            return null;
                        }
                        stats = new Verification.Stats(Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                                Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]),
                                Integer.parseInt(f[6]), Long.parseLong(f[7]));
                    }
                    case "warning" -> {
                        if (f.length != 4) {
                            return null;
                        }
                        int pc = pc(f[1], program);
                        warnings.add(new Verification.Warning(pc, new String(b64.decode(f[2]), StandardCharsets.UTF_8),
                                new String(b64.decode(f[3]), StandardCharsets.UTF_8), sourceLines.apply(pc)));
                    }
                    case "proof" -> {
                        if (f.length != 8) {
                            return null;
                        }
                        int pc = pc(f[1], program);
                        Set<MemoryAccessProof.Region> regions = EnumSet.noneOf(MemoryAccessProof.Region.class);
                        for (String r : f[2].split(",")) {
                            regions.add(MemoryAccessProof.Region.valueOf(r));
                        }
                        int map = Integer.parseInt(f[7]);
                        proofs[pc] = new MemoryAccessProof(pc, regions, MemoryAccessProof.Kind.valueOf(f[3]),
                                Integer.parseInt(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]),
                                map < 0 ? -1 : (int) key.mapIds()[map]);
                    }
                    default -> {
                        return null;
                    }
                }
            }
            if (stats == null) {
                return null;
            }
            return new Verification(program.name(), null, warnings, new AccessProofs(proofs, context), stats, null, true);
        } catch (RuntimeException e) {
            // a damaged entry (bad number, name or Base64) is no entry
            return null;
        }
    }

    private static int pc(String s, Program program) {
        int pc = Integer.parseInt(s);
        if (pc < 0 || pc >= program.length()) {
            throw new IllegalArgumentException("pc " + pc + " outside the program");
        }
        return pc;
    }

    private void write(Key key, Verification v) {
        Path entry = key.file();
        StringBuilder b = new StringBuilder(MAGIC).append('\n');
        Verification.Stats s = v.stats();
        b.append("stats ").append(s.instructions()).append(' ').append(s.statesKept()).append(' ')
                .append(s.peakStatesPerInsn()).append(' ').append(s.pruned()).append(' ').append(s.joins()).append(' ')
                .append(s.stackDepth()).append(' ').append(s.nanos()).append('\n');
        Base64.Encoder b64 = Base64.getEncoder();
        for (Verification.Warning w : v.warnings()) {
            b.append("warning ").append(w.pc()).append(' ')
                    .append(b64.encodeToString(w.instruction().getBytes(StandardCharsets.UTF_8))).append(' ')
                    .append(b64.encodeToString(w.message().getBytes(StandardCharsets.UTF_8))).append('\n');
        }
        for (MemoryAccessProof p : v.proofs().all()) {
            int map = -1;
            for (int k = 0; k < key.mapIds().length && p.mapId() >= 0; k++) {
                if (key.mapIds()[k] == p.mapId()) {
                    map = k;
                }
            }
            if (p.mapId() >= 0 && map < 0) {
                // a map the instructions do not name (cannot happen): keep nothing rather than guess
                return;
            }
            List<String> regions = new ArrayList<>();
            for (MemoryAccessProof.Region r : EnumSet.copyOf(p.regions())) {
                regions.add(r.name());
            }
            b.append("proof ").append(p.pc()).append(' ').append(String.join(",", regions)).append(' ')
                    .append(p.kind()).append(' ').append(p.size()).append(' ').append(p.minOffset()).append(' ')
                    .append(p.maxOffset()).append(' ').append(map).append('\n');
        }
        b.append("end\n");
        try {
            if (!Files.isDirectory(dir)) {
                try {
                    // private: whoever writes here decides what skips verification
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectories(dir);
                }
            }
            Path tmp = Files.createTempFile(dir, "entry", ".tmp");
            try {
                Files.writeString(tmp, b, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            trim();
        } catch (IOException | RuntimeException e) {
            // a cache that cannot be written is no cache; the verdict stands
        }
    }

    /** Removes the oldest entries beyond {@link #MAX_ENTRIES}. */
    private void trim() throws IOException {
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).toList();
        }
        if (entries.size() <= MAX_ENTRIES) {
            return;
        }
        List<Path> oldestFirst = new ArrayList<>(entries);
        oldestFirst.sort((a, c) -> {
            try {
                return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(c));
            } catch (IOException e) {
                return 0;
            }
        });
        for (Path p : oldestFirst.subList(0, entries.size() - MAX_ENTRIES)) {
            Files.deleteIfExists(p);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /**
     * A SHA-256 over the class files of {@code org.jxdp.engine} where this class was loaded
     * from, in name order; null when they cannot be read, which turns the cache off. Computed
     * once. From a directory: over each file's name and bytes. From a jar: over each entry's
     * name, size and CRC-32 as the jar's central directory records them, which the JVM checks
     * against the bytes it inflates when it loads a class; so no class is inflated and hashed at
     * start (that took about 80 ms of each start, the SHA-256 still in the bytecode
     * interpreter). A change to a class that kept both its size and its CRC-32 (one chance in
     * 2^32 for a change made by accident) would find the old entries; the trust in the directory
     * itself is as above.
     */
    static final class CodeIdentity {
        static final byte[] DIGEST = compute();

        private CodeIdentity() {
        }

        private static byte[] compute() {
            try {
                CodeSource src = VerificationCache.class.getProtectionDomain().getCodeSource();
                if (src == null || src.getLocation() == null) {
                    return null;
                }
                return of(Path.of(src.getLocation().toURI()));
            } catch (URISyntaxException | RuntimeException e) {
                return null;
            }
        }

        /** The identity of the engine classes under {@code where}, a class directory or a jar; null when unreadable. */
        static byte[] of(Path where) {
            try {
                MessageDigest d = sha256();
                if (Files.isDirectory(where)) {
                    Path root = where.resolve("org/jxdp/engine");
                    List<Path> classes;
                    try (Stream<Path> walk = Files.walk(root)) {
                        classes = walk.filter(p -> p.toString().endsWith(".class")).sorted().toList();
                    }
                    for (Path p : classes) {
                        d.update(where.relativize(p).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                        d.update(Files.readAllBytes(p));
                    }
                } else {
                    try (JarFile jar = new JarFile(where.toFile())) {
                        List<JarEntry> classes = jar.stream()
                                .filter(e -> e.getName().startsWith("org/jxdp/engine/") && e.getName().endsWith(".class"))
                                .sorted((a, b) -> a.getName().compareTo(b.getName())).toList();
                        ByteBuffer sizeAndCrc = ByteBuffer.allocate(16);
                        for (JarEntry e : classes) {
                            if (e.getSize() < 0 || e.getCrc() < 0) {
                                return null; // not in the central directory: no identity without reading
                            }
                            d.update(e.getName().getBytes(StandardCharsets.UTF_8));
                            d.update(sizeAndCrc.clear().putLong(e.getSize()).putLong(e.getCrc()).array());
                        }
                    }
                }
                return d.digest();
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }
}

package org.jxdp.engine.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.maps.MapDefinition;
import org.jxdp.engine.maps.MapType;

/**
 * The verification cache gives back an acceptance only for the same verifier code and the same
 * inputs, exactly as it was found, and never stands in the way of a load: refusals, damaged
 * entries and unwritable directories all end in a fresh verification.
 */
class VerificationCacheTest {
    private final XdpVerifierFixture x = new XdpVerifierFixture();

    @TempDir
    Path dir;

    /**
     * Parses Ethernet, counts in {@code flows} (a map value store) and returns a byte of the
     * packet: proofs for the context, packet, stack and map value accesses, and the warning
     * that r0 may not be an XDP action.
     */
    private static final String PROGRAM = """
            ldxw %r2, [%r1+0]
            ldxw %r3, [%r1+4]
            mov %r4, %r2
            add %r4, 14
            jgt %r4, %r3, out
            ldxb %r6, [%r2+13]
            stdw [%r10-8], 7
            lddw %r1, map(flows)
            mov %r2, %r10
            add %r2, -8
            call 1
            jeq %r0, 0, out
            stxdw [%r0+8], %r6
            mov %r0, %r6
            exit
            out:
            mov %r0, 2
            exit
            """;

    private static String where(int pc) {
        return "prog.c:" + (100 + pc);
    }

    @Test
    void anAcceptanceIsFoundAgainWithItsWarningsProofsAndStatistics() {
        VerificationCache cache = VerificationCache.in(dir);
        Program p = x.program(PROGRAM);
        Verification fresh = cache.verify(x.verifier, p, VerificationCacheTest::where);
        assertThat(fresh.accepted()).isTrue();
        assertThat(fresh.cached()).isFalse();
        assertThat(fresh.warnings()).isNotEmpty();
        assertThat(fresh.proofs().all()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(cache.entry(x.verifier, p)).exists();

        Verification again = cache.verify(x.verifier, p, VerificationCacheTest::where);
        assertThat(again.cached()).isTrue();
        assertThat(again.accepted()).isTrue();
        assertThat(again.program()).isEqualTo(fresh.program());
        assertThat(again.proofs().all()).isEqualTo(fresh.proofs().all());
        assertThat(again.warnings()).isEqualTo(fresh.warnings());
        assertThat(again.warnings().get(0).source()).isEqualTo(where(again.warnings().get(0).pc()));
        assertThat(again.stats()).isEqualTo(fresh.stats());
    }

    @Test
    void anotherInstructionMapLicenceOrLimitFindsNothing() {
        VerificationCache cache = VerificationCache.in(dir);
        Program p = x.program(PROGRAM);
        cache.verify(x.verifier, p, pc -> null);
        assertThat(cache.verify(x.verifier, p, pc -> null).cached()).isTrue();

        Program other = x.program(PROGRAM.replace("stdw [%r10-8], 7", "stdw [%r10-8], 8"));
        assertThat(cache.verify(x.verifier, other, pc -> null).cached()).as("another instruction").isFalse();

        long flows = x.rt.maps().stream().filter(m -> m.name().equals("flows")).findFirst().orElseThrow().id();
        Verifier biggerMap = Verifier.forXdp(x.rt.environment(x.helpers()), id -> id == flows
                ? MapDefinition.of("flows", MapType.BPF_MAP_TYPE_HASH, 8, 16, 65, 0)
                : x.rt.map(id) == null ? null : x.rt.map(id).definition()).license("GPL");
        assertThat(cache.entry(biggerMap, p)).isNotEqualTo(cache.entry(x.verifier, p));
        assertThat(cache.verify(biggerMap, p, pc -> null).cached()).as("another map definition").isFalse();

        assertThat(cache.entry(x.verifier.license("Proprietary"), p)).as("another licence")
                .isNotEqualTo(cache.entry(x.verifier, p));
        assertThat(cache.entry(x.verifier.limits(new VerifierLimits(500_000, 8192, 64, 200_000, 8)), p))
                .as("other limits").isNotEqualTo(cache.entry(x.verifier, p));
    }

    @Test
    void refusalsAreNeverKept() throws IOException {
        VerificationCache cache = VerificationCache.in(dir);
        Program p = x.program("ldxw %r2, [%r1+0]\nldxb %r0, [%r2+0]\nexit\n");
        Verification first = cache.verify(x.verifier, p, pc -> null);
        assertThat(first.accepted()).isFalse();
        Verification second = cache.verify(x.verifier, p, pc -> null);
        assertThat(second.accepted()).isFalse();
        assertThat(second.cached()).isFalse();
        assertThat(second.rejection().get().report()).isEqualTo(first.rejection().get().report());
        assertThat(entries()).isEmpty();
    }

    @Test
    void aDamagedEntryIsVerifiedAgainAndWrittenAnew() throws IOException {
        VerificationCache cache = VerificationCache.in(dir);
        Program p = x.program(PROGRAM);
        Path entry = cache.entry(x.verifier, p);
        Verification fresh = cache.verify(x.verifier, p, pc -> null);
        String good = Files.readString(entry);
        List<String> damaged = List.of(
                "",
                "garbage",
                good.replace("\nend\n", "\n"),
                good.replace("jxdp-verification 1", "jxdp-verification 9"),
                good.replaceFirst("proof \\d+", "proof 9999"),
                good.replaceFirst("proof (\\d+) [A-Z_]+", "proof $1 NOWHERE"),
                good.replaceFirst("warning (\\d+) \\S+", "warning $1 !!notbase64!!"),
                good.replaceFirst("stats \\d+", "stats x"),
                good.replaceFirst("stats ", "unknown "));
        for (String d : damaged) {
            Files.writeString(entry, d);
            Verification v = cache.verify(x.verifier, p, pc -> null);
            assertThat(v.accepted()).as(d).isTrue();
            assertThat(v.cached()).as(d).isFalse();
            assertThat(v.proofs().all()).isEqualTo(fresh.proofs().all());
            assertThat(Files.readString(entry)).as("written anew").startsWith("jxdp-verification 1\nstats ");
            assertThat(cache.verify(x.verifier, p, pc -> null).cached()).isTrue();
        }
    }

    @Test
    void aDirectoryThatCannotBeWrittenOnlyMeansNoCache() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        VerificationCache cache = VerificationCache.in(notADirectory.resolve("verified"));
        Program p = x.program(PROGRAM);
        for (int i = 0; i < 2; i++) {
            Verification v = cache.verify(x.verifier, p, pc -> null);
            assertThat(v.accepted()).isTrue();
            assertThat(v.cached()).isFalse();
        }
    }

    @Test
    void aVerifierThatRecordsStatesIsNotCached() {
        VerificationCache cache = VerificationCache.in(dir);
        Program p = x.program(PROGRAM);
        Verifier recording = x.verifier.recordStates(true);
        assertThat(cache.entry(recording, p)).isNull();
        cache.verify(recording, p, pc -> null);
        Verification v = cache.verify(recording, p, pc -> null);
        assertThat(v.cached()).isFalse();
        assertThat(v.hasStates()).isTrue();
    }

    @Test
    void theOldestEntriesGoBeyondTheLimit() throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < VerificationCache.MAX_ENTRIES; i++) {
            Path old = Files.writeString(dir.resolve(String.format("%064x.verified", i)), "old");
            Files.setLastModifiedTime(old, FileTime.fromMillis(1_000_000L + i));
        }
        VerificationCache cache = VerificationCache.in(dir);
        Program p = x.program(PROGRAM);
        cache.verify(x.verifier, p, pc -> null);
        assertThat(entries()).hasSize(VerificationCache.MAX_ENTRIES).contains(cache.entry(x.verifier, p))
                .doesNotContain(dir.resolve(String.format("%064x.verified", 0)))
                .contains(dir.resolve(String.format("%064x.verified", 1)));
    }

    @Test
    void aJarsIdentityFollowsItsEngineClassesAndNothingElse(@TempDir Path jars) throws IOException {
        byte[] a = {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0, 0, 61, 1, 2, 3};
        byte[] b = a.clone();
        b[10] = 4; // same size, other bytes
        byte[] base = VerificationCache.CodeIdentity.of(jar(jars.resolve("base.jar"), a, "x"));
        assertThat(base).isNotNull().hasSize(32);
        assertThat(VerificationCache.CodeIdentity.of(jar(jars.resolve("same.jar"), a, "x"))).isEqualTo(base);
        assertThat(VerificationCache.CodeIdentity.of(jar(jars.resolve("other-resource.jar"), a, "y")))
                .as("a change outside org/jxdp/engine").isEqualTo(base);
        assertThat(VerificationCache.CodeIdentity.of(jar(jars.resolve("changed.jar"), b, "x")))
                .as("one byte of an engine class").isNotEqualTo(base);
        assertThat(VerificationCache.CodeIdentity.of(jars.resolve("absent.jar"))).isNull();
    }

    @Test
    void theRecordsInTheKeysReadAsRecordsDo() {
        MapDefinition inner = MapDefinition.of("in", MapType.BPF_MAP_TYPE_ARRAY, 4, 8, 2, 0);
        List<Record> samples = List.of(VerifierLimits.DEFAULT, new VerifierLimits(1, 2, 3, 4, 5),
                MapDefinition.of("m", MapType.BPF_MAP_TYPE_HASH, 4, 16, 64, 1),
                new MapDefinition("o", MapType.BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, 4, 1, 0, 1, 7L, 3, 0, inner),
                new ContextLayout("xdp_md", 24, List.of(new ContextLayout.Field("data", 0, 4, ContextLayout.Yield.PACKET))),
                new ContextLayout.Field("data_end", 4, 4, ContextLayout.Yield.PACKET_END));
        for (Record r : samples) {
            assertThat(r.toString()).isEqualTo(asARecordReads(r));
        }
    }

    /** What {@code java.lang.runtime.ObjectMethods} makes of a record: {@code Name[a=1, b=x]}. */
    private static String asARecordReads(Record r) {
        StringBuilder b = new StringBuilder(r.getClass().getSimpleName()).append('[');
        java.lang.reflect.RecordComponent[] cs = r.getClass().getRecordComponents();
        for (int i = 0; i < cs.length; i++) {
            try {
                b.append(i == 0 ? "" : ", ").append(cs[i].getName()).append('=').append(cs[i].getAccessor().invoke(r));
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return b.append(']').toString();
    }

    /** A jar with one engine class (bytes {@code engineClass}) and one resource outside the engine. */
    private static Path jar(Path file, byte[] engineClass, String resource) throws IOException {
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(file))) {
            out.putNextEntry(new java.util.jar.JarEntry("org/jxdp/engine/verifier/Verifier.class"));
            out.write(engineClass);
            out.closeEntry();
            out.putNextEntry(new java.util.jar.JarEntry("org/jxdp/cli/readme.txt"));
            out.write(resource.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return file;
    }

    private List<Path> entries() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".verified")).toList();
        }
    }
}

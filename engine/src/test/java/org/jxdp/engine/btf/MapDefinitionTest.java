package org.jxdp.engine.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * libbpf's BTF-defined maps: {@code maps.c} (a map of every shape) compiled for both byte
 * orders and decoded, the {@code values} initialisers matched against the {@code .rel.maps}
 * relocations as the loader will match them, the sample objects' maps, and the definitions
 * libbpf refuses.
 */
class MapDefinitionTest {
    private static final int BPF_MAP_TYPE_HASH = 1;
    private static final int BPF_MAP_TYPE_ARRAY = 2;
    private static final int BPF_MAP_TYPE_PROG_ARRAY = 3;
    private static final int BPF_MAP_TYPE_PERCPU_ARRAY = 6;
    private static final int BPF_MAP_TYPE_LPM_TRIE = 11;
    private static final int BPF_MAP_TYPE_ARRAY_OF_MAPS = 12;
    private static final int BPF_MAP_TYPE_HASH_OF_MAPS = 13;
    private static final int BPF_MAP_TYPE_RINGBUF = 27;
    private static final int BPF_MAP_TYPE_BLOOM_FILTER = 30;
    private static final long BPF_F_NO_PREALLOC = 1;
    private static final long BPF_F_NUMA_NODE = 4;

    /** Symbol name → value of the defined symbols of {@code object}, from llvm-nm. */
    private static Map<String, Long> symbols(Path object) throws Exception {
        Map<String, Long> out = new HashMap<>();
        for (String line : ExternalTool.output("llvm-nm", "--defined-only", object.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) {
                out.put(f[2], Long.parseUnsignedLong(f[0], 16));
            }
        }
        return out;
    }

    /** The .BTF of {@code object} with the .maps DATASEC laid out from the ELF, as the loader does. */
    private static Btf laidOut(Path object, Path dir) throws Exception {
        Btf btf = Btf.parse(TestObjects.sections(object, dir).btf());
        int size = ElfSections.read(Files.readAllBytes(object)).get(".maps").length;
        return btf.withDatasecLayout(".maps", size, symbols(object));
    }

    private static final Pattern RELOC = Pattern.compile("^([0-9a-f]{16})\\s+[0-9a-f]{16}\\s+\\S+\\s+[0-9a-f]{16}\\s+(\\S+)$");

    /** Offset → symbol of the relocations of .rel.maps, from llvm-readelf. */
    private static Map<Long, String> mapsRelocations(Path object) throws Exception {
        Map<Long, String> out = new TreeMap<>();
        boolean inMaps = false;
        for (String line : ExternalTool.output("llvm-readelf", "-r", object.toString()).split("\n")) {
            if (line.startsWith("Relocation section")) {
                inMaps = line.contains("'.rel.maps'");
                continue;
            }
            Matcher m = RELOC.matcher(line.trim());
            if (inMaps && m.matches()) {
                out.put(Long.parseLong(m.group(1), 16), m.group(2));
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"bpf", "bpfeb"})
    void everyShapeOfMapDecodes(String target, @TempDir Path dir) throws Exception {
        Path obj = TestObjects.compile("maps.c", dir, target);
        Btf btf = laidOut(obj, dir);
        Map<String, MapDefinition> maps = new LinkedHashMap<>();
        for (MapDefinition d : MapDefinition.decodeAll(btf)) {
            maps.put(d.name(), d);
        }
        assertThat(maps.keySet()).containsExactlyInAnyOrder("flows", "config", "blocklist", "jump_table", "inner_a",
                "inner_b", "outer", "outer_hash", "percpu", "events", "bloom");

        MapDefinition flows = maps.get("flows");
        assertThat(flows.mapType()).isEqualTo(BPF_MAP_TYPE_HASH);
        assertThat(flows.keySize()).isEqualTo(16);
        assertThat(btf.render(flows.keyTypeId())).isEqualTo("struct flow_key");
        assertThat(flows.valueSize()).isEqualTo(16);
        assertThat(btf.render(flows.valueTypeId())).isEqualTo("struct flow_stats");
        assertThat(flows.maxEntries()).isEqualTo(65536);
        assertThat(flows.mapFlags()).isZero();
        assertThat(flows.pinning()).isEqualTo(MapDefinition.LIBBPF_PIN_NONE);
        assertThat(flows.innerMap()).isEmpty();
        assertThat(flows.initialValues()).isEmpty();

        MapDefinition config = maps.get("config");
        assertThat(config.mapType()).isEqualTo(BPF_MAP_TYPE_ARRAY);
        assertThat(config.keySize()).isEqualTo(4);
        assertThat(btf.render(config.keyTypeId())).isEqualTo("__u32");
        assertThat(config.valueSize()).isEqualTo(24);
        assertThat(config.valueTypeId()).isZero();
        assertThat(config.maxEntries()).isEqualTo(16);
        assertThat(config.pinning()).isEqualTo(MapDefinition.LIBBPF_PIN_BY_NAME);

        MapDefinition lpm = maps.get("blocklist");
        assertThat(lpm.mapType()).isEqualTo(BPF_MAP_TYPE_LPM_TRIE);
        assertThat(lpm.keySize()).isEqualTo(8);
        assertThat(lpm.valueSize()).isEqualTo(4);
        assertThat(lpm.mapFlags()).isEqualTo(BPF_F_NO_PREALLOC);
        assertThat(lpm.maxEntries()).isEqualTo(1024);

        MapDefinition jumps = maps.get("jump_table");
        assertThat(jumps.mapType()).isEqualTo(BPF_MAP_TYPE_PROG_ARRAY);
        assertThat(jumps.keySize()).isEqualTo(4);
        assertThat(jumps.keyTypeId()).isZero();
        assertThat(jumps.valueSize()).isEqualTo(4);
        assertThat(jumps.maxEntries()).isEqualTo(4);
        assertThat(jumps.initialValues()).contains(new MapDefinition.InitialValues(24, 3));
        assertThat(jumps.innerMap()).isEmpty();

        MapDefinition outer = maps.get("outer");
        assertThat(outer.mapType()).isEqualTo(BPF_MAP_TYPE_ARRAY_OF_MAPS);
        assertThat(outer.keySize()).isEqualTo(4);
        assertThat(outer.valueSize()).isEqualTo(4);
        assertThat(outer.maxEntries()).isEqualTo(2);
        assertThat(outer.initialValues()).contains(new MapDefinition.InitialValues(24, 2));
        MapDefinition inner = outer.innerMap().orElseThrow();
        assertThat(inner.name()).isEqualTo("outer.inner");
        assertThat(inner.mapType()).isEqualTo(BPF_MAP_TYPE_ARRAY);
        assertThat(inner.keySize()).isEqualTo(4);
        assertThat(inner.valueSize()).isEqualTo(8);
        assertThat(inner.maxEntries()).isEqualTo(8);
        assertThat(inner.sectionOffset()).isEqualTo(-1);
        assertThat(btf.render(inner.structTypeId())).isEqualTo("struct inner_array");
        assertThat(inner).usingRecursiveComparison().comparingOnlyFields("mapType", "keySize", "valueSize", "maxEntries")
                .isEqualTo(maps.get("inner_a"));

        MapDefinition outerHash = maps.get("outer_hash");
        assertThat(outerHash.mapType()).isEqualTo(BPF_MAP_TYPE_HASH_OF_MAPS);
        assertThat(outerHash.initialValues()).contains(new MapDefinition.InitialValues(24, 0));
        MapDefinition anon = outerHash.innerMap().orElseThrow();
        assertThat(anon.mapType()).isEqualTo(BPF_MAP_TYPE_HASH);
        assertThat(anon.maxEntries()).isEqualTo(4);
        assertThat(anon.valueSize()).isEqualTo(4);
        assertThat(btf.render(anon.structTypeId())).isEqualTo("struct {...}");

        MapDefinition percpu = maps.get("percpu");
        assertThat(percpu.mapType()).isEqualTo(BPF_MAP_TYPE_PERCPU_ARRAY);
        assertThat(percpu.mapFlags()).isEqualTo(BPF_F_NUMA_NODE);
        assertThat(percpu.numaNode()).isEqualTo(1);

        MapDefinition events = maps.get("events");
        assertThat(events.mapType()).isEqualTo(BPF_MAP_TYPE_RINGBUF);
        assertThat(events.maxEntries()).isEqualTo(256 * 1024);
        assertThat(events.keySize()).isZero();
        assertThat(events.valueSize()).isZero();

        MapDefinition bloom = maps.get("bloom");
        assertThat(bloom.mapType()).isEqualTo(BPF_MAP_TYPE_BLOOM_FILTER);
        assertThat(bloom.mapExtra()).isEqualTo(3);
        assertThat(bloom.valueSize()).isEqualTo(4);
        assertThat(bloom.keySize()).isZero();

        Map<String, Long> syms = symbols(obj);
        for (MapDefinition d : maps.values()) {
            assertThat(d.sectionOffset()).as(d.name()).isEqualTo(syms.get(d.name()));
            assertThat(btf.sizeOf(d.structTypeId())).as(d.name()).isLessThanOrEqualTo(d.sectionSize());
        }
    }

    /** What the loader will do: each .rel.maps relocation lands in one map's {@code values} slot. */
    @Test
    void initialValuesLineUpWithTheMapsRelocations(@TempDir Path dir) throws Exception {
        Path obj = TestObjects.compile("maps.c", dir, "bpf");
        List<MapDefinition> maps = MapDefinition.decodeAll(laidOut(obj, dir));
        Map<String, String> slots = new TreeMap<>();
        for (Map.Entry<Long, String> r : mapsRelocations(obj).entrySet()) {
            long off = r.getKey();
            MapDefinition owner = maps.stream()
                    .filter(d -> off >= d.sectionOffset() && off < d.sectionOffset() + d.sectionSize())
                    .findFirst().orElseThrow();
            MapDefinition.InitialValues v = owner.initialValues().orElseThrow();
            long rel = off - owner.sectionOffset() - v.offset();
            assertThat(rel % 8).isZero();
            assertThat(rel / 8).isBetween(0L, (long) v.slots() - 1);
            slots.put(owner.name() + "[" + rel / 8 + "]", r.getValue());
        }
        assertThat(slots).containsExactly(Map.entry("jump_table[0]", "handler_a"), Map.entry("jump_table[2]", "handler_b"),
                Map.entry("outer[0]", "inner_a"), Map.entry("outer[1]", "inner_b"));
    }

    @Test
    void clangsZeroOffsetsAreRefusedWithAdvice(@TempDir Path dir) throws Exception {
        Path obj = TestObjects.compile("maps.c", dir, "bpf");
        Btf raw = Btf.parse(TestObjects.sections(obj, dir).btf());
        assertThatThrownBy(() -> MapDefinition.decodeAll(raw)).isInstanceOf(BtfException.class)
                .hasMessageContaining("overlap; the offsets must be the ELF symbols' (Btf.withDatasecLayout)");
        BtfType.Datasec maps = raw.datasec(".maps").orElseThrow();
        assertThatThrownBy(() -> raw.withDatasecLayout(".maps", 4096, Map.of("flows", 0L)))
                .hasMessageContaining("variable 'jump_table' has no symbol offset");
        assertThatThrownBy(() -> raw.withDatasecLayout(".maps", 16, symbols(obj)))
                .hasMessageMatching(".BTF: type " + maps.id() + " at offset 0x[0-9a-f]+: variable '.*' at offset \\d+ with size "
                        + "\\d+ does not fit in the section's 16 bytes");
        assertThatThrownBy(() -> raw.withDatasecLayout(".nosuch", 0, Map.of()))
                .hasMessage(".BTF: DATASEC '.nosuch': there is no DATASEC of that name");
    }

    @Test
    void sampleObjectsMapsDecode(@TempDir Path dir) throws Exception {
        Map<String, MapDefinition> byObject = new TreeMap<>();
        for (Path o : TestObjects.samplesWithBtf()) {
            if (!ElfSections.read(Files.readAllBytes(o)).containsKey(".maps")) {
                continue;
            }
            for (MapDefinition d : MapDefinition.decodeAll(laidOut(o, dir))) {
                byObject.put(o.getFileName() + ":" + d.name(), d);
            }
        }
        assertThat(byObject).containsOnlyKeys("correlated_branch.o:test_map", "tail_call.o:map", "tail_call_bad.o:map",
                "wronghelper.o:map");
        MapDefinition test = byObject.get("correlated_branch.o:test_map");
        assertThat(List.of(test.mapType(), test.keySize(), test.valueSize(), test.maxEntries()))
                .containsExactly(BPF_MAP_TYPE_HASH, 4L, 16L, 1L);
        MapDefinition tail = byObject.get("tail_call.o:map");
        assertThat(List.of(tail.mapType(), tail.keySize(), tail.valueSize(), tail.maxEntries()))
                .containsExactly(BPF_MAP_TYPE_PROG_ARRAY, 4L, 4L, 1L);
    }

    // ---- definitions libbpf refuses, built by hand ----

    /** A .maps holding one map {@code m} whose struct has the given members; ids 1-4 are int, u32 array index, ptr, array. */
    private static final class OneMap {
        final BtfBuilder b = new BtfBuilder();
        final int intType = b.integer("int", 4, BtfUapi.BTF_INT_SIGNED, 32); // 1
        final int u32 = b.integer("unsigned int", 4, 0, 32); // 2

        /** {@code int (*)[n]}: the type of {@code __uint(name, n)}. */
        int uint(long n) {
            return b.ptr(b.array(intType, u32, n));
        }

        byte[] build(Object[]... members) {
            int struct = b.struct("", 8 * members.length, members);
            int var = b.var("m", struct, BtfUapi.BTF_VAR_GLOBAL_ALLOCATED);
            b.datasec(".maps", 0, var, 0, 8L * members.length);
            return b.build();
        }
    }

    private static MapDefinition decodeOnly(byte[] section) throws BtfException {
        List<MapDefinition> all = MapDefinition.decodeAll(Btf.parse(section));
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void integerAttributesMayBeWrittenAsSingleValueEnums() throws BtfException {
        OneMap m = new OneMap();
        int ulong = m.b.enum64("", 8, false, new Object[] {"__unique_value_1", 0x1_0000_0002L});
        MapDefinition d = decodeOnly(m.build(m.b.member("type", m.uint(BPF_MAP_TYPE_HASH), 0),
                m.b.member("map_extra", ulong, 64)));
        assertThat(d.mapExtra()).isEqualTo(0x1_0000_0002L);
        assertThat(d.mapType()).isEqualTo(BPF_MAP_TYPE_HASH);
    }

    @Test
    void refusesWhatLibbpfRefuses() {
        OneMap a = new OneMap();
        assertThatThrownBy(() -> decodeOnly(a.build(a.b.member("type", a.uint(1), 0), a.b.member("max_entires", a.uint(4), 64))))
                .isInstanceOf(BtfException.class)
                .hasMessageMatching("\\.BTF: map 'm' at offset 0x[0-9a-f]+: unknown member 'max_entires' \\(libbpf knows .*\\)");

        OneMap b = new OneMap();
        int ptrU32 = b.b.ptr(b.u32);
        assertThatThrownBy(() -> decodeOnly(b.build(b.b.member("key", ptrU32, 0), b.b.member("key_size", b.uint(8), 64))))
                .hasMessageEndingWith("key_size 8 conflicts with the key type unsigned int (4 bytes)");

        OneMap c = new OneMap();
        assertThatThrownBy(() -> decodeOnly(c.build(c.b.member("key", c.u32, 0))))
                .hasMessageEndingWith("'key' is unsigned int, not a pointer (__type(key, T) declares T *key)");

        OneMap d = new OneMap();
        assertThatThrownBy(() -> decodeOnly(d.build(d.b.member("max_entries", d.b.ptr(d.intType), 0))))
                .hasMessageEndingWith("'max_entries' is int *, not an integer attribute (__uint(max_entries, N) declares "
                        + "int (*max_entries)[N])");

        OneMap e = new OneMap();
        int values = e.b.array(e.b.ptr(e.b.funcProto(e.intType)), e.u32, 0);
        assertThatThrownBy(() -> decodeOnly(e.build(e.b.member("type", e.uint(BPF_MAP_TYPE_HASH), 0),
                e.b.member("values", values, 64))))
                .hasMessageEndingWith("'values' needs a PROG_ARRAY (3), ARRAY_OF_MAPS (12) or HASH_OF_MAPS (13) map, not type 1");

        OneMap f = new OneMap();
        assertThatThrownBy(() -> decodeOnly(f.build(f.b.member("pinning", f.uint(2), 0))))
                .hasMessageEndingWith("pinning 2 is neither LIBBPF_PIN_NONE (0) nor LIBBPF_PIN_BY_NAME (1)");

        OneMap g = new OneMap();
        int progs = g.b.array(g.b.ptr(g.intType), g.u32, 0);
        assertThatThrownBy(() -> decodeOnly(g.build(g.b.member("type", g.uint(BPF_MAP_TYPE_PROG_ARRAY), 0),
                g.b.member("values", progs, 64))))
                .hasMessageEndingWith("the programs of 'values' are int, not functions");

        OneMap h = new OneMap();
        assertThatThrownBy(() -> decodeOnly(h.build(h.b.member("type", h.uint(BPF_MAP_TYPE_ARRAY), 0),
                h.b.member("value_size", h.uint(8), 64), h.b.member("value", h.b.ptr(h.u32), 128))))
                .hasMessageEndingWith("value_size 8 conflicts with the value type unsigned int (4 bytes)");

        OneMap i = new OneMap();
        assertThatThrownBy(() -> decodeOnly(i.build(i.b.member("type", i.uint(1), 0), i.b.member("type", i.uint(2), 64))))
                .hasMessageEndingWith("member 'type' appears twice");

        OneMap j = new OneMap();
        assertThatThrownBy(() -> decodeOnly(j.build(j.b.member("", j.uint(1), 0))))
                .hasMessageEndingWith("member 0 has no name");
    }

    /** {@code __uint(max_entries, 0xffffffff)} is a pointer to a 16 GiB array, which only sizeOf refuses. */
    @Test
    void attributesUpToU32MaxDecode() throws BtfException {
        OneMap m = new OneMap();
        int huge = m.uint(0xffff_ffffL);
        Btf btf = Btf.parse(m.build(m.b.member("max_entries", huge, 0)));
        assertThat(MapDefinition.decodeAll(btf).get(0).maxEntries()).isEqualTo(0xffff_ffffL);
        int array = ((BtfType.Ptr) btf.type(huge)).type();
        assertThatThrownBy(() -> btf.sizeOf(array)).hasMessage(".BTF: type " + array + " at offset 0x"
                + Long.toHexString(btf.offsetOf(array)) + ": array of 4294967295 elements of 4 bytes is larger than 4 GiB");
    }

    @Test
    void refusesNestedInnerMapsAndNonStructDefinitions() throws BtfException {
        BtfBuilder b = new BtfBuilder();
        int intType = b.integer("int", 4, BtfUapi.BTF_INT_SIGNED, 32);
        int u32 = b.integer("unsigned int", 4, 0, 32);
        int ofMaps = b.ptr(b.array(intType, u32, BPF_MAP_TYPE_ARRAY_OF_MAPS));
        // an inner definition that itself has 'values'
        int innermost = b.struct("innermost", 8, b.member("type", ofMaps, 0));
        int innerValues = b.array(b.ptr(innermost), u32, 0);
        int inner = b.struct("inner", 16, b.member("type", ofMaps, 0), b.member("values", innerValues, 64));
        int outerValues = b.array(b.ptr(inner), u32, 0);
        int outer = b.struct("outer", 16, b.member("type", ofMaps, 0), b.member("values", outerValues, 64));
        int v1 = b.var("nested", outer, 1);
        int v2 = b.var("plain_int", intType, 1);
        b.datasec(".maps", 0, v1, 0, 16, v2, 16, 4);
        Btf btf = Btf.parse(b.build());
        BtfType.Datasec maps = btf.datasec(".maps").orElseThrow();
        assertThatThrownBy(() -> MapDefinition.decode(btf, maps.vars().get(0)))
                .hasMessageEndingWith("map 'nested.inner' at offset 0x" + Long.toHexString(btf.offsetOf(inner))
                        + ": an inner map cannot have 'values' (one level of maps in maps only)");
        assertThatThrownBy(() -> MapDefinition.decode(btf, maps.vars().get(1)))
                .hasMessage(".BTF: map 'plain_int' at offset 0x" + Long.toHexString(btf.offsetOf(v2))
                        + ": the definition is INT 'int', not a struct");
    }

    @Test
    void noMapsSectionMeansNoMaps() throws BtfException {
        BtfBuilder b = new BtfBuilder();
        b.integer("int", 4, BtfUapi.BTF_INT_SIGNED, 32);
        assertThat(MapDefinition.decodeAll(Btf.parse(b.build()))).isEmpty();
    }
}

package org.jxdp.hooks.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxdp.hooks.verifier.CountingRuns.map;
import static org.jxdp.hooks.verifier.CountingRuns.verify;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.jit.Jit;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.maps.MapDefinition;
import org.jxdp.engine.maps.MapFactory;
import org.jxdp.engine.maps.MapType;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.testing.RuntimePrograms;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.ProgramEnvironment;
import org.jxdp.hooks.XdpHelpers;
import org.jxdp.hooks.XdpTestRun;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A {@code bpf_map_lookup_elem} in an LPM trie or a hash map whose key the verifier proved on
 * the stack is compiled as a call of the map's {@code lookupKey} with the stack's array (no
 * helper call, no region lookup of the key), and finds what the interpreter's helper finds:
 * longest prefixes, misses, a value updated through the pointer, an LRU hash's entries.
 */
class ProvenKeyLookupTest {
    /**
     * The frame's first 4 bytes are an IPv4 address. An LPM key {prefixlen 32, address} (or,
     * for a hash map, the address alone) is built on the stack with 4-byte stores; a hit adds 1
     * to the value's u64 and returns it, a miss returns 1. {@code KEY_ON_THE_STACK} stands for
     * the lines that build the key ({@link #lookup}), or for none: then r2 stays the packet
     * pointer and the key is the frame's first 4 bytes, read in place.
     */
    private static final String LOOKUP = """
            ldxw %r2, [%r1+0]
            ldxw %r3, [%r1+4]
            mov %r4, %r2
            add %r4, 4
            jgt %r4, %r3, short
            KEY_ON_THE_STACK
            lddw %r1, map(t)
            call 1
            jeq %r0, 0, none
            ldxdw %r1, [%r0+0]
            add %r1, 1
            stxdw [%r0+0], %r1
            mov %r0, %r1
            exit
            none:
            mov %r0, 1
            exit
            short:
            mov %r0, 2
            exit
            """;

    /** The lines of {@link #LOOKUP} that build the key on the stack and point r2 at it. */
    private static final String KEY_ON_THE_STACK = """
            ldxw %r5, [%r2+0]
            stw [%r10-8], 32
            stxw [%r10-4], %r5
            mov %r2, %r10
            add %r2, KEY
            """;

    /** Source addresses of the frames run, in order. */
    private static final int[][] ADDRESSES = {
        {10, 1, 2, 3}, {10, 2, 0, 0}, {192, 168, 1, 9}, {192, 168, 2, 1}, {10, 1, 2, 3}, {11, 0, 0, 1}, {10, 1, 9, 9},
    };

    @Test
    void lpmTrieLookupsWithTheKeyOnTheStackCallLookupKeyAndFindTheLongestPrefix() throws Exception {
        String asm = lookup("-8");
        assertThat(directLookups(MapType.BPF_MAP_TYPE_LPM_TRIE, asm, true)).as("with the verifier's proofs").isEqualTo(1);
        assertThat(directLookups(MapType.BPF_MAP_TYPE_LPM_TRIE, asm, false)).as("without proofs").isZero();
        List<String> interp = runs(MapType.BPF_MAP_TYPE_LPM_TRIE, asm, EngineKind.INTERP, false);
        // 10.1/16 holds 200, 10/8 100, 192.168.1/24 300
        assertThat(interp).containsExactly("201", "101", "301", "1", "202", "1", "203",
                "10.0.0.0/8 101", "10.1.0.0/16 203", "192.168.1.0/24 301");
        assertThat(runs(MapType.BPF_MAP_TYPE_LPM_TRIE, asm, EngineKind.JIT, true)).isEqualTo(interp);
        assertThat(runs(MapType.BPF_MAP_TYPE_LPM_TRIE, asm, EngineKind.JIT, false)).isEqualTo(interp);
    }

    @Test
    void hashLookupsWithTheKeyOnTheStackCallLookupKeyAndFindTheSameEntries() throws Exception {
        String asm = lookup("-4");
        for (MapType type : new MapType[] {MapType.BPF_MAP_TYPE_HASH, MapType.BPF_MAP_TYPE_LRU_HASH}) {
            assertThat(directLookups(type, asm, true)).as("%s with the verifier's proofs", type).isEqualTo(1);
            assertThat(directLookups(type, asm, false)).as("%s without proofs", type).isZero();
            List<String> interp = runs(type, asm, EngineKind.INTERP, false);
            // exact addresses only: 10.1.2.3 holds 200, 192.168.1.9 300
            assertThat(interp).as("%s", type).containsExactly("201", "1", "301", "1", "202", "1", "1",
                    "10.1.2.3 202", "192.168.1.9 301");
            assertThat(runs(type, asm, EngineKind.JIT, true)).as("%s", type).isEqualTo(interp);
        }
    }

    @Test
    void aKeyNotProvenOnTheStackKeepsTheHelperCall() throws Exception {
        // the key is the frame's first 4 bytes, read in place: r2 stays the packet pointer, and
        // the helper finds its region and checks it
        String asm = LOOKUP.replace("KEY_ON_THE_STACK\n", "");
        assertThat(directLookups(MapType.BPF_MAP_TYPE_HASH, asm, true)).isZero();
        List<String> interp = runs(MapType.BPF_MAP_TYPE_HASH, asm, EngineKind.INTERP, false);
        assertThat(interp).startsWith("201", "1", "301");
        assertThat(runs(MapType.BPF_MAP_TYPE_HASH, asm, EngineKind.JIT, true)).isEqualTo(interp);
    }

    /** {@link #LOOKUP} with the key on the stack at {@code r10 + offset} ({@code "-8"} for an LPM key, {@code "-4"} for an address). */
    private static String lookup(String offset) {
        return LOOKUP.replace("KEY_ON_THE_STACK\n", KEY_ON_THE_STACK.replace("KEY", offset));
    }

    private static BpfRuntime runtime(MapType type) {
        BpfRuntime rt = new BpfRuntime(1);
        boolean lpm = type == MapType.BPF_MAP_TYPE_LPM_TRIE;
        MapFactory.create(MapDefinition.of("t", type, lpm ? 8 : 4, 8, 16, lpm ? 1 : 0), rt);
        BpfMap t = map(rt, "t");
        if (lpm) {
            t.update(lpmKey(8, 10, 0, 0, 0), value(100), 0);
            t.update(lpmKey(16, 10, 1, 0, 0), value(200), 0);
            t.update(lpmKey(24, 192, 168, 1, 0), value(300), 0);
        } else {
            t.update(new byte[] {10, 1, 2, 3}, value(200), 0);
            t.update(new byte[] {(byte) 192, (byte) 168, 1, 9}, value(300), 0);
        }
        return rt;
    }

    /** The runs of {@link #ADDRESSES}, then every entry of the map with its value. */
    private static List<String> runs(MapType type, String asm, EngineKind engine, boolean proofs) {
        BpfRuntime rt = runtime(type);
        ProgramEnvironment env = rt.environment(XdpHelpers.table(rt));
        Program p = RuntimePrograms.assemble(rt, asm);
        Executable exe;
        try {
            exe = proofs ? engine.load(p, env, verify(rt, env, p).proofs()) : engine.load(p, env);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        List<String> out = new ArrayList<>();
        for (int[] a : ADDRESSES) {
            byte[] frame = new byte[60];
            for (int i = 0; i < 4; i++) {
                frame[i] = (byte) a[i];
            }
            XdpTestRun.Result r = XdpTestRun.run(exe, rt, frame, 1);
            assertThat(r.fault()).isNull();
            out.add(Long.toString(r.retval()));
        }
        BpfMap t = map(rt, "t");
        for (byte[] k = t.nextKey(null); k != null; k = t.nextKey(k)) {
            int at = k.length == 8 ? 4 : 0;
            String entry = (k[at] & 0xff) + "." + (k[at + 1] & 0xff) + "." + (k[at + 2] & 0xff) + "." + (k[at + 3] & 0xff)
                    + (k.length == 8 ? "/" + (k[0] & 0xff) : "");
            out.add(entry + " " + java.nio.ByteBuffer.wrap(t.lookup(k)).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
        }
        out.subList(ADDRESSES.length, out.size()).sort(null);
        return out;
    }

    /** How many calls of {@code BpfMap.lookupKey} the class the JIT makes of {@code asm} has in its method f0. */
    private static int directLookups(MapType type, String asm, boolean proofs) throws Exception {
        BpfRuntime rt = runtime(type);
        ProgramEnvironment env = rt.environment(XdpHelpers.table(rt));
        Program p = RuntimePrograms.assemble(rt, asm);
        byte[] bytes = proofs ? Jit.bytecode(p, env, verify(rt, env, p).proofs()) : Jit.bytecode(p, env);
        int[] calls = {0};
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exceptions) {
                if (!name.equals("f0")) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int op, String owner, String n, String d, boolean itf) {
                        if (n.equals("lookupKey") && owner.equals("org/jxdp/engine/maps/BpfMap")) {
                            calls[0]++;
                        }
                    }
                };
            }
        }, 0);
        return calls[0];
    }

    private static byte[] lpmKey(int prefixlen, int a, int b, int c, int d) {
        return new byte[] {(byte) prefixlen, 0, 0, 0, (byte) a, (byte) b, (byte) c, (byte) d};
    }

    private static byte[] value(long v) {
        return java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }
}

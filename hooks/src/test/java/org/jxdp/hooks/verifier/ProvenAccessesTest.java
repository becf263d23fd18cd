package org.jxdp.hooks.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.maps.MapDefinition;
import org.jxdp.engine.maps.MapFactory;
import org.jxdp.engine.maps.MapType;
import org.jxdp.engine.runtime.BpfClock;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.verifier.MemoryAccessProof;
import org.jxdp.engine.verifier.ProgramRejectedException;
import org.jxdp.engine.verifier.Verification;
import org.jxdp.engine.verifier.Verifier;
import org.jxdp.engine.verifier.VerifierLimits;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.ProgramEnvironment;
import org.jxdp.hooks.XdpFrame;
import org.jxdp.hooks.XdpHelpers;
import org.jxdp.hooks.XdpRunner;

/**
 * The JIT compiled with the verifier's proofs (stack and packet accesses proven in bounds become
 * direct array accesses) ends every run as the interpreter does, checking everything: the same
 * verdict, no fault, the same frame bytes and map contents, on generated programs
 * ({@link XdpProgramGenerator}) the verifier accepts and frames of every interesting length.
 */
class ProvenAccessesTest {
    private static final int PROGRAMS = Integer.getInteger("jxdp.proven.programs", 1200);
    private static final int ARRAY_VALUE = 24;
    private static final int HASH_VALUE = 16;
    private static final int[] LENGTHS = {0, 1, 13, 14, 15, 20, 34, 60, 64, 200, 1500};

    /** A runtime with the generator's two maps, and a runner; two of them start alike. */
    private record World(BpfRuntime rt, BpfMap array, BpfMap hash, ProgramEnvironment env, XdpRunner runner) {
        static World create() {
            BpfRuntime rt = new BpfRuntime(1, 42).clock(BpfClock.fixed(1_000_000_000L));
            BpfMap array = MapFactory.create(MapDefinition.of("array", MapType.BPF_MAP_TYPE_ARRAY, 4, ARRAY_VALUE, 4,
                    0), rt);
            BpfMap hash = MapFactory.create(MapDefinition.of("hash", MapType.BPF_MAP_TYPE_HASH, 4, HASH_VALUE, 8, 0), rt);
            return new World(rt, array, hash, rt.environment(XdpHelpers.table(rt)), new XdpRunner(rt, 0));
        }
    }

    @Test
    void theJitWithProofsEndsEveryRunAsTheInterpreter() throws ProgramRejectedException {
        // one world per engine, in lockstep: the same maps, clock and random numbers
        World wi = World.create();
        World wj = World.create();
        Verifier verifier = Verifier.forXdp(wj.env(), id -> wj.rt().map(id) == null ? null
                : wj.rt().map(id).definition()).license("GPL").limits(new VerifierLimits(100_000, 8192, 64, 200_000, 8));
        XdpProgramGenerator gen = new XdpProgramGenerator(23, wj.array().id(), ARRAY_VALUE, wj.hash().id(), HASH_VALUE);
        SplittableRandom rnd = new SplittableRandom(5);
        int compared = 0;
        int withPacketProofs = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < PROGRAMS && failures.size() < 3; i++) {
            Program p = gen.next();
            Verification v = verifier.verify(p);
            if (!v.accepted()) {
                continue;
            }
            if (v.proofs().all().stream().anyMatch(x -> x.region() == MemoryAccessProof.Region.PACKET)) {
                withPacketProofs++;
            }
            Executable interp = EngineKind.INTERP.load(p, wi.env());
            Executable jit = EngineKind.JIT.load(p, wj.env(), v.proofs());
            for (int len : LENGTHS) {
                long seed = rnd.nextLong();
                String want = run(wi, interp, len, seed);
                String got = run(wj, jit, len, seed);
                compared++;
                if (!want.equals(got) && failures.size() < 3) {
                    failures.add("program " + i + " on " + len + " bytes:\n  interpreter " + want + "\n  jit         "
                            + got + "\n" + org.jxdp.engine.asm.ObjdumpSyntax.listing(p, false, null, null));
                }
            }
        }
        System.out.printf("proven accesses: %d runs compared, %d programs with proven packet accesses%n", compared,
                withPacketProofs);
        assertThat(failures).as("runs where the JIT with proofs and the interpreter differ").isEmpty();
        assertThat(withPacketProofs).as("accepted programs with proven packet accesses").isGreaterThan(PROGRAMS / 20);
    }

    /** One run from a state given by {@code seed}: its verdict, fault, frame and maps, as text. */
    private static String run(World w, Executable exe, int len, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        fillMaps(w.array(), w.hash(), r);
        byte[] data = new byte[len];
        for (int b = 0; b < len; b++) {
            data[b] = (byte) r.nextInt(256);
        }
        XdpFrame f = new XdpFrame();
        f.load(data, 0, len);
        if (r.nextBoolean()) {
            f.metadata(new byte[8]);
        }
        w.runner().context().budget(5_000_000);
        long action = w.runner().run(exe, f);
        StringBuilder out = new StringBuilder("action " + action);
        if (w.runner().fault() != null) {
            out.append(" fault ").append(w.runner().fault().message());
        }
        out.append(" frame ").append(HexFormat.of().formatHex(f.bytes()));
        for (int k = 0; k < 8; k++) {
            byte[] key = key(k);
            out.append(" a").append(k).append('=').append(k < 4 ? HexFormat.of().formatHex(w.array().lookup(key)) : "-");
            byte[] h = w.hash().lookup(key);
            out.append(" h").append(k).append('=').append(h == null ? "none" : HexFormat.of().formatHex(h));
        }
        return out.toString();
    }

    private static byte[] key(int k) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(k).array();
    }

    private static void fillMaps(BpfMap array, BpfMap hash, SplittableRandom rnd) {
        boolean full = rnd.nextBoolean();
        for (int k = 0; k < 8; k++) {
            if (k < 4) {
                byte[] v = new byte[ARRAY_VALUE];
                for (int b = 0; b < v.length; b++) {
                    v[b] = (byte) rnd.nextInt(256);
                }
                array.update(key(k), v, 0);
            }
            if (full && rnd.nextBoolean()) {
                byte[] v = new byte[HASH_VALUE];
                for (int b = 0; b < v.length; b++) {
                    v[b] = (byte) rnd.nextInt(256);
                }
                hash.update(key(k), v, 0);
            } else {
                hash.delete(key(k));
            }
        }
    }
}

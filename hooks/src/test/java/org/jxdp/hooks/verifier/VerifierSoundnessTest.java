package org.jxdp.hooks.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.maps.MapDefinition;
import org.jxdp.engine.maps.MapFactory;
import org.jxdp.engine.maps.MapType;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.verifier.ProgramRejectedException;
import org.jxdp.engine.verifier.Verification;
import org.jxdp.engine.verifier.Verifier;
import org.jxdp.engine.verifier.VerifierLimits;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.Fault;
import org.jxdp.engine.vm.HelperTable;
import org.jxdp.engine.vm.ProgramEnvironment;
import org.jxdp.hooks.XdpFrame;
import org.jxdp.hooks.XdpHelpers;
import org.jxdp.hooks.XdpRunner;

/**
 * Soundness: every generated program the verifier accepts runs in the interpreter, with its
 * run-time checks still on, without a memory fault, on packets of every length (empty ones
 * included), with and without metadata, with maps empty and full. Programs are generated to be
 * accepted often ({@link XdpProgramGenerator}); the test also requires that a fair share is.
 */
class VerifierSoundnessTest {
    private static final int PROGRAMS = Integer.getInteger("jxdp.soundness.programs", 4000);
    private static final int ARRAY_VALUE = 24;
    private static final int HASH_VALUE = 16;
    private static final int[] LENGTHS = {0, 1, 2, 13, 14, 15, 20, 34, 60, 64, 200, 1500};

    @Test
    void acceptedProgramsNeverFault() throws ProgramRejectedException {
        BpfRuntime rt = new BpfRuntime(1, 42);
        BpfMap array = MapFactory.create(MapDefinition.of("array", MapType.BPF_MAP_TYPE_ARRAY, 4, ARRAY_VALUE, 4, 0), rt);
        BpfMap hash = MapFactory.create(MapDefinition.of("hash", MapType.BPF_MAP_TYPE_HASH, 4, HASH_VALUE, 8, 0), rt);
        HelperTable helpers = XdpHelpers.table(rt);
        ProgramEnvironment env = rt.environment(helpers);
        Verifier verifier = Verifier.forXdp(env, id -> rt.map(id) == null ? null : rt.map(id).definition())
                .license("GPL").limits(new VerifierLimits(100_000, 8192, 64, 200_000, 8));
        XdpProgramGenerator gen = new XdpProgramGenerator(7, array.id(), ARRAY_VALUE, hash.id(), HASH_VALUE);
        XdpRunner runner = new XdpRunner(rt, 0);
        SplittableRandom rnd = new SplittableRandom(11);
        int accepted = 0;
        int runs = 0;
        long started = System.nanoTime();
        TreeMap<String, Integer> reasons = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < PROGRAMS; i++) {
            Program p = gen.next();
            Verification v = verifier.verify(p);
            if (!v.accepted()) {
                reasons.merge(v.rejection().get().reason(), 1, Integer::sum);
                continue;
            }
            accepted++;
            Executable exe = EngineKind.INTERP.load(p, env);
            for (int len : LENGTHS) {
                for (int meta : new int[] {0, 8}) {
                    fillMaps(array, hash, rnd, rnd.nextBoolean());
                    XdpFrame f = new XdpFrame();
                    byte[] data = new byte[len];
                    for (int b = 0; b < len; b++) {
                        data[b] = (byte) rnd.nextInt(256);
                    }
                    f.load(data, 0, len);
                    if (meta > 0) {
                        f.metadata(new byte[meta]);
                    }
                    runner.context().budget(5_000_000);
                    runner.run(exe, f);
                    runs++;
                    Fault fault = runner.fault();
                    if (fault != null && failures.size() < 5) {
                        failures.add("program " + i + " on " + len + " bytes (meta " + meta + "): " + fault.message()
                                + "\n" + org.jxdp.engine.asm.ObjdumpSyntax.listing(p, false, null, null));
                    }
                }
            }
        }
        long nanos = System.nanoTime() - started;
        System.out.printf("soundness fuzz (%d s): %d programs, %d accepted, %d runs, refusals %s%n", nanos / 1_000_000_000, PROGRAMS,
                accepted, runs, reasons);
        assertThat(failures).as("faults in accepted programs").isEmpty();
        assertThat(accepted).as("accepted programs").isGreaterThan(PROGRAMS / 5);
    }

    private static void fillMaps(BpfMap array, BpfMap hash, SplittableRandom rnd, boolean full) {
        for (int k = 0; k < 8; k++) {
            byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(k).array();
            if (k < 4) {
                byte[] v = new byte[ARRAY_VALUE];
                for (int b = 0; b < v.length; b++) {
                    v[b] = (byte) rnd.nextInt(256);
                }
                array.update(key, v, 0);
            }
            if (full && rnd.nextBoolean()) {
                byte[] v = new byte[HASH_VALUE];
                for (int b = 0; b < v.length; b++) {
                    v[b] = (byte) rnd.nextInt(256);
                }
                hash.update(key, v, 0);
            } else {
                hash.delete(key);
            }
        }
    }
}

package org.jxdp.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jxdp.engine.elf.ElfException;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.runtime.BpfClock;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.Executable;
import org.jxdp.hooks.XdpFrame;
import org.jxdp.hooks.XdpRunner;

/**
 * The once-per-setup check of the DoS filter benchmark: on every engine, a first pass over the
 * packet set with fresh maps and a clock that does not move gives each frame the action the set
 * expects, without a fault, leaves the frame's bytes alone, and counts the expected number of
 * frames per reason in the stats map.
 */
final class DosCheck {
    /** The clock of the check: any fixed time works, since the set expects no refill. */
    static final long FROZEN_NS = 1_000_000_000_000L;

    private DosCheck() {
    }

    /** The outcome of one pass: each frame's XDP action, and the stats map's packets per reason after. */
    record Pass(int[] actions, long[] perReason) {
    }

    /** Packets per reason the set expects on a first pass. */
    static long[] expectedPerReason(List<DosPackets.Packet> set) {
        long[] out = new long[DosFilter.REASONS.length];
        for (DosPackets.Packet p : set) {
            out[p.reason()]++;
        }
        return out;
    }

    /** One first pass of {@code set} over a fresh load of {@code obj} on {@code engine} with {@code rules} deny prefixes. */
    static Pass firstPass(Path obj, EngineKind engine, int rules, List<DosPackets.Packet> set)
            throws IOException, ElfException {
        BpfObject o = DosFilter.load(obj, engine, rules);
        o.runtime().clock(BpfClock.fixed(FROZEN_NS));
        Executable exe = o.program("dos_filter").executable();
        XdpRunner runner = new XdpRunner(o.runtime(), 0);
        XdpFrame frame = new XdpFrame();
        int[] actions = new int[set.size()];
        for (int i = 0; i < set.size(); i++) {
            DosPackets.Packet p = set.get(i);
            frame.load(p.frame(), 0, p.frame().length);
            long r0 = runner.run(exe, frame);
            if (runner.fault() != null) {
                throw new IllegalStateException(engine.cliName() + ": frame " + i + " (" + p + ") faulted: "
                        + runner.fault().message());
            }
            if (!Arrays.equals(frame.bytes(), p.frame())) {
                throw new IllegalStateException(engine.cliName() + ": frame " + i + " (" + p + ") was modified");
            }
            actions[i] = (int) r0;
        }
        return new Pass(actions, DosFilter.stats(o));
    }

    /**
     * Checks every available engine against the set's expectations; returns a one-line summary,
     * or throws with every disagreement listed.
     */
    static String agree(Path obj, int rules, List<DosPackets.Packet> set) throws IOException, ElfException {
        long[] expected = expectedPerReason(set);
        List<String> problems = new ArrayList<>();
        for (EngineKind e : EngineKind.values()) {
            if (!e.available()) {
                continue;
            }
            Pass pass = firstPass(obj, e, rules, set);
            for (int i = 0; i < set.size(); i++) {
                if (pass.actions()[i] != set.get(i).action()) {
                    problems.add(e.cliName() + ": frame " + i + " " + set.get(i) + " got action " + pass.actions()[i]);
                }
            }
            if (!Arrays.equals(pass.perReason(), expected)) {
                problems.add(e.cliName() + ": packets per reason " + Arrays.toString(pass.perReason()) + ", expected "
                        + Arrays.toString(expected));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the engines disagree with the packet set's expectations:\n  "
                    + String.join("\n  ", problems));
        }
        return "dos_filter agrees on every engine (" + rules + " deny prefixes): " + set.size() + " frames, "
                + describe(expected);
    }

    /** "pass 120, drop_syn_rate 12, ..." for the non-zero counts. */
    static String describe(long[] perReason) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < perReason.length; i++) {
            if (perReason[i] != 0) {
                b.append(b.length() == 0 ? "" : ", ").append(DosFilter.REASONS[i]).append(' ').append(perReason[i]);
            }
        }
        return b.toString();
    }
}

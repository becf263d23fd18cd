package org.jxdp.bench;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.Executable;
import org.jxdp.hooks.XdpFrame;
import org.jxdp.hooks.XdpRunner;

/**
 * One build's side of {@link PairedBuilds}: defined anew in a class loader over that build's
 * jar, so that every jxdp class it uses is that build's. It reaches the bench's package-private
 * helpers by reflection (a class defined by another loader is in another runtime package), and
 * runs the frames through public API only.
 */
public final class PairedSide {
    private final XdpRunner runner;
    private final Executable exe;
    private final XdpFrame[] frames;
    private long sink;

    /** Builds dos_filter.c with this build's clang flags and loads it on the JIT, {@code rules} deny prefixes. */
    public PairedSide(int rules) throws Exception {
        this(rules, EngineKind.JIT.cliName());
    }

    /** {@link #PairedSide(int)} on the engine named {@code engine} ({@code jit} or {@code interp}). */
    public PairedSide(int rules, String engine) throws Exception {
        ClassLoader build = getClass().getClassLoader().getParent();
        Class<?> filter = Class.forName("org.jxdp.bench.DosFilter", true, build);
        Method compile = filter.getDeclaredMethod("compile", Path.class, String[].class);
        compile.setAccessible(true);
        Path obj = (Path) compile.invoke(null, Files.createTempDirectory("jxdp-paired"), new String[0]);
        Method load = filter.getDeclaredMethod("load", Path.class, EngineKind.class, int.class, boolean.class);
        load.setAccessible(true);
        BpfObject o = (BpfObject) load.invoke(null, obj, EngineKind.fromCliName(engine), rules, true);
        Method mixed = Class.forName("org.jxdp.bench.DosPackets", true, build).getDeclaredMethod("mixed");
        mixed.setAccessible(true);
        List<?> set = (List<?>) mixed.invoke(null);
        // compile-time constants of the bench, inlined here by javac: no access across loaders
        long[] clock = {DosCheck.FROZEN_NS};
        long step = DosFilterBenchmark.PASS_NS / set.size();
        o.runtime().clock(w -> clock[0] += step);
        exe = o.program("dos_filter").executable();
        runner = new XdpRunner(o.runtime(), 0);
        frames = new XdpFrame[set.size()];
        for (int i = 0; i < frames.length; i++) {
            Method frame = set.get(i).getClass().getDeclaredMethod("frame");
            frame.setAccessible(true);
            byte[] bytes = (byte[]) frame.invoke(set.get(i));
            frames[i] = new XdpFrame();
            frames[i].load(bytes, 0, bytes.length);
        }
    }

    /** Runs the set round and round for about {@code nanos}; returns nanoseconds per frame. */
    public double slice(long nanos) {
        long t0 = System.nanoTime();
        long n = 0;
        long s = sink;
        do {
            for (XdpFrame f : frames) {
                s += runner.run(exe, f);
            }
            n += frames.length;
        } while (System.nanoTime() - t0 < nanos);
        sink = s; // kept, so that the runs cannot be left out
        return (System.nanoTime() - t0) / (double) n;
    }
}

package org.jxdp.bench;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Two builds of jxdp side by side in one JVM: the DoS filter of the JIT benchmark on each
 * build's JIT, in alternating 100 ms slices, so that both meet the same moments of this VM's
 * noise (the same build measures 72 or 140 ns a frame from one run to the next, and 85 to 145
 * from one second to the next within a run; the kernel's figures do not move). Each build is
 * loaded from its own {@code benchmarks.jar} by its own class loader, with {@link PairedSide}
 * defined in each. Prints each build's median and spread over the slices, and the median of the
 * per-slice ratio B/A with how many slices B won.
 * <pre>
 *   java -cp bench/target/benchmarks.jar org.jxdp.bench.PairedBuilds A.jar B.jar [slices] [deny-prefixes]
 * </pre>
 * Pin it to one CPU ({@code taskset -c 0}) so that the slices share a core as well.
 */
public final class PairedBuilds {
    private static final long SLICE_NS = 100_000_000L;
    private static final long WARM_UP_NS = 6_000_000_000L;

    private PairedBuilds() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !Files.isRegularFile(Path.of(args[0])) || !Files.isRegularFile(Path.of(args[1]))) {
            System.err.println("usage: PairedBuilds A.jar B.jar [SLICES] [DENY_PREFIXES] [jit|interp]"
                    + "  (two builds' benchmarks.jar)");
            System.exit(2);
        }
        int slices = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int rules = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        String engine = args.length > 4 ? args[4] : "jit";
        Object[] sides = {side(Path.of(args[0]), rules, engine), side(Path.of(args[1]), rules, engine)};
        java.lang.reflect.Method[] m = new java.lang.reflect.Method[2];
        for (int k = 0; k < 2; k++) {
            m[k] = sides[k].getClass().getMethod("slice", long.class);
        }
        long until = System.nanoTime() + WARM_UP_NS;
        while (System.nanoTime() < until) {
            m[0].invoke(sides[0], SLICE_NS / 10);
            m[1].invoke(sides[1], SLICE_NS / 10);
        }
        double[][] ns = new double[2][slices];
        for (int s = 0; s < slices; s++) {
            for (int k = 0; k < 2; k++) {
                int side = (s & 1) == 0 ? k : 1 - k; // alternate which goes first
                ns[side][s] = (double) m[side].invoke(sides[side], SLICE_NS);
            }
        }
        double[] ratio = new double[slices];
        int wins = 0;
        for (int s = 0; s < slices; s++) {
            ratio[s] = ns[1][s] / ns[0][s];
            wins += ns[1][s] < ns[0][s] ? 1 : 0;
        }
        for (int k = 0; k < 2; k++) {
            double[] x = ns[k].clone();
            Arrays.sort(x);
            System.out.printf(Locale.ROOT, "%s %s: median %.1f ns a frame (10th to 90th percentile of slices %.1f to %.1f)%n",
                    k == 0 ? "A" : "B", args[k], x[slices / 2], x[slices / 10], x[slices * 9 / 10]);
        }
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "B/A per slice: median %.3f (10th to 90th percentile %.3f to %.3f); B faster in %d of %d slices%n",
                ratio[slices / 2], ratio[slices / 10], ratio[slices * 9 / 10], wins, slices);
    }

    /** A {@link PairedSide} whose jxdp classes all come from {@code jar}, on {@code engine}. */
    private static Object side(Path jar, int rules, String engine) throws Exception {
        URLClassLoader build = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        byte[] bytes;
        try (InputStream in = PairedBuilds.class.getResourceAsStream("PairedSide.class")) {
            bytes = in.readAllBytes();
        }
        ClassLoader own = new ClassLoader(build) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(PairedSide.class.getName())) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> c = findLoadedClass(name);
                        return c != null ? c : defineClass(name, bytes, 0, bytes.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        return own.loadClass(PairedSide.class.getName()).getConstructor(int.class, String.class)
                .newInstance(rules, engine);
    }
}

package org.jxdp.engine.vm;

import java.lang.reflect.Field;
import java.nio.ByteOrder;

/**
 * What compiled programs use to read and write multi-byte values in byte arrays (packet, stack,
 * map values) without a {@code VarHandle}: {@code sun.misc.Unsafe} at
 * {@code BASE + Objects.checkIndex(i, a.length - (n - 1))}.
 * <pre>
 *   byte[] a:  [header | 0 1 2 ... i ... i+n-1 ... length-1]
 *                       ^ BASE                                 the n bytes read or written
 *   Objects.checkIndex(i, a.length - (n - 1))   throws IndexOutOfBoundsException unless 0 &lt;= i &lt;= length - n
 * </pre>
 * The bounds check is the JVM's own: {@code Objects.checkIndex} is the intrinsic that C2 turns
 * into the same range check node as an array access, and the one the byte-array view
 * {@code VarHandle}s call. What the VarHandle adds is a chain of method handles that HotSpot's
 * interpreter and C1 run or inline at every access, which made the first second of a replay
 * slow (see the JIT section of docs/DESIGN.md).
 *
 * <p>Usable where the platform is little-endian and loads and stores need no alignment
 * (x86-64, AArch64) and {@code sun.misc.Unsafe} can be had; elsewhere the JIT emits the
 * {@code VarHandle} accesses.
 */
public final class RawByteAccess {
    /** Read by the generated classes (same package): {@code GETSTATIC}, a constant to C2. */
    static final sun.misc.Unsafe UNSAFE;
    /** The offset of a byte array's element 0; read by the generated classes as {@link #UNSAFE} is. */
    static final long BASE;
    private static final boolean USABLE;

    static {
        sun.misc.Unsafe u;
        long base = 0;
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            u = (sun.misc.Unsafe) f.get(null);
            base = u.arrayBaseOffset(byte[].class);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            u = null;
        }
        UNSAFE = u;
        BASE = base;
        String arch = System.getProperty("os.arch", "");
        USABLE = u != null && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"));
    }

    private RawByteAccess() {
    }

    /** Whether this platform can use raw accesses (else the JIT uses VarHandles). */
    public static boolean usable() {
        return USABLE;
    }

}

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
 * (x86-64, AArch64), {@code sun.misc.Unsafe} can be had, and the JDK is one whose accessors are
 * not on their way out ({@link #LAST_QUIET_JDK}); elsewhere the JIT emits the {@code VarHandle}
 * accesses.
 */
public final class RawByteAccess {
    /**
     * The last JDK whose {@code sun.misc.Unsafe} memory accessors are not deprecated for removal
     * (JEP 471 deprecates them in 23; from 24 the JVM warns on their first use, JEP 498): on a
     * later JDK the JIT keeps its VarHandles, and no warning reaches the user.
     */
    static final int LAST_QUIET_JDK = 22;
    /** Read by the generated classes (same package): {@code GETSTATIC}, a constant to C2. */
    static final sun.misc.Unsafe UNSAFE;
    /** The offset of a byte array's element 0; read by the generated classes as {@link #UNSAFE} is. */
    static final long BASE;
    private static final boolean USABLE;

    static {
        String arch = System.getProperty("os.arch", "");
        boolean platform = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))
                && Runtime.version().feature() <= LAST_QUIET_JDK;
        sun.misc.Unsafe u = null;
        long base = 0;
        if (platform) {
            // not even looked up elsewhere: on a later JDK, arrayBaseOffset alone would warn
            try {
                Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                u = (sun.misc.Unsafe) f.get(null);
                base = u.arrayBaseOffset(byte[].class);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                u = null;
            }
        }
        UNSAFE = u;
        BASE = base;
        USABLE = u != null;
    }

    private RawByteAccess() {
    }

    /** Whether this platform can use raw accesses (else the JIT uses VarHandles). */
    public static boolean usable() {
        return USABLE;
    }
}

package org.jxdp.engine.vm;

/**
 * The meaning of every arithmetic, byte-order and comparison instruction, written once and used
 * by both engines: the interpreter calls these methods, and the JIT emits calls to them, which
 * HotSpot inlines. Registers are {@code long}; 32-bit forms read the low halves of their operands
 * and return their result zero-extended (RFC 9669, section 4.1).
 *
 * <p>The edge cases follow RFC 9669 and the Linux kernel: division by zero gives 0, modulo by
 * zero leaves the dividend (its low 32 bits for the 32-bit forms); {@code INT_MIN / -1} is
 * {@code INT_MIN} and {@code INT_MIN % -1} is 0; shift counts are masked to the operand width.
 */
public final class OpcodeSemantics {
    private OpcodeSemantics() {
    }

    private static final long LOW32 = 0xffffffffL;

    /** Zero-extends the low 32 bits. */
    public static long zext32(long v) {
        return v & LOW32;
    }

    // ---------------------------------------------------------------- 64-bit arithmetic

    public static long add64(long a, long b) {
        return a + b;
    }

    public static long sub64(long a, long b) {
        return a - b;
    }

    public static long mul64(long a, long b) {
        return a * b;
    }

    /** Unsigned division; by zero gives 0. */
    public static long div64(long a, long b) {
        return b == 0 ? 0 : Long.divideUnsigned(a, b);
    }

    /** Signed division (SDIV); by zero gives 0, {@code LONG_MIN / -1} wraps to {@code LONG_MIN}. */
    public static long sdiv64(long a, long b) {
        return b == 0 ? 0 : a / b;
    }

    /** Unsigned modulo; by zero leaves the dividend. */
    public static long mod64(long a, long b) {
        return b == 0 ? a : Long.remainderUnsigned(a, b);
    }

    /** Signed modulo (SMOD), truncating; by zero leaves the dividend; {@code LONG_MIN % -1} is 0. */
    public static long smod64(long a, long b) {
        return b == 0 ? a : a % b;
    }

    public static long or64(long a, long b) {
        return a | b;
    }

    public static long and64(long a, long b) {
        return a & b;
    }

    public static long xor64(long a, long b) {
        return a ^ b;
    }

    /** Left shift, count masked to 6 bits. */
    public static long lsh64(long a, long b) {
        return a << (b & 63);
    }

    /** Logical right shift, count masked to 6 bits. */
    public static long rsh64(long a, long b) {
        return a >>> (b & 63);
    }

    /** Arithmetic right shift, count masked to 6 bits. */
    public static long arsh64(long a, long b) {
        return a >> (b & 63);
    }

    public static long neg64(long a) {
        return -a;
    }

    // ---------------------------------------------------------------- 32-bit arithmetic

    public static long add32(long a, long b) {
        return (a + b) & LOW32;
    }

    public static long sub32(long a, long b) {
        return (a - b) & LOW32;
    }

    public static long mul32(long a, long b) {
        return ((int) a * (int) b) & LOW32;
    }

    /** Unsigned 32-bit division; by zero gives 0. */
    public static long div32(long a, long b) {
        int d = (int) b;
        return d == 0 ? 0 : Integer.divideUnsigned((int) a, d) & LOW32;
    }

    /** Signed 32-bit division; by zero gives 0, {@code INT_MIN / -1} wraps to {@code INT_MIN}. */
    public static long sdiv32(long a, long b) {
        int d = (int) b;
        return d == 0 ? 0 : ((int) a / d) & LOW32;
    }

    /** Unsigned 32-bit modulo; by zero leaves the low 32 bits of the dividend. */
    public static long mod32(long a, long b) {
        int d = (int) b;
        return d == 0 ? a & LOW32 : Integer.remainderUnsigned((int) a, d) & LOW32;
    }

    /** Signed 32-bit modulo; by zero leaves the low 32 bits of the dividend. */
    public static long smod32(long a, long b) {
        int d = (int) b;
        return d == 0 ? a & LOW32 : ((int) a % d) & LOW32;
    }

    public static long or32(long a, long b) {
        return (a | b) & LOW32;
    }

    public static long and32(long a, long b) {
        return (a & b) & LOW32;
    }

    public static long xor32(long a, long b) {
        return (a ^ b) & LOW32;
    }

    /** 32-bit left shift, count masked to 5 bits. */
    public static long lsh32(long a, long b) {
        return ((int) a << (b & 31)) & LOW32;
    }

    /** 32-bit logical right shift, count masked to 5 bits. */
    public static long rsh32(long a, long b) {
        return ((int) a >>> (b & 31)) & LOW32;
    }

    /** 32-bit arithmetic right shift, count masked to 5 bits, result zero-extended. */
    public static long arsh32(long a, long b) {
        return ((int) a >> (b & 31)) & LOW32;
    }

    public static long neg32(long a) {
        return (-(int) a) & LOW32;
    }

    public static long mov32(long a) {
        return a & LOW32;
    }

    // ---------------------------------------------------------------- sign-extending moves

    /** MOVSX 8 to 64 bits. */
    public static long movsx8To64(long a) {
        return (byte) a;
    }

    /** MOVSX 16 to 64 bits. */
    public static long movsx16To64(long a) {
        return (short) a;
    }

    /** MOVSX 32 to 64 bits. */
    public static long movsx32To64(long a) {
        return (int) a;
    }

    /** MOVSX 8 to 32 bits, upper half zeroed. */
    public static long movsx8To32(long a) {
        return (byte) a & LOW32;
    }

    /** MOVSX 16 to 32 bits, upper half zeroed. */
    public static long movsx16To32(long a) {
        return (short) a & LOW32;
    }

    // ---------------------------------------------------------------- byte order

    /** Host (little endian) to little endian, 16 bits: truncates. */
    public static long le16(long a) {
        return a & 0xffffL;
    }

    /** Host to little endian, 32 bits: truncates. */
    public static long le32(long a) {
        return a & LOW32;
    }

    /** Host to little endian, 64 bits: unchanged. */
    public static long le64(long a) {
        return a;
    }

    /** Byte swap of the low 16 bits, zero-extended; also BE16 on a little-endian host. */
    public static long bswap16(long a) {
        return Short.reverseBytes((short) a) & 0xffffL;
    }

    /** Byte swap of the low 32 bits, zero-extended; also BE32. */
    public static long bswap32(long a) {
        return Integer.reverseBytes((int) a) & LOW32;
    }

    /** Byte swap of all 64 bits; also BE64. */
    public static long bswap64(long a) {
        return Long.reverseBytes(a);
    }

    // ---------------------------------------------------------------- comparisons

    public static boolean jeq64(long a, long b) {
        return a == b;
    }

    public static boolean jne64(long a, long b) {
        return a != b;
    }

    public static boolean jgt64(long a, long b) {
        return Long.compareUnsigned(a, b) > 0;
    }

    public static boolean jge64(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0;
    }

    public static boolean jlt64(long a, long b) {
        return Long.compareUnsigned(a, b) < 0;
    }

    public static boolean jle64(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0;
    }

    public static boolean jsgt64(long a, long b) {
        return a > b;
    }

    public static boolean jsge64(long a, long b) {
        return a >= b;
    }

    public static boolean jslt64(long a, long b) {
        return a < b;
    }

    public static boolean jsle64(long a, long b) {
        return a <= b;
    }

    public static boolean jset64(long a, long b) {
        return (a & b) != 0;
    }

    public static boolean jeq32(long a, long b) {
        return (int) a == (int) b;
    }

    public static boolean jne32(long a, long b) {
        return (int) a != (int) b;
    }

    public static boolean jgt32(long a, long b) {
        return Integer.compareUnsigned((int) a, (int) b) > 0;
    }

    public static boolean jge32(long a, long b) {
        return Integer.compareUnsigned((int) a, (int) b) >= 0;
    }

    public static boolean jlt32(long a, long b) {
        return Integer.compareUnsigned((int) a, (int) b) < 0;
    }

    public static boolean jle32(long a, long b) {
        return Integer.compareUnsigned((int) a, (int) b) <= 0;
    }

    public static boolean jsgt32(long a, long b) {
        return (int) a > (int) b;
    }

    public static boolean jsge32(long a, long b) {
        return (int) a >= (int) b;
    }

    public static boolean jslt32(long a, long b) {
        return (int) a < (int) b;
    }

    public static boolean jsle32(long a, long b) {
        return (int) a <= (int) b;
    }

    public static boolean jset32(long a, long b) {
        return ((int) a & (int) b) != 0;
    }

    // ---------------------------------------------------------------- sign-extending loads

    /** Sign-extends a loaded byte (LDXSB). */
    public static long sext8(long v) {
        return (byte) v;
    }

    /** Sign-extends a loaded half word (LDXSH). */
    public static long sext16(long v) {
        return (short) v;
    }

    /** Sign-extends a loaded word (LDXSW). */
    public static long sext32(long v) {
        return (int) v;
    }
}

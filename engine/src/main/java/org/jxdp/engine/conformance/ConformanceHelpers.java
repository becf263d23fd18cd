package org.jxdp.engine.conformance;

import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.HelperTable;
import org.jxdp.engine.vm.Memory;

/**
 * The helper functions the conformance runners provide (uBPF's {@code test_helpers.h}; FORMAT.md
 * section 10), by id:
 * <pre>
 *   0 gather_bytes  ((r1&amp;0xff)&lt;&lt;32)|((r2&amp;0xff)&lt;&lt;24)|((r3&amp;0xff)&lt;&lt;16)|((r4&amp;0xff)&lt;&lt;8)|(r5&amp;0xff)
 *   1 memfrob       XOR r2 bytes at r1 with 42, returns 0
 *   2 no_op         returns 0
 *   3 sqrti         floor(sqrt(r1))
 *   4 strcmp_ext    strcmp of the NUL-terminated strings at r1 and r2
 *   5 unwind        returns r1; a zero result stops the program with r0 = 0
 * </pre>
 * These are test helpers, not Linux's: in the kernel, id 5 is {@code bpf_ktime_get_ns}.
 */
public final class ConformanceHelpers {
    private ConformanceHelpers() {
    }

    private static final HelperTable TABLE = HelperTable.builder()
            .add(0, "gather_bytes", (c, a, b, d, e, f) ->
                    ((a & 0xff) << 32) | ((b & 0xff) << 24) | ((d & 0xff) << 16) | ((e & 0xff) << 8) | (f & 0xff))
            .add(1, "memfrob", ConformanceHelpers::memfrob)
            .add(2, "no_op", (c, a, b, d, e, f) -> 0)
            .add(3, "sqrti", (c, a, b, d, e, f) -> isqrt(a))
            .add(4, "strcmp_ext", ConformanceHelpers::strcmp)
            .addUnwind(5, "unwind", (c, a, b, d, e, f) -> a)
            .build();

    /** The table, shared and immutable. */
    public static HelperTable table() {
        return TABLE;
    }

    private static long memfrob(ExecutionContext c, long ptr, long len, long r3, long r4, long r5) {
        Memory m = c.memory();
        for (long i = 0; i < len; i++) {
            m.store8(ptr + i, m.load8(ptr + i) ^ 42);
        }
        return 0;
    }

    private static long strcmp(ExecutionContext c, long a, long b, long r3, long r4, long r5) {
        Memory m = c.memory();
        for (long i = 0;; i++) {
            int x = (int) m.load8(a + i);
            int y = (int) m.load8(b + i);
            if (x != y || x == 0) {
                return x - y;
            }
        }
    }

    /** floor(sqrt(v)) of v read as unsigned: a binary search over [0, 2^32). */
    static long isqrt(long v) {
        long lo = 0;
        long hi = 0xffffffffL;
        while (lo < hi) {
            long mid = (lo + hi + 1) >>> 1;
            if (Long.compareUnsigned(mid * mid, v) <= 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}

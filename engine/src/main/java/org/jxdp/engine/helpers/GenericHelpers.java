package org.jxdp.engine.helpers;

import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_csum_diff;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_for_each_map_elem;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_get_prandom_u32;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_get_smp_processor_id;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_jiffies64;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_ktime_get_boot_ns;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_ktime_get_coarse_ns;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_ktime_get_ns;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_loop;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_map_delete_elem;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_map_lookup_elem;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_map_peek_elem;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_map_pop_elem;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_map_push_elem;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_map_update_elem;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_ringbuf_discard;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_ringbuf_output;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_ringbuf_query;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_ringbuf_reserve;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_ringbuf_submit;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_tail_call;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_trace_printk;
import static org.jxdp.engine.maps.Errno.E2BIG;
import static org.jxdp.engine.maps.Errno.EINVAL;

import org.jxdp.engine.isa.Opcodes;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.maps.ProgArrayMap;
import org.jxdp.engine.maps.RingBufMap;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.runtime.WorkerState;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.FaultException;
import org.jxdp.engine.vm.FaultKind;
import org.jxdp.engine.vm.Helper;
import org.jxdp.engine.vm.HelperTable;
import org.jxdp.engine.vm.Memory;

/**
 * The helpers that do not depend on the program type, with the kernel's ids and semantics:
 * map access, time, randomness, the processor id, {@code bpf_trace_printk}, tail calls,
 * {@code bpf_csum_diff}, {@code bpf_loop} and {@code bpf_for_each_map_elem}. The XDP hook adds
 * its own (packet adjustments, redirects...) on top.
 */
public final class GenericHelpers {
    private GenericHelpers() {
    }

    /** Largest {@code nr_loops} bpf_loop accepts (kernel BPF_MAX_LOOPS). */
    public static final long BPF_MAX_LOOPS = 1 << 23;
    /** Jiffies per second assumed for bpf_jiffies64 (CONFIG_HZ=250, Debian's). */
    public static final long HZ = 250;
    /** The kernel's INITIAL_JIFFIES on 64-bit: jiffies start 5 minutes before wrapping 32 bits. */
    public static final long INITIAL_JIFFIES = 0xffffffffL - 300 * HZ + 1;

    /** Adds the generic helpers, bound to {@code rt}, to {@code b}. */
    public static HelperTable.Builder addTo(HelperTable.Builder b, BpfRuntime rt) {
        b.add(BPF_FUNC_map_lookup_elem, "bpf_map_lookup_elem", new MapLookup(rt));
        b.add(BPF_FUNC_map_update_elem, "bpf_map_update_elem", new MapUpdate(rt));
        b.add(BPF_FUNC_map_delete_elem, "bpf_map_delete_elem", new MapDelete(rt));
        b.add(BPF_FUNC_map_push_elem, "bpf_map_push_elem",
                (c, map, value, flags, x4, x5) -> map(rt, map, "bpf_map_push_elem").pushElem(c, value, flags));
        b.add(BPF_FUNC_map_pop_elem, "bpf_map_pop_elem",
                (c, map, value, x3, x4, x5) -> map(rt, map, "bpf_map_pop_elem").popElem(c, value));
        b.add(BPF_FUNC_map_peek_elem, "bpf_map_peek_elem",
                (c, map, value, x3, x4, x5) -> map(rt, map, "bpf_map_peek_elem").peekElem(c, value));
        b.add(BPF_FUNC_ktime_get_ns, "bpf_ktime_get_ns", (c, x1, x2, x3, x4, x5) -> now(c));
        b.add(BPF_FUNC_ktime_get_boot_ns, "bpf_ktime_get_boot_ns", (c, x1, x2, x3, x4, x5) -> now(c));
        b.add(BPF_FUNC_ktime_get_coarse_ns, "bpf_ktime_get_coarse_ns", (c, x1, x2, x3, x4, x5) -> now(c));
        b.add(BPF_FUNC_jiffies64, "bpf_jiffies64",
                (c, x1, x2, x3, x4, x5) -> INITIAL_JIFFIES + now(c) / (1_000_000_000L / HZ));
        b.add(BPF_FUNC_get_prandom_u32, "bpf_get_prandom_u32",
                (c, x1, x2, x3, x4, x5) -> WorkerState.of(c).nextRandom() & 0xffffffffL);
        b.add(BPF_FUNC_get_smp_processor_id, "bpf_get_smp_processor_id",
                (c, x1, x2, x3, x4, x5) -> c.processorId());
        b.add(BPF_FUNC_trace_printk, "bpf_trace_printk", (c, fmt, size, a1, a2, a3) -> tracePrintk(rt, c, fmt, size,
                a1, a2, a3));
        b.add(BPF_FUNC_tail_call, "bpf_tail_call", (c, ctx, map, index, x4, x5) -> tailCall(rt, c, map, index));
        b.add(BPF_FUNC_csum_diff, "bpf_csum_diff", GenericHelpers::csumDiff);
        b.add(BPF_FUNC_loop, "bpf_loop", GenericHelpers::loop);
        b.add(BPF_FUNC_ringbuf_output, "bpf_ringbuf_output",
                (c, map, data, size, flags, x5) -> ringbuf(rt, map, "bpf_ringbuf_output").output(c, data, size, flags));
        b.add(BPF_FUNC_ringbuf_reserve, "bpf_ringbuf_reserve",
                (c, map, size, flags, x4, x5) -> ringbuf(rt, map, "bpf_ringbuf_reserve").reserve(c, size, flags));
        b.add(BPF_FUNC_ringbuf_submit, "bpf_ringbuf_submit", (c, sample, flags, x3, x4, x5) -> {
            RingBufMap.holding(rt, sample).submit(c, sample, flags);
            return 0;
        });
        b.add(BPF_FUNC_ringbuf_discard, "bpf_ringbuf_discard", (c, sample, flags, x3, x4, x5) -> {
            RingBufMap.holding(rt, sample).discard(c, sample, flags);
            return 0;
        });
        b.add(BPF_FUNC_ringbuf_query, "bpf_ringbuf_query",
                (c, map, flags, x3, x4, x5) -> ringbuf(rt, map, "bpf_ringbuf_query").query(flags));
        b.add(BPF_FUNC_for_each_map_elem, "bpf_for_each_map_elem",
                (c, map, callback, cbCtx, flags, x5) -> flags != 0 ? -EINVAL
                        : map(rt, map, "bpf_for_each_map_elem").forEachElem(c, callback, cbCtx));
        return b;
    }

    /**
     * {@code bpf_map_lookup_elem}; bound to a map that exists, {@link BoundLookup} (the JIT
     * binds calls whose r1 is a map constant). One record per operation, rather than one record
     * holding the operation as a function: a bound helper that C2 does not inline is then still a
     * single call to the map, not a dispatch on the operation first.
     */
    private record MapLookup(BpfRuntime rt) implements Helper {
        @Override
        public long call(ExecutionContext c, long map, long key, long r3, long r4, long r5) {
            return map(rt, map, "bpf_map_lookup_elem").lookupElem(c, key);
        }

        @Override
        public Helper bind(long map) {
            BpfMap m = boundMap(rt, map);
            return m == null ? this : new BoundLookup(m);
        }
    }

    /**
     * The map a {@code bpf_map_lookup_elem} helper is bound to ({@link Helper#bind}), or null
     * when {@code h} is not such a helper: the JIT writes lookups in some maps out in place.
     */
    public static BpfMap boundLookupMap(Helper h) {
        return h instanceof BoundLookup b ? b.map() : null;
    }

    /** {@code bpf_map_lookup_elem} on one map. */
    private record BoundLookup(BpfMap map) implements Helper {
        @Override
        public long call(ExecutionContext c, long r1, long key, long r3, long r4, long r5) {
            return map.lookupElem(c, key);
        }
    }

    /** {@code bpf_map_update_elem}; bound to a map that exists, {@link BoundUpdate}. */
    private record MapUpdate(BpfRuntime rt) implements Helper {
        @Override
        public long call(ExecutionContext c, long map, long key, long value, long flags, long r5) {
            return map(rt, map, "bpf_map_update_elem").updateElem(c, key, value, flags);
        }

        @Override
        public Helper bind(long map) {
            BpfMap m = boundMap(rt, map);
            return m == null ? this : new BoundUpdate(m);
        }
    }

    /** {@code bpf_map_update_elem} on one map. */
    private record BoundUpdate(BpfMap map) implements Helper {
        @Override
        public long call(ExecutionContext c, long r1, long key, long value, long flags, long r5) {
            return map.updateElem(c, key, value, flags);
        }
    }

    /** {@code bpf_map_delete_elem}; bound to a map that exists, {@link BoundDelete}. */
    private record MapDelete(BpfRuntime rt) implements Helper {
        @Override
        public long call(ExecutionContext c, long map, long key, long r3, long r4, long r5) {
            return map(rt, map, "bpf_map_delete_elem").deleteElem(c, key);
        }

        @Override
        public Helper bind(long map) {
            BpfMap m = boundMap(rt, map);
            return m == null ? this : new BoundDelete(m);
        }
    }

    /** {@code bpf_map_delete_elem} on one map. */
    private record BoundDelete(BpfMap map) implements Helper {
        @Override
        public long call(ExecutionContext c, long r1, long key, long r3, long r4, long r5) {
            return map.deleteElem(c, key);
        }
    }

    /** The map a constant map pointer names, or null (the unbound helper then faults as it should). */
    private static BpfMap boundMap(BpfRuntime rt, long pointer) {
        return Memory.regionOf(pointer) == Memory.REGION_MAP ? rt.map(Memory.offsetOf(pointer)) : null;
    }

    /** The map a program's map pointer names, or a fault that says which helper got what. */
    public static BpfMap map(BpfRuntime rt, long pointer, String helper) {
        BpfMap m = boundMap(rt, pointer);
        if (m == null) {
            throw new FaultException(FaultKind.HELPER, helper + ": argument 1 (0x" + Long.toHexString(pointer)
                    + ") is not a map pointer");
        }
        return m;
    }

    private static RingBufMap ringbuf(BpfRuntime rt, long pointer, String helper) {
        BpfMap m = map(rt, pointer, helper);
        if (m instanceof RingBufMap r) {
            return r;
        }
        throw new FaultException(FaultKind.HELPER, helper + ": map " + m.name() + " is a " + m.type().bpftoolName()
                + ", not a ringbuf");
    }

    private static long now(ExecutionContext c) {
        WorkerState w = WorkerState.of(c);
        return w.runtime.clock().nowNs(w);
    }

    private static long tailCall(BpfRuntime rt, ExecutionContext c, long mapPtr, long index) {
        BpfMap m = map(rt, mapPtr, "bpf_tail_call");
        if (!(m instanceof ProgArrayMap pa)) {
            throw new FaultException(FaultKind.HELPER, "bpf_tail_call: map " + m.name() + " is a "
                    + m.type().bpftoolName() + ", not a prog_array");
        }
        WorkerState w = WorkerState.of(c);
        Executable target = pa.program(index & 0xffffffffL);
        if (target == null || w.tailCalls >= Opcodes.MAX_TAIL_CALL_CNT) {
            return -EINVAL;
        }
        w.tailCalls++;
        c.pendingTailCall(target);
        return 0;
    }

    /**
     * bpf_csum_diff as Linux has had it since 6.13: the one's-complement sum of {@code to}
     * (seeded) minus that of {@code from}, of any lengths, folded to 16 bits
     * ({@code csum_from32to16}). Words are read as the host (little endian) reads them.
     */
    private static long csumDiff(ExecutionContext c, long from, long fromSize, long to, long toSize, long seed) {
        long fs = fromSize & 0xffffffffL;
        long ts = toSize & 0xffffffffL;
        long s = seed & 0xffffffffL;
        Memory m = c.memory();
        long ret;
        if (fs != 0 && ts != 0) {
            ret = csumAdd(csumPartial(m, to, ts, s), ~csumPartial(m, from, fs, 0) & 0xffffffffL);
        } else if (ts != 0) {
            ret = csumPartial(m, to, ts, s);
        } else if (fs != 0) {
            ret = ~csumPartial(m, from, fs, ~s & 0xffffffffL) & 0xffffffffL;
        } else {
            ret = s;
        }
        return from32to16(ret);
    }

    /** The 32-bit one's-complement sum of {@code len} bytes at {@code addr}, as 16-bit words, plus {@code sum}. */
    static long csumPartial(Memory m, long addr, long len, long sum) {
        long acc = sum;
        long i = 0;
        for (; i + 2 <= len; i += 2) {
            acc += m.load16(addr + i);
        }
        if (i < len) {
            acc += m.load8(addr + i);
        }
        while ((acc >>> 32) != 0) {
            acc = (acc & 0xffffffffL) + (acc >>> 32);
        }
        return acc;
    }

    private static long csumAdd(long a, long b) {
        long r = a + b;
        return (r & 0xffffffffL) + (r >>> 32);
    }

    /** Folds a 32-bit one's-complement sum to 16 bits, end-around carry included. */
    static long from32to16(long sum) {
        int s = (int) sum;
        s += (s >>> 16) | (s << 16);
        return (s >>> 16) & 0xffff;
    }

    private static long loop(ExecutionContext c, long nrLoops, long callback, long cbCtx, long flags, long x5) {
        if (flags != 0) {
            return -EINVAL;
        }
        long n = nrLoops & 0xffffffffL;
        if (n > BPF_MAX_LOOPS) {
            return -E2BIG;
        }
        Executable self = c.current();
        for (long i = 0; i < n; i++) {
            if (self.invoke(c, callback, i, cbCtx, 0, 0, 0) != 0) {
                return i + 1;
            }
        }
        return n;
    }

    private static long tracePrintk(BpfRuntime rt, ExecutionContext c, long fmt, long size, long a1, long a2, long a3) {
        String text = TraceFormat.format(c.memory(), fmt, size, a1, a2, a3);
        if (text == null) {
            return -EINVAL;
        }
        Executable exe = c.current();
        String prog = exe == null ? "?" : exe.program().name();
        // one line per call, as trace_pipe shows it: the format's own final newline ends the line
        rt.trace().accept(prog + ": " + (text.endsWith("\n") ? text.substring(0, text.length() - 1) : text));
        return text.length();
    }
}

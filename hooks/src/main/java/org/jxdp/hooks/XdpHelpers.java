package org.jxdp.hooks;

import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_fib_lookup;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_perf_event_output;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_redirect;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_redirect_map;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_tcp_raw_check_syncookie_ipv4;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_tcp_raw_check_syncookie_ipv6;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_tcp_raw_gen_syncookie_ipv4;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_tcp_raw_gen_syncookie_ipv6;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_xdp_adjust_head;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_xdp_adjust_meta;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_xdp_adjust_tail;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_xdp_get_buff_len;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_xdp_load_bytes;
import static org.jxdp.engine.helpers.BpfFunc.BPF_FUNC_xdp_store_bytes;
import static org.jxdp.engine.maps.Errno.EACCES;
import static org.jxdp.engine.maps.Errno.EFAULT;
import static org.jxdp.engine.maps.Errno.EINVAL;

import java.util.Arrays;
import org.jxdp.engine.helpers.GenericHelpers;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.maps.MapType;
import org.jxdp.engine.maps.PerfEventArrayMap;
import org.jxdp.engine.maps.RedirectMap;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.runtime.WorkerState;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.FaultException;
import org.jxdp.engine.vm.FaultKind;
import org.jxdp.engine.vm.HelperTable;
import org.jxdp.engine.vm.Memory;
import org.jxdp.hooks.fib.FibLookup;
import org.jxdp.hooks.fib.RouteTable;

/**
 * The helpers of XDP programs: the generic ones plus those that work on the frame
 * ({@code bpf_xdp_adjust_head}, {@code _meta}, {@code _tail}, {@code bpf_xdp_get_buff_len},
 * {@code bpf_xdp_load_bytes}, {@code bpf_xdp_store_bytes}), redirects, {@code bpf_fib_lookup}
 * against a user-supplied route table, and the raw SYN cookie helpers, with the kernel's bounds
 * and error codes ({@code net/core/filter.c}).
 */
public final class XdpHelpers {
    private XdpHelpers() {
    }

    /** The helper table of XDP programs in {@code rt}, with an empty route table. */
    public static HelperTable table(BpfRuntime rt) {
        return table(rt, new RouteTable());
    }

    /** The helper table of XDP programs in {@code rt}; {@code bpf_fib_lookup} consults {@code routes}. */
    public static HelperTable table(BpfRuntime rt, RouteTable routes) {
        HelperTable.Builder b = GenericHelpers.addTo(HelperTable.builder(), rt);
        SynCookies cookies = new SynCookies();
        b.add(BPF_FUNC_fib_lookup, "bpf_fib_lookup",
                (c, ctx, params, plen, flags, x5) -> FibLookup.lookup(routes, c.memory(), params, plen, flags));
        b.add(BPF_FUNC_tcp_raw_gen_syncookie_ipv4, "bpf_tcp_raw_gen_syncookie_ipv4",
                (c, iph, th, len, x4, x5) -> cookies.generate(c, iph, th, len, false));
        b.add(BPF_FUNC_tcp_raw_gen_syncookie_ipv6, "bpf_tcp_raw_gen_syncookie_ipv6",
                (c, iph, th, len, x4, x5) -> cookies.generate(c, iph, th, len, true));
        b.add(BPF_FUNC_tcp_raw_check_syncookie_ipv4, "bpf_tcp_raw_check_syncookie_ipv4",
                (c, iph, th, x3, x4, x5) -> cookies.check(c, iph, th, false));
        b.add(BPF_FUNC_tcp_raw_check_syncookie_ipv6, "bpf_tcp_raw_check_syncookie_ipv6",
                (c, iph, th, x3, x4, x5) -> cookies.check(c, iph, th, true));
        b.add(BPF_FUNC_xdp_adjust_head, "bpf_xdp_adjust_head", (c, md, delta, x3, x4, x5) -> adjustHead(c, (int) delta));
        b.add(BPF_FUNC_xdp_adjust_meta, "bpf_xdp_adjust_meta", (c, md, delta, x3, x4, x5) -> adjustMeta(c, (int) delta));
        b.add(BPF_FUNC_xdp_adjust_tail, "bpf_xdp_adjust_tail", (c, md, delta, x3, x4, x5) -> adjustTail(c, (int) delta));
        b.add(BPF_FUNC_xdp_get_buff_len, "bpf_xdp_get_buff_len", (c, md, x2, x3, x4, x5) -> XdpRunner.of(c).frame().length());
        b.add(BPF_FUNC_xdp_load_bytes, "bpf_xdp_load_bytes", (c, md, off, buf, len, x5) -> loadBytes(c, off, buf, len));
        b.add(BPF_FUNC_xdp_store_bytes, "bpf_xdp_store_bytes", (c, md, off, buf, len, x5) -> storeBytes(c, off, buf, len));
        b.add(BPF_FUNC_redirect, "bpf_redirect", (c, ifindex, flags, x3, x4, x5) -> redirect(c, ifindex, flags));
        b.add(BPF_FUNC_redirect_map, "bpf_redirect_map", (c, map, key, flags, x4, x5) -> redirectMap(rt, c, map, key, flags));
        b.add(BPF_FUNC_perf_event_output, "bpf_perf_event_output",
                (c, ctx, map, flags, data, size) -> perfEventOutput(rt, c, map, flags, data, size));
        return b.build();
    }

    private static long adjustHead(ExecutionContext c, int delta) {
        XdpRunner run = XdpRunner.of(c);
        XdpFrame f = run.frame();
        int metalen = f.data - f.dataMeta;
        int dataStart = XdpFrame.XDP_FRAME_SIZE + metalen;
        long data = (long) f.data + delta;
        if (data < dataStart || data > f.dataEnd - XdpFrame.ETH_HLEN) {
            return -EINVAL;
        }
        if (metalen > 0) {
            System.arraycopy(f.slot(), f.dataMeta, f.slot(), f.dataMeta + delta, metalen);
        }
        f.dataMeta += delta;
        f.data = (int) data;
        run.bindPacket();
        return 0;
    }

    private static long adjustMeta(ExecutionContext c, int delta) {
        XdpRunner run = XdpRunner.of(c);
        XdpFrame f = run.frame();
        long meta = (long) f.dataMeta + delta;
        long metalen = f.data - meta;
        if (meta < XdpFrame.XDP_FRAME_SIZE || meta > f.data) {
            return -EINVAL;
        }
        if ((metalen & 3) != 0 || metalen > XdpFrame.MAX_METADATA) {
            return -EACCES;
        }
        f.dataMeta = (int) meta;
        run.bindPacket();
        return 0;
    }

    private static long adjustTail(ExecutionContext c, int delta) {
        XdpRunner run = XdpRunner.of(c);
        XdpFrame f = run.frame();
        long end = (long) f.dataEnd + delta;
        if (end > f.hardEnd() || end < f.data + XdpFrame.ETH_HLEN) {
            return -EINVAL;
        }
        if (delta > 0) {
            Arrays.fill(f.slot(), f.dataEnd, (int) end, (byte) 0);
        }
        f.dataEnd = (int) end;
        run.bindPacket();
        return 0;
    }

    private static long loadBytes(ExecutionContext c, long offset, long buf, long len) {
        XdpFrame f = XdpRunner.of(c).frame();
        long bad = checkRange(f, offset, len);
        if (bad != 0) {
            return bad;
        }
        c.memory().write(buf, f.slot(), f.data + (int) offset, (int) len);
        return 0;
    }

    private static long storeBytes(ExecutionContext c, long offset, long buf, long len) {
        XdpFrame f = XdpRunner.of(c).frame();
        long bad = checkRange(f, offset, len);
        if (bad != 0) {
            return bad;
        }
        c.memory().read(buf, f.slot(), f.data + (int) offset, (int) len);
        return 0;
    }

    /**
     * The checks of the kernel's {@code bpf_xdp_pointer}: an offset or length over 0xffff is
     * -EFAULT, a range past the end of the frame -EINVAL; 0 when the range is in the frame.
     */
    private static long checkRange(XdpFrame f, long offset, long len) {
        long o = offset & 0xffffffffL;
        long n = len & 0xffffffffL;
        if (o > 0xffff || n > 0xffff) {
            return -EFAULT;
        }
        return o + n > f.length() ? -EINVAL : 0;
    }

    /** Redirect flags: send to every device of the map. */
    public static final long BPF_F_BROADCAST = 1L << 3;
    /** Redirect flags: with BPF_F_BROADCAST, not to the ingress device. */
    public static final long BPF_F_EXCLUDE_INGRESS = 1L << 4;
    /** The low bits of redirect_map's flags: the action to return when the key has no entry. */
    private static final long ACTION_MASK = XdpAction.XDP_ABORTED | XdpAction.XDP_DROP | XdpAction.XDP_PASS
            | XdpAction.XDP_TX;

    private static long redirectMap(BpfRuntime rt, ExecutionContext c, long mapPtr, long key, long flags) {
        BpfMap m = GenericHelpers.map(rt, mapPtr, "bpf_redirect_map");
        if (!(m instanceof RedirectMap rm)) {
            throw new FaultException(FaultKind.HELPER, "bpf_redirect_map: map " + m.name() + " is a "
                    + m.type().bpftoolName() + ", not a devmap, cpumap or xskmap");
        }
        boolean devmap = m.type() == MapType.BPF_MAP_TYPE_DEVMAP || m.type() == MapType.BPF_MAP_TYPE_DEVMAP_HASH;
        long allowed = ACTION_MASK | (devmap ? BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS : 0);
        if ((flags & ~allowed) != 0) {
            return XdpAction.XDP_ABORTED;
        }
        boolean broadcast = (flags & BPF_F_BROADCAST) != 0;
        long target = rm.target(key & 0xffffffffL);
        WorkerState w = WorkerState.of(c);
        if (target == RedirectMap.NO_TARGET && !broadcast) {
            w.redirectTarget = -1;
            w.redirectMap = null;
            return flags & ACTION_MASK;
        }
        w.redirectMap = m;
        w.redirectTarget = broadcast ? -1 : target;
        w.redirectFlags = flags;
        return XdpAction.XDP_REDIRECT;
    }

    private static long perfEventOutput(BpfRuntime rt, ExecutionContext c, long mapPtr, long flags, long data,
            long size) {
        BpfMap m = GenericHelpers.map(rt, mapPtr, "bpf_perf_event_output");
        if (!(m instanceof PerfEventArrayMap perf)) {
            throw new FaultException(FaultKind.HELPER, "bpf_perf_event_output: map " + m.name() + " is a "
                    + m.type().bpftoolName() + ", not a perf_event_array");
        }
        XdpFrame f = XdpRunner.of(c).frame();
        long packetBytes = (flags & PerfEventArrayMap.BPF_F_CTXLEN_MASK) >>> 32;
        if ((flags & ~(PerfEventArrayMap.BPF_F_CTXLEN_MASK | PerfEventArrayMap.BPF_F_INDEX_MASK)) != 0) {
            return -EINVAL;
        }
        if (packetBytes > f.length()) {
            return -EFAULT;
        }
        return perf.output(c, flags, data, size, Memory.address(Memory.REGION_PACKET, f.data), packetBytes);
    }

    private static long redirect(ExecutionContext c, long ifindex, long flags) {
        if (flags != 0) {
            return XdpAction.XDP_ABORTED;
        }
        WorkerState w = WorkerState.of(c);
        w.redirectTarget = ifindex & 0xffffffffL;
        w.redirectMap = null;
        w.redirectFlags = 0;
        return XdpAction.XDP_REDIRECT;
    }
}

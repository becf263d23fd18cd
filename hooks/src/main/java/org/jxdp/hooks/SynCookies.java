package org.jxdp.hooks;

import java.security.SecureRandom;
import org.jxdp.engine.runtime.BpfClock;
import org.jxdp.engine.runtime.WorkerState;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Memory;

/**
 * The SYN cookies of {@code bpf_tcp_raw_gen_syncookie_ipv4/ipv6} and
 * {@code bpf_tcp_raw_check_syncookie_ipv4/ipv6}, built as the kernel builds them
 * ({@code net/ipv4/syncookies.c}): a keyed hash of the 4-tuple plus the client's sequence
 * number, the minute counter in the top 8 bits, and the MSS table index hashed into the low 24.
 * The keys are this instance's own (random), so cookies are not the kernel's bits, but they
 * are generated, encoded and checked the same way, and stay valid for two minutes of the
 * runtime's clock (the capture's clock during a replay).
 * <pre>
 *   cookie = H0(saddr, daddr, sport, dport) + seq + (minute &lt;&lt; 24)
 *            + ((H1(saddr, daddr, sport, dport, minute) + mss_index) &amp; 0xffffff)
 *   gen result (s64) = cookie | mss &lt;&lt; 32
 * </pre>
 */
final class SynCookies {
    private static final int COOKIEBITS = 24;
    private static final long COOKIEMASK = (1L << COOKIEBITS) - 1;
    private static final int MAX_SYNCOOKIE_AGE = 2;
    /** MSS values an IPv4 cookie can encode. */
    static final int[] MSSTAB_V4 = {536, 1300, 1440, 1460};
    /** MSS values an IPv6 cookie can encode. */
    static final int[] MSSTAB_V6 = {1280 - 60, 1480 - 60, 1500 - 60, 9000 - 60};
    /** The MSS assumed when a SYN has no MSS option. */
    static final int TCP_MSS_DEFAULT = 536;

    private static final int EINVAL = 22;
    private static final int EACCES = 13;

    private final SipHash h0;
    private final SipHash h1;

    SynCookies() {
        SecureRandom r = new SecureRandom();
        this.h0 = new SipHash(r.nextLong(), r.nextLong());
        this.h1 = new SipHash(r.nextLong(), r.nextLong());
    }

    private static long minute(ExecutionContext c) {
        WorkerState w = WorkerState.of(c);
        BpfClock clock = w.runtime.clock();
        return clock.nowNs(w) / 60_000_000_000L;
    }

    /** Hash inputs of the 4-tuple: addresses (v4 or v6) and ports, from program memory. */
    private long hash(SipHash h, Memory m, long iph, long th, boolean v6, long extra) {
        long ports = m.load32(th);
        if (!v6) {
            long addrs = m.load32(iph + 12) << 32 | m.load32(iph + 16);
            return h.hash(addrs, ports, extra, 0, 3);
        }
        long a = m.load64(iph + 8) ^ Long.rotateLeft(m.load64(iph + 16), 17);
        long b = m.load64(iph + 24) ^ Long.rotateLeft(m.load64(iph + 32), 29);
        return h.hash(a, b, ports, extra, 4);
    }

    long generate(ExecutionContext c, long iph, long th, long thLen, boolean v6) {
        Memory m = c.memory();
        long len = thLen & 0xffffffffL;
        if (len < 20 || len != ((m.load8(th + 12) >>> 4) * 4)) {
            return -EINVAL;
        }
        int mss = mssOption(m, th, (int) len);
        if (mss == 0) {
            mss = TCP_MSS_DEFAULT;
        }
        int[] tab = v6 ? MSSTAB_V6 : MSSTAB_V4;
        int ind = tab.length - 1;
        for (; ind > 0; ind--) {
            if (mss >= tab[ind]) {
                break;
            }
        }
        long seq = Long.reverseBytes(m.load32(th + 4) << 32);
        long count = minute(c);
        long cookie = hash(h0, m, iph, th, v6, 0) + seq + (count << COOKIEBITS)
                + ((hash(h1, m, iph, th, v6, count) + ind) & COOKIEMASK);
        return (cookie & 0xffffffffL) | ((long) tab[ind] << 32);
    }

    long check(ExecutionContext c, long iph, long th, boolean v6) {
        Memory m = c.memory();
        long ack = (Long.reverseBytes(m.load32(th + 8) << 32) - 1) & 0xffffffffL;
        long seq = (Long.reverseBytes(m.load32(th + 4) << 32) - 1) & 0xffffffffL;
        long count = minute(c);
        long cookie = (ack - hash(h0, m, iph, th, v6, 0) - seq) & 0xffffffffL;
        long diff = (count - (cookie >>> COOKIEBITS)) & (0xffffffffL >>> COOKIEBITS);
        if (diff >= MAX_SYNCOOKIE_AGE) {
            return -EACCES;
        }
        long ind = (cookie - hash(h1, m, iph, th, v6, count - diff)) & COOKIEMASK;
        int[] tab = v6 ? MSSTAB_V6 : MSSTAB_V4;
        return ind < tab.length ? 0 : -EACCES;
    }

    /** The MSS option's value, or 0 (the kernel's tcp_parse_mss_option). */
    private static int mssOption(Memory m, long th, int len) {
        int i = 20;
        while (i < len) {
            int kind = (int) m.load8(th + i);
            if (kind == 0) {
                return 0;
            }
            if (kind == 1) {
                i++;
                continue;
            }
            if (i + 1 >= len) {
                return 0;
            }
            int olen = (int) m.load8(th + i + 1);
            if (olen < 2 || i + olen > len) {
                return 0;
            }
            if (kind == 2 && olen == 4) {
                return (int) (Long.reverseBytes(m.load16(th + i + 2) << 48) & 0xffff);
            }
            i += olen;
        }
        return 0;
    }
}

package org.jxdp.engine.helpers;

import org.jxdp.engine.vm.Memory;

/**
 * The format language of {@code bpf_trace_printk}: at most three conversions among {@code %d %i
 * %u %x %X %c %s %p %pK %px %%}, with the length modifiers {@code l}, {@code ll} and
 * {@code h}, and an optional width and {@code 0} flag. A format the kernel would refuse gives
 * null (the helper then returns -EINVAL).
 */
final class TraceFormat {
    private TraceFormat() {
    }

    private static final int MAX_STRING = 256;

    static String format(Memory m, long fmt, long size, long a1, long a2, long a3) {
        if (size <= 0 || size > 1024) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        long[] args = {a1, a2, a3};
        int used = 0;
        long end = fmt + size;
        for (long p = fmt; p < end; p++) {
            int ch = (int) m.load8(p);
            if (ch == 0) {
                break;
            }
            if (ch != '%') {
                sb.append((char) ch);
                continue;
            }
            p++;
            if (p >= end) {
                return null;
            }
            ch = (int) m.load8(p);
            if (ch == '%') {
                sb.append('%');
                continue;
            }
            boolean zero = false;
            int width = 0;
            if (ch == '0') {
                zero = true;
                p++;
                ch = p < end ? (int) m.load8(p) : 0;
            }
            while (ch >= '0' && ch <= '9') {
                width = width * 10 + (ch - '0');
                p++;
                ch = p < end ? (int) m.load8(p) : 0;
            }
            int longs = 0;
            boolean half = false;
            while (ch == 'l' || ch == 'h') {
                if (ch == 'l') {
                    longs++;
                } else {
                    half = true;
                }
                p++;
                ch = p < end ? (int) m.load8(p) : 0;
            }
            if (used == 3) {
                return null;
            }
            long v = args[used++];
            if (longs == 0) {
                v = half ? (short) v : (int) v;
            }
            String s;
            switch (ch) {
                case 'd':
                case 'i':
                    s = Long.toString(v);
                    break;
                case 'u':
                    s = longs == 0 ? Long.toString(v & (half ? 0xffffL : 0xffffffffL)) : Long.toUnsignedString(v);
                    break;
                case 'x':
                case 'X': {
                    long u = longs == 0 ? v & (half ? 0xffffL : 0xffffffffL) : v;
                    s = Long.toHexString(u);
                    if (ch == 'X') {
                        s = s.toUpperCase();
                    }
                    break;
                }
                case 'c':
                    s = String.valueOf((char) (v & 0xff));
                    break;
                case 'p':
                    if (p + 1 < end && (m.load8(p + 1) == 'K' || m.load8(p + 1) == 'x')) {
                        p++;
                    }
                    s = "0x" + Long.toHexString(args[used - 1]);
                    break;
                case 's':
                    s = string(m, args[used - 1]);
                    break;
                default:
                    return null;
            }
            for (int pad = s.length(); pad < width; pad++) {
                sb.append(zero ? '0' : ' ');
            }
            sb.append(s);
        }
        return sb.toString();
    }

    private static String string(Memory m, long addr) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < MAX_STRING; i++) {
            int ch = (int) m.load8(addr + i);
            if (ch == 0) {
                break;
            }
            sb.append((char) ch);
        }
        return sb.toString();
    }
}

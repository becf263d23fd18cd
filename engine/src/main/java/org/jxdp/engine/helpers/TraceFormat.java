package org.jxdp.engine.helpers;

import org.jxdp.engine.vm.FaultException;
import org.jxdp.engine.vm.Memory;

/**
 * The format language of {@code bpf_trace_printk}, checked as the kernel's
 * {@code bpf_bprintf_prepare} checks it and printed as its {@code bstr_printf} prints it:
 * <ul>
 * <li>the format ends at a NUL inside {@code size} bytes, and holds only printable ASCII and
 *     white space;
 * <li>at most three conversions: {@code %d %i %u %x %X} with at most two {@code l} (no
 *     {@code h}), {@code %c}, {@code %s}, {@code %pks %pus} (strings), {@code %pI4 %pi4 %pI6
 *     %pi6} (addresses read through the pointer), {@code %p %pK %px %ps %pS %pB} (the pointer
 *     itself), and {@code %%};
 * <li>before the conversion, any of the flags {@code 0 + - space} and a width.
 * </ul>
 * A format the kernel refuses gives null (the helper then returns -EINVAL). The kernel prints
 * {@code %p} and {@code %pK} hashed, which jxdp cannot reproduce: like {@code %px} they print
 * the 16 hex digits of the value, so the length (what the helper returns) is the kernel's.
 * A string or address the pointer does not reach prints as the kernel prints it: an empty
 * string, a zero address.
 */
final class TraceFormat {
    private TraceFormat() {
    }

    /** Longest string a {@code %s} copies (the kernel's MAX_BPRINTF_BIN_ARGS buffer). */
    private static final int MAX_STRING = 512;

    static String format(Memory m, long fmt, long size, long a1, long a2, long a3) {
        byte[] f = terminated(m, fmt, size);
        if (f == null) {
            return null;
        }
        for (int i = 0; f[i] != 0; i++) {
            int c = f[i] & 0xff;
            if (!(c >= 0x20 && c < 0x7f) && !(c == ' ' || (c >= '\t' && c <= '\r'))) {
                return null;
            }
        }
        long[] args = {a1, a2, a3};
        int used = 0;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; f[i] != 0; i++) {
            char c = (char) f[i];
            if (c != '%') {
                sb.append(c);
                continue;
            }
            if (f[i + 1] == '%') {
                sb.append('%');
                i++;
                continue;
            }
            if (used == args.length) {
                return null;
            }
            long arg = args[used++];
            i++;
            boolean left = false;
            boolean plus = false;
            boolean space = false;
            boolean zero = false;
            for (;; i++) {
                if (f[i] == '-') {
                    left = true;
                } else if (f[i] == '+') {
                    plus = true;
                } else if (f[i] == ' ') {
                    space = true;
                } else if (f[i] == '0') {
                    zero = true;
                } else {
                    break;
                }
            }
            int width = 0;
            if (f[i] >= '1' && f[i] <= '9') {
                while (f[i] >= '0' && f[i] <= '9') {
                    width = (int) Math.min(1 << 20, width * 10L + (f[i] - '0'));
                    i++;
                }
            }
            String body;
            String sign = "";
            boolean numeric = false;
            switch (f[i]) {
                case 'p': {
                    byte n1 = f[i + 1];
                    if (n1 == 0 || isSpace(n1) || isPunct(n1)) {
                        body = hex16(arg);
                    } else if ((n1 == 'k' || n1 == 'u') && f[i + 2] == 's') {
                        i += 2;
                        body = string(m, arg);
                    } else if (n1 == 'K' || n1 == 'x' || n1 == 's' || n1 == 'S') {
                        i++;
                        body = n1 == 's' || n1 == 'S' ? "0x" + Long.toHexString(arg) : hex16(arg);
                    } else if (n1 == 'B') {
                        i++;
                        body = "0x" + Long.toHexString(arg);
                    } else if ((n1 == 'i' || n1 == 'I') && (f[i + 2] == '4' || f[i + 2] == '6')) {
                        boolean v6 = f[i + 2] == '6';
                        i += 2;
                        body = address(m, arg, v6, n1 == 'I');
                    } else {
                        return null;
                    }
                    break;
                }
                case 's':
                    body = string(m, arg);
                    break;
                case 'c':
                    body = String.valueOf((char) (arg & 0xff));
                    break;
                default: {
                    boolean wide = false;
                    if (f[i] == 'l') {
                        wide = true;
                        i++;
                        if (f[i] == 'l') {
                            i++;
                        }
                    }
                    char conv = (char) f[i];
                    long v = wide ? arg : conv == 'd' || conv == 'i' ? (int) arg : arg & 0xffffffffL;
                    switch (conv) {
                        case 'd', 'i' -> {
                            body = v < 0 ? Long.toString(v).substring(1) : Long.toString(v);
                            if (v == Long.MIN_VALUE) {
                                body = "9223372036854775808";
                            }
                            sign = v < 0 ? "-" : plus ? "+" : space ? " " : "";
                        }
                        case 'u' -> body = Long.toUnsignedString(v);
                        case 'x' -> body = Long.toHexString(v);
                        case 'X' -> body = Long.toHexString(v).toUpperCase();
                        default -> {
                            return null;
                        }
                    }
                    numeric = true;
                }
            }
            int pad = width - sign.length() - body.length();
            if (left) {
                sb.append(sign).append(body).append(" ".repeat(Math.max(0, pad)));
            } else if (zero && numeric) {
                sb.append(sign).append("0".repeat(Math.max(0, pad))).append(body);
            } else {
                sb.append(" ".repeat(Math.max(0, pad))).append(sign).append(body);
            }
        }
        return sb.toString();
    }

    /** The format's bytes up to and including its NUL, or null when there is none within {@code size}. */
    private static byte[] terminated(Memory m, long fmt, long size) {
        if (size <= 0) {
            return null;
        }
        StringBuilder probe = new StringBuilder();
        for (long i = 0; i < size; i++) {
            int c = (int) m.load8(fmt + i);
            if (c == 0) {
                byte[] out = new byte[probe.length() + 3];
                for (int j = 0; j < probe.length(); j++) {
                    out[j] = (byte) probe.charAt(j);
                }
                return out;   // NUL-terminated, with two more NULs so that look-ahead stays inside
            }
            probe.append((char) c);
        }
        return null;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isPunct(byte c) {
        return c > ' ' && c < 0x7f && !Character.isLetterOrDigit(c);
    }

    private static String hex16(long v) {
        String h = Long.toHexString(v);
        return "0".repeat(16 - h.length()) + h;
    }

    /** {@code %pI4} 1.2.3.4, {@code %pi4} 001.002.003.004, {@code %pI6} 2001:0db8:..., {@code %pi6} 20010db8... */
    private static String address(Memory m, long p, boolean v6, boolean dotted) {
        int n = v6 ? 16 : 4;
        int[] b = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                b[i] = (int) m.load8(p + i);
            }
        } catch (FaultException e) {
            b = new int[n];
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (!v6) {
                if (i > 0) {
                    sb.append('.');
                }
                sb.append(dotted ? Integer.toString(b[i]) : String.format("%03d", b[i]));
            } else {
                if (dotted && i > 0 && i % 2 == 0) {
                    sb.append(':');
                }
                sb.append(String.format("%02x", b[i]));
            }
        }
        return sb.toString();
    }

    private static String string(Memory m, long addr) {
        StringBuilder sb = new StringBuilder();
        try {
            for (int i = 0; i < MAX_STRING - 1; i++) {
                int ch = (int) m.load8(addr + i);
                if (ch == 0) {
                    break;
                }
                sb.append((char) ch);
            }
        } catch (FaultException e) {
            return "";
        }
        return sb.toString();
    }
}

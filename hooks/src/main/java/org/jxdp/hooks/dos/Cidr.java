package org.jxdp.hooks.dos;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 prefix. The filter compares addresses as 16 bytes, IPv4 as
 * {@code ::ffff:a.b.c.d}; {@link #mapped()} and {@link #mappedMask()} give that form.
 *
 * @param v6 an IPv6 prefix
 * @param address the network address, 4 or 16 bytes, host bits cleared
 * @param prefix the prefix length
 */
public record Cidr(boolean v6, byte[] address, int prefix) {

    /** Parses {@code a.b.c.d[/n]} or {@code x:y::z[/n]}; throws IllegalArgumentException with the reason. */
    public static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        boolean v6 = addr.contains(":");
        if (!v6 && !addr.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address or prefix");
        }
        if (v6 && !addr.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 address or prefix");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or prefix");
        }
        if (bytes.length == 4 && v6) {  // ::ffff:a.b.c.d written as IPv6 collapses to IPv4
            throw new IllegalArgumentException("'" + text + "': write IPv4-mapped addresses as IPv4");
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("'" + text + "': prefix length must be 0.." + max);
            }
        }
        byte[] net = bytes.clone();
        for (int i = 0; i < net.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            int mask = keep == 0 ? 0 : (0xff << (8 - keep)) & 0xff;
            if ((net[i] & ~mask & 0xff) != 0) {
                throw new IllegalArgumentException("'" + text + "' has host bits set; the network is "
                        + format(net, prefix));
            }
            net[i] &= (byte) mask;
        }
        return new Cidr(bytes.length == 16, net, prefix);
    }

    private static String format(byte[] bytes, int prefix) {
        byte[] n = bytes.clone();
        for (int i = 0; i < n.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            n[i] &= (byte) (keep == 0 ? 0 : (0xff << (8 - keep)) & 0xff);
        }
        try {
            return InetAddress.getByAddress(n).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The address as the filter's 16 bytes (IPv4 as ::ffff:a.b.c.d). */
    public byte[] mapped() {
        if (v6) {
            return address.clone();
        }
        byte[] m = new byte[16];
        m[10] = (byte) 0xff;
        m[11] = (byte) 0xff;
        System.arraycopy(address, 0, m, 12, 4);
        return m;
    }

    /** The mask of {@link #mapped()}: IPv4 prefixes also match only IPv4-mapped addresses. */
    public byte[] mappedMask() {
        int bits = v6 ? prefix : 96 + prefix;
        byte[] m = new byte[16];
        for (int i = 0; i < 16; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            m[i] = (byte) (keep == 0 ? 0 : (0xff << (8 - keep)) & 0xff);
        }
        return m;
    }

    @Override
    public String toString() {
        return format(address, prefix);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.v6 == v6 && c.prefix == prefix && Arrays.equals(c.address, address);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + prefix;
    }
}

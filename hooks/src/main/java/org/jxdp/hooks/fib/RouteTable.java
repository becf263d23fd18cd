package org.jxdp.hooks.fib;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The forwarding state {@code bpf_fib_lookup} consults, which the user supplies: routes (prefix,
 * gateway, device, metric, type), neighbours (address to MAC) and devices (index, MAC, MTU,
 * addresses, whether they forward). Replaced as a whole snapshot, so lookups never lock.
 *
 * <p>Text form, one entry per line ({@code #} comments), in the spirit of {@code ip}:
 * <pre>
 *   dev 2 mac 02:00:00:00:00:02 mtu 1500 addr 192.0.2.1 addr 2001:db8::1 [noforward]
 *   route 198.51.100.0/24 via 192.0.2.254 dev 2 [metric 10]
 *   route 203.0.113.0/24 dev 3
 *   route blackhole 10.66.0.0/16        (also unreachable, prohibit)
 *   neigh 192.0.2.254 lladdr 02:00:00:00:00:fe dev 2
 * </pre>
 */
public final class RouteTable {
    /** What a route does with matching traffic. */
    public enum Kind { UNICAST, BLACKHOLE, UNREACHABLE, PROHIBIT }

    /** A route to {@code prefix/length}; {@code gateway} null for a directly connected network. */
    public record Route(byte[] prefix, int length, byte[] gateway, int ifindex, int metric, Kind kind) {
    }

    /** A device: its MAC, MTU, addresses, and whether it forwards. */
    public record Device(int ifindex, byte[] mac, int mtu, List<byte[]> addresses, boolean forwarding) {
    }

    /** A neighbour: an address and its MAC. */
    public record Neighbour(byte[] address, byte[] mac) {
    }

    private record Snapshot(List<Route> routes, List<Neighbour> neighbours, Map<Integer, Device> devices) {
    }

    private volatile Snapshot snapshot = new Snapshot(List.of(), List.of(), Map.of());

    /** An empty table: every lookup is BPF_FIB_LKUP_RET_NOT_FWDED. */
    public RouteTable() {
    }

    /** Parses the text form; errors name the line. */
    public static RouteTable parse(String text) {
        RouteTable t = new RouteTable();
        t.replace(text);
        return t;
    }

    /** Replaces the whole table with the one {@code text} describes. */
    public void replace(String text) {
        List<Route> routes = new ArrayList<>();
        List<Neighbour> neigh = new ArrayList<>();
        Map<Integer, Device> devs = new HashMap<>();
        String[] lines = text.split("\n");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].replaceAll("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] w = line.split("\\s+");
            try {
                switch (w[0]) {
                    case "dev": {
                        int idx = Integer.parseInt(w[1]);
                        byte[] mac = new byte[6];
                        int mtu = 1500;
                        boolean fwd = true;
                        List<byte[]> addrs = new ArrayList<>();
                        for (int i = 2; i < w.length; i++) {
                            switch (w[i]) {
                                case "mac": mac = mac(w[++i]); break;
                                case "mtu": mtu = Integer.parseInt(w[++i]); break;
                                case "addr": addrs.add(ip(w[++i])); break;
                                case "noforward": fwd = false; break;
                                default: throw new IllegalArgumentException("unknown word '" + w[i] + "'");
                            }
                        }
                        devs.put(idx, new Device(idx, mac, mtu, List.copyOf(addrs), fwd));
                        break;
                    }
                    case "route": {
                        int i = 1;
                        Kind kind = Kind.UNICAST;
                        if (w[i].equals("blackhole") || w[i].equals("unreachable") || w[i].equals("prohibit")) {
                            kind = Kind.valueOf(w[i].toUpperCase());
                            i++;
                        }
                        String[] pl = w[i++].split("/");
                        byte[] prefix = ip(pl[0]);
                        int len = pl.length > 1 ? Integer.parseInt(pl[1]) : prefix.length * 8;
                        if (len < 0 || len > prefix.length * 8) {
                            throw new IllegalArgumentException("prefix length " + len + " out of range");
                        }
                        byte[] gw = null;
                        int dev = 0;
                        int metric = 0;
                        for (; i < w.length; i++) {
                            switch (w[i]) {
                                case "via": gw = ip(w[++i]); break;
                                case "dev": dev = Integer.parseInt(w[++i]); break;
                                case "metric": metric = Integer.parseInt(w[++i]); break;
                                default: throw new IllegalArgumentException("unknown word '" + w[i] + "'");
                            }
                        }
                        if (kind == Kind.UNICAST && dev == 0) {
                            throw new IllegalArgumentException("a route needs a device (dev N)");
                        }
                        routes.add(new Route(prefix, len, gw, dev, metric, kind));
                        break;
                    }
                    case "neigh": {
                        byte[] addr = ip(w[1]);
                        if (!w[2].equals("lladdr")) {
                            throw new IllegalArgumentException("expected lladdr after the address");
                        }
                        neigh.add(new Neighbour(addr, mac(w[3])));
                        break;
                    }
                    default:
                        throw new IllegalArgumentException("unknown entry '" + w[0] + "' (expected dev, route or neigh)");
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("route table line " + (n + 1) + ": " + e.getMessage(), e);
            }
        }
        snapshot = new Snapshot(List.copyOf(routes), List.copyOf(neigh), Map.copyOf(devs));
    }

    /** The most specific route to the address at {@code a[off, off+len)} (lowest metric among equals), or null. */
    Route route(byte[] a, int off, int len) {
        Route best = null;
        for (Route r : snapshot.routes) {
            if (r.prefix.length == len && matches(r.prefix, a, off, r.length)
                    && (best == null || r.length > best.length || r.length == best.length && r.metric < best.metric)) {
                best = r;
            }
        }
        return best;
    }

    /** The MAC of the neighbour at {@code a[off, off+len)}, or null. */
    byte[] neighbour(byte[] a, int off, int len) {
        for (Neighbour n : snapshot.neighbours) {
            if (equal(n.address, a, off, len)) {
                return n.mac;
            }
        }
        return null;
    }

    /** Device {@code ifindex}, or null. */
    Device device(int ifindex) {
        return snapshot.devices.get(ifindex);
    }

    /** True when the address at {@code a[off, off+len)} is one of the devices' (traffic for this host). */
    boolean isLocal(byte[] a, int off, int len) {
        for (Device d : snapshot.devices.values()) {
            for (byte[] x : d.addresses()) {
                if (equal(x, a, off, len)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean equal(byte[] x, byte[] a, int off, int len) {
        return x.length == len && java.util.Arrays.equals(x, 0, len, a, off, off + len);
    }

    private static boolean matches(byte[] prefix, byte[] a, int off, int bits) {
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i & 7);
            if ((prefix[i >> 3] & mask) != (a[off + (i >> 3)] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ip(String s) {
        if (!s.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("'" + s + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + s + "' is not an IP address");
        }
    }

    private static byte[] mac(String s) {
        String[] p = s.split(":");
        if (p.length != 6) {
            throw new IllegalArgumentException("'" + s + "' is not a MAC address");
        }
        byte[] m = new byte[6];
        for (int i = 0; i < 6; i++) {
            m[i] = (byte) Integer.parseInt(p[i], 16);
        }
        return m;
    }
}

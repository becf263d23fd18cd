package org.jxdp.hooks.dos;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.object.BpfObject;

/**
 * What the filter did, read from its maps: frames and bytes per rule id ({@code rule_hits},
 * summed over the CPUs) and the sources with the most dropped frames ({@code talkers}).
 *
 * @param hits the rules that decided at least one frame, by id
 * @param talkers the sources with the most dropped frames, most first
 */
public record DosReport(List<RuleHits> hits, List<Talker> talkers) {

    /**
     * One rule's counters.
     *
     * @param id the rule id
     * @param name its name ({@link DosRules#ruleName})
     * @param packets frames it decided
     * @param bytes their bytes
     */
    public record RuleHits(int id, String name, long packets, long bytes) {
    }

    /**
     * A source and its dropped frames.
     *
     * @param source the address (an IPv6 source as its address)
     * @param drops dropped frames
     */
    public record Talker(String source, long drops) {
    }

    /** Reads the counters of a loaded filter; names from {@code rules}; at most {@code top} talkers. */
    public static DosReport read(BpfObject obj, DosRules rules, int top) {
        BpfMap hitsMap = obj.map("rule_hits");
        List<RuleHits> hits = new ArrayList<>();
        for (int id = 0; id < RuleIds.DOS_MAX_RULE_IDS; id++) {
            long[] c = hits(hitsMap, id);
            if (c[0] > 0) {
                hits.add(new RuleHits(id, rules.ruleName(id), c[0], c[1]));
            }
        }
        return new DosReport(hits, talkers(obj, top));
    }

    /** The {@code top} sources with the most dropped frames, most first (ties by address). */
    public static List<Talker> talkers(BpfObject obj, int top) {
        BpfMap t = obj.map("talkers");
        List<Talker> all = new ArrayList<>();
        byte[] k = null;
        // at most max_entries steps (plus one), whatever the filter does meanwhile
        for (long steps = 0; steps <= (long) t.maxEntries() && (k = t.nextKey(k)) != null; steps++) {
            byte[] v = t.lookup(k);
            if (v != null) {
                all.add(new Talker(address(k), ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getLong(0)));
            }
        }
        all.sort(Comparator.comparingLong(Talker::drops).reversed().thenComparing(Talker::source));
        return List.copyOf(all.subList(0, Math.min(top, all.size())));
    }

    /**
     * Frames and bytes rule {@code id} decided, summed over the CPUs: {@code {frames, bytes}}.
     *
     * @param hitsMap the filter's {@code rule_hits} map
     */
    public static long[] hits(BpfMap hitsMap, int id) {
        byte[] v = hitsMap.lookup(DosMapImage.u32(id));
        long[] c = new long[2];
        if (v == null) {
            return c;
        }
        ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 16 <= v.length; i += 16) {
            c[0] += b.getLong(i);
            c[1] += b.getLong(i + 8);
        }
        return c;
    }

    /** The text form of a filter address (IPv4 for ::ffff:a.b.c.d). */
    static String address(byte[] k) {
        byte[] prefix = Arrays.copyOf(k, 12);
        byte[] mapped = new byte[12];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        try {
            if (Arrays.equals(prefix, mapped)) {
                return InetAddress.getByAddress(Arrays.copyOfRange(k, 12, 16)).getHostAddress();
            }
            return InetAddress.getByAddress(k).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.jxdp.hooks.dos;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.object.BpfObject;

/**
 * Writes rules into a loaded filter's maps, also while it runs: the maps are safe to update
 * while workers look them up, so a reload never stops traffic; each frame sees each map either
 * before or after its update.
 */
public final class DosMaps {
    /** The hash and LPM maps a rules file owns: keys it no longer lists are deleted. */
    private static final List<String> KEYED = List.of("amp_ports", "allow_v4", "allow_v6", "deny_v4", "deny_v6");

    private DosMaps() {
    }

    /**
     * Fills the rule maps of {@code obj} (a loaded dos_filter.o) from {@code rules}: new entries
     * are written first, then keys of the allow, deny and amplification maps that the rules no
     * longer hold are deleted, and {@code config} (which says how many rules are in use) last
     * when the rules grew, first when they shrank, so a frame never looks at a rule slot that is
     * not filled. Bans from the file expire {@code nowNs} plus their duration in the filter's
     * clock; bans the filter made itself are kept.
     *
     * @throws IllegalStateException when a map refuses an entry (a full map)
     */
    public static void apply(BpfObject obj, DosRules rules, long nowNs) {
        List<MapEntry> entries = DosMapImage.entries(rules, nowNs);
        MapEntry config = entries.get(0);
        byte[] old = obj.map("config").lookup(config.key());
        int oldRules = old == null ? 0 : ByteBuffer.wrap(old).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(8);
        boolean shrinking = rules.rules().size() < oldRules;
        if (shrinking) {
            put(obj, config);
        }
        List<Set<Key>> keep = new ArrayList<>();
        for (int i = 0; i < KEYED.size(); i++) {
            keep.add(new HashSet<>());
        }
        for (MapEntry e : entries.subList(1, entries.size())) {
            put(obj, e);
            int k = KEYED.indexOf(e.map());
            if (k >= 0) {
                keep.get(k).add(new Key(e.key()));
            }
        }
        for (int i = 0; i < KEYED.size(); i++) {
            BpfMap m = obj.map(KEYED.get(i));
            List<byte[]> stale = new ArrayList<>();
            byte[] k = null;
            while ((k = m.nextKey(k)) != null) {
                if (!keep.get(i).contains(new Key(k))) {
                    stale.add(k);
                }
            }
            for (byte[] s : stale) {
                m.delete(s);
            }
        }
        if (!shrinking) {
            put(obj, config);
        }
    }

    private static void put(BpfObject obj, MapEntry e) {
        int r = obj.map(e.map()).update(e.key(), e.value(), 0);
        if (r != 0) {
            throw new IllegalStateException("dos_filter map " + e.map() + " refused an entry: errno " + -r);
        }
    }

    /** Key bytes with value equality. */
    private record Key(byte[] b) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Arrays.equals(k.b, b);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(b);
        }
    }
}

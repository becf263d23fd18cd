package org.jxdp.hooks.dos;

import java.util.List;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.object.BpfObject;

/** Writes rules into a loaded filter's maps. */
public final class DosMaps {
    private DosMaps() {
    }

    /**
     * Fills the rule maps of {@code obj} (a loaded dos_filter.o) from {@code rules}: the hash and
     * LPM maps are emptied first, so that entries a new version of the file dropped go away;
     * {@code config} and {@code rules} are arrays and are overwritten slot by slot. Bans from the
     * file expire {@code nowNs} plus their duration in the filter's clock.
     *
     * @throws IllegalStateException when a map refuses an entry (a full map)
     */
    public static void apply(BpfObject obj, DosRules rules, long nowNs) {
        List<MapEntry> entries = DosMapImage.entries(rules, nowNs);
        for (String name : List.of("amp_ports", "allow_v4", "allow_v6", "deny_v4", "deny_v6")) {
            clear(obj.map(name));
        }
        for (MapEntry e : entries) {
            int r = obj.map(e.map()).update(e.key(), e.value(), 0);
            if (r != 0) {
                throw new IllegalStateException("dos_filter map " + e.map() + " refused an entry: errno " + -r);
            }
        }
    }

    private static void clear(BpfMap m) {
        byte[] k;
        while ((k = m.nextKey(null)) != null) {
            m.delete(k);
        }
    }
}

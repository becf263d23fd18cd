package org.jxdp.hooks.dos;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The contents of the filter's rule maps for a set of rules, in the layouts of the structs in
 * {@code dos_filter.c} ({@code struct dos_config}, {@code struct dos_rule},
 * {@code struct dos_amp_port}, the LPM keys, {@code struct dos_ban}).
 */
public final class DosMapImage {
    /** The maps a rules file fills (and a reload clears first); the others hold run-time state. */
    public static final List<String> RULE_MAPS = List.of("config", "rules", "amp_ports", "allow_v4", "allow_v6",
            "deny_v4", "deny_v6");
    /** XDP_DROP and XDP_PASS, the values of the config's default_action. */
    static final int XDP_DROP = 1;
    static final int XDP_PASS = 2;
    /** DOS_CFG_TCP_SANITY. */
    static final int DOS_CFG_TCP_SANITY = 1;
    /** sizeof(struct dos_config). */
    static final int CONFIG_SIZE = 56;
    /** sizeof(struct dos_rule). */
    static final int RULE_SIZE = 104;

    private DosMapImage() {
    }

    /**
     * The entries for {@code rules}; bans expire {@code nowNs} plus their duration in the
     * filter's clock ({@code bpf_ktime_get_ns}).
     */
    public static List<MapEntry> entries(DosRules rules, long nowNs) {
        List<MapEntry> out = new ArrayList<>();
        ByteBuffer c = le(CONFIG_SIZE);
        c.putInt(rules.defaultDrop() ? XDP_DROP : XDP_PASS);
        c.putInt(rules.tcpFlagSanity() ? DOS_CFG_TCP_SANITY : 0);
        c.putInt(rules.rules().size());
        c.putInt(rules.minFragmentSize());
        c.putLong(rules.srcPps());
        c.putLong(rules.srcBps());
        c.putLong(rules.banNs());
        c.putLong(rules.fragPps());
        c.putLong(rules.synPps());
        out.add(new MapEntry("config", u32(0), c.array()));
        for (int i = 0; i < RuleIds.DOS_MAX_RULES; i++) {
            // every slot is written, so that a reload with fewer rules leaves no stale one
            byte[] v = i < rules.rules().size() ? rule(rules.rules().get(i)) : new byte[RULE_SIZE];
            out.add(new MapEntry("rules", u32(i), v));
        }
        for (AmplificationPort a : rules.amplification()) {
            out.add(new MapEntry("amp_ports", u32(a.port()), le(8).putInt(a.maxPayload()).putInt(a.id()).array()));
        }
        for (Cidr x : rules.allow()) {
            out.add(lpm(x.v6() ? "allow_v6" : "allow_v4", x, RuleIds.DOS_RULE_ALLOW));
        }
        for (Cidr x : rules.deny()) {
            out.add(lpm(x.v6() ? "deny_v6" : "deny_v4", x, RuleIds.DOS_RULE_DENY));
        }
        for (Ban b : rules.bans()) {
            out.add(new MapEntry("bans", banKey(b.source()),
                    le(16).putLong(nowNs + b.durationNs()).putInt(RuleIds.DOS_RULE_BANNED).putInt(0).array()));
        }
        return out;
    }

    /** The key of bans and the rate maps: the 16-byte address, IPv6 cut to its /64. */
    static byte[] banKey(Cidr source) {
        byte[] k = source.mapped();
        if (source.v6()) {
            for (int i = 8; i < 16; i++) {
                k[i] = 0;
            }
        }
        return k;
    }

    private static MapEntry lpm(String map, Cidr x, int id) {
        ByteBuffer k = le(4 + x.address().length);
        k.putInt(x.prefix());
        k.put(x.address());
        return new MapEntry(map, k.array(), u32(id));
    }

    static byte[] rule(MatchRule r) {
        ByteBuffer b = le(RULE_SIZE);
        b.putInt(r.id());
        b.put((byte) r.action().code);
        b.put((byte) r.proto());
        b.put((byte) r.family());
        b.put((byte) (r.needsL4() ? 1 : 0));
        b.put((byte) r.tcpMask());
        b.put((byte) r.tcpValue());
        b.put((byte) r.ttl().min()).put((byte) r.ttl().max());
        b.put((byte) r.tos().min()).put((byte) r.tos().max());
        b.put((byte) r.icmpType().min()).put((byte) r.icmpType().max());
        b.put((byte) r.icmpCode().min()).put((byte) r.icmpCode().max());
        b.putShort((short) r.srcPort().min()).putShort((short) r.srcPort().max());
        b.putShort((short) r.dstPort().min()).putShort((short) r.dstPort().max());
        b.putShort((short) r.length().min()).putShort((short) r.length().max());
        b.putShort((short) 0);
        b.put(r.src() != null ? r.src().mapped() : new byte[16]);
        b.put(r.src() != null ? r.src().mappedMask() : new byte[16]);
        b.put(r.dst() != null ? r.dst().mapped() : new byte[16]);
        b.put(r.dst() != null ? r.dst().mappedMask() : new byte[16]);
        b.putLong(r.banNs());
        return b.array();
    }

    static byte[] u32(int v) {
        return le(4).putInt(v).array();
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}

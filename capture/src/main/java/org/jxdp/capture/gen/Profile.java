package org.jxdp.capture.gen;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The traffic profiles of {@code jxdp gen}: each a mix of {@link TrafficClass}es (shares of
 * frames), a mean rate (frames per second; arrivals are Poisson) and frame sizes.
 */
public enum Profile {
    /** Benign traffic only: TCP sessions, DNS, ICMP echo, IPv6, ARP; a tenth of it VLAN-tagged. */
    BENIGN("benign traffic: TCP sessions, DNS, ICMP echo, IPv6 DNS and ping, ARP; 10% VLAN-tagged", 20_000, false,
            benign(1.0)),
    /** 90% spoofed SYN flood over benign background. */
    SYN_FLOOD("spoofed SYN flood (90%) over benign traffic", 300_000, false, attack(TrafficClass.SYN_FLOOD)),
    /** 90% UDP flood. */
    UDP_FLOOD("UDP flood to random ports (90%) over benign traffic", 300_000, false, attack(TrafficClass.UDP_FLOOD)),
    /** 90% DNS amplification. */
    DNS_AMP("DNS amplification (90%) over benign traffic", 100_000, false, attack(TrafficClass.DNS_AMPLIFICATION)),
    /** 90% NTP amplification. */
    NTP_AMP("NTP monlist amplification (90%) over benign traffic", 100_000, false,
            attack(TrafficClass.NTP_AMPLIFICATION)),
    /** 90% memcached amplification. */
    MEMCACHED_AMP("memcached amplification (90%) over benign traffic", 100_000, false,
            attack(TrafficClass.MEMCACHED_AMPLIFICATION)),
    /** 90% SSDP amplification. */
    SSDP_AMP("SSDP amplification (90%) over benign traffic", 100_000, false, attack(TrafficClass.SSDP_AMPLIFICATION)),
    /** 90% ICMP flood. */
    ICMP_FLOOD("ICMP echo flood (90%) over benign traffic", 200_000, false, attack(TrafficClass.ICMP_FLOOD)),
    /** 90% fragment flood. */
    FRAG_FLOOD("IPv4 fragment flood (90%) over benign traffic", 200_000, false, attack(TrafficClass.FRAGMENT_FLOOD)),
    /** 90% bad TCP flags. */
    BAD_TCP_FLAGS("TCP null, SYN+FIN, SYN+RST and Xmas scans (90%) over benign traffic", 100_000, false,
            attack(TrafficClass.BAD_TCP_FLAGS)),
    /** Every attack, in equal shares (90%), over benign traffic. */
    ATTACKS("every attack class in equal shares (90%) over benign traffic", 300_000, false, allAttacks(0.9)),
    /** The benchmark mix: half benign, half every attack, frames of 60 to 128 bytes (64 to 132 with the FCS). */
    MIX("half benign, half every attack, small frames (60-128 bytes): the benchmark mix", 1_000_000, true,
            allAttacks(0.5));

    private final String description;
    private final int rate;
    private final boolean small;
    private final double[] shares;

    Profile(String description, int rate, boolean small, double[] shares) {
        this.description = description;
        this.rate = rate;
        this.small = small;
        this.shares = shares;
    }

    /** The name on the command line: {@code syn-flood}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The profile named {@code name} on the command line, or null. */
    public static Profile fromCliName(String name) {
        for (Profile p : values()) {
            if (p.cliName().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** What the profile generates. */
    public String description() {
        return description;
    }

    /** Mean frames per second. */
    public int rate() {
        return rate;
    }

    /** True when frames are kept between 60 and 128 bytes. */
    public boolean small() {
        return small;
    }

    /** Each class's share of the frames. */
    public Map<TrafficClass, Double> shares() {
        Map<TrafficClass, Double> m = new EnumMap<>(TrafficClass.class);
        for (TrafficClass c : TrafficClass.values()) {
            if (shares[c.ordinal()] > 0) {
                m.put(c, shares[c.ordinal()]);
            }
        }
        return m;
    }

    double[] cumulative() {
        double[] c = new double[shares.length];
        double sum = 0;
        for (int i = 0; i < shares.length; i++) {
            sum += shares[i];
            c[i] = sum;
        }
        for (int i = 0; i < c.length; i++) {
            c[i] /= sum;
        }
        return c;
    }

    private static double[] benign(double total) {
        double[] s = new double[TrafficClass.values().length];
        s[TrafficClass.TCP_SESSION.ordinal()] = 0.50 * total;
        s[TrafficClass.DNS.ordinal()] = 0.20 * total;
        s[TrafficClass.ICMP_ECHO.ordinal()] = 0.06 * total;
        s[TrafficClass.IPV6_DNS.ordinal()] = 0.12 * total;
        s[TrafficClass.IPV6_ICMP_ECHO.ordinal()] = 0.08 * total;
        s[TrafficClass.ARP.ordinal()] = 0.04 * total;
        return s;
    }

    private static double[] attack(TrafficClass c) {
        double[] s = benign(0.1);
        s[c.ordinal()] = 0.9;
        return s;
    }

    private static double[] allAttacks(double share) {
        double[] s = benign(1 - share);
        long attacks = Arrays.stream(TrafficClass.values()).filter(TrafficClass::attack).count();
        for (TrafficClass c : TrafficClass.values()) {
            if (c.attack()) {
                s[c.ordinal()] = share / attacks;
            }
        }
        return s;
    }
}

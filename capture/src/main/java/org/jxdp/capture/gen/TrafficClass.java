package org.jxdp.capture.gen;

import java.util.Locale;

/** What a generated frame is: the classes of {@code jxdp gen}, benign and attack. */
public enum TrafficClass {
    /** TCP sessions to a web server: handshake, request, response, FIN in both directions (9 frames). */
    TCP_SESSION(false),
    /** DNS over UDP/IPv4: a query and its response. */
    DNS(false),
    /** ICMP echo request and reply. */
    ICMP_ECHO(false),
    /** DNS over UDP/IPv6: a query and its response. */
    IPV6_DNS(false),
    /** ICMPv6 echo request and reply. */
    IPV6_ICMP_ECHO(false),
    /** ARP request and reply (not IP). */
    ARP(false),
    /** TCP SYNs from spoofed random sources to the server. */
    SYN_FLOOD(true),
    /** UDP to random ports of the server from spoofed sources. */
    UDP_FLOOD(true),
    /** Large DNS responses (source port 53) from many resolvers. */
    DNS_AMPLIFICATION(true),
    /** NTP mode 7 monlist responses (source port 123). */
    NTP_AMPLIFICATION(true),
    /** memcached responses (source port 11211). */
    MEMCACHED_AMPLIFICATION(true),
    /** SSDP responses (source port 1900). */
    SSDP_AMPLIFICATION(true),
    /** ICMP echo requests from spoofed sources. */
    ICMP_FLOOD(true),
    /** IPv4 fragments: mostly non-first fragments at random offsets, some first fragments. */
    FRAGMENT_FLOOD(true),
    /** TCP with impossible flags: none (null scan), SYN+FIN, SYN+RST, FIN+PSH+URG (Xmas). */
    BAD_TCP_FLAGS(true);

    private final boolean attack;

    TrafficClass(boolean attack) {
        this.attack = attack;
    }

    /** True for an attack class. */
    public boolean attack() {
        return attack;
    }

    /** {@code tcp_session}, as the counts file names it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}

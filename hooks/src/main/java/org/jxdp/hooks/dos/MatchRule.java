package org.jxdp.hooks.dos;

/**
 * One rule of the rules file's {@code rules:} list: every given field must match; the first rule
 * that matches decides.
 *
 * @param id the rule id (its hit counter)
 * @param name the rule's name in the file
 * @param line the line the rule starts on
 * @param action what a match does
 * @param banNs with {@link Action#BAN}, how long the source is banned
 * @param family 4 or 6, or 0 for either
 * @param proto the IP protocol number, or 0 for any
 * @param src source prefix, or null
 * @param dst destination prefix, or null
 * @param srcPort source port range
 * @param dstPort destination port range
 * @param length IP length range (IPv4 total length, IPv6 40 + payload length)
 * @param ttl TTL / hop limit range
 * @param tos TOS / traffic class range
 * @param tcpMask TCP flags (header byte 13) that must equal {@code tcpValue}
 * @param tcpValue see tcpMask
 * @param icmpType ICMP / ICMPv6 type range
 * @param icmpCode ICMP / ICMPv6 code range
 */
public record MatchRule(int id, String name, int line, Action action, long banNs, int family, int proto, Cidr src,
                        Cidr dst, Range srcPort, Range dstPort, Range length, Range ttl, Range tos, int tcpMask,
                        int tcpValue, Range icmpType, Range icmpCode) {

    /** What a matching rule does ({@code DOS_ACTION_*} in the filter). */
    public enum Action {
        /** DOS_ACTION_PASS: pass the frame. */
        PASS(1),
        /** DOS_ACTION_DROP: drop the frame. */
        DROP(2),
        /** DOS_ACTION_BAN: drop the frame and ban its source. */
        BAN(3);

        /** The filter's value. */
        public final int code;

        Action(int code) {
            this.code = code;
        }
    }

    /** True when the rule looks at L4 fields, so it never matches a non-first fragment. */
    public boolean needsL4() {
        return !srcPort.isAny(0xffff) || !dstPort.isAny(0xffff) || tcpMask != 0 || !icmpType.isAny(0xff)
                || !icmpCode.isAny(0xff);
    }
}

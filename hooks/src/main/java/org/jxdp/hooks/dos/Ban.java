package org.jxdp.hooks.dos;

/**
 * A temporary ban of one source from the rules file: dropped until {@code durationNs} after the
 * rules are applied (in the filter's clock; during a replay, the capture's).
 *
 * @param source the source (an IPv4 address, or an IPv6 address whose /64 is banned)
 * @param durationNs how long
 * @param line the line of the entry
 */
public record Ban(Cidr source, long durationNs, int line) {
}

package org.jxdp.hooks.dos;

/**
 * One element of one of the filter's maps, as bytes in the kernel's layout (little-endian
 * integers, addresses in network order): what {@code bpftool map update} or
 * {@code BpfMap.update} is given.
 *
 * @param map the map's name in dos_filter.c
 * @param key the key bytes
 * @param value the value bytes
 */
public record MapEntry(String map, byte[] key, byte[] value) {
}

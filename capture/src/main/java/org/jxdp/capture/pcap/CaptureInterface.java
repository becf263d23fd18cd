package org.jxdp.capture.pcap;

import org.jxdp.capture.link.LinkType;

/**
 * An interface frames were captured on: the one of a classic pcap file, or a pcapng IDB.
 *
 * @param index the reader's number for it, counted over the whole file from 0 (what
 *     {@link CaptureRecord#interfaceIndex()} says and what Wireshark calls the interface id)
 * @param section the pcapng section it belongs to, from 0 (always 0 for pcap)
 * @param id its id inside its section, as packet blocks name it
 * @param linkType its {@code LINKTYPE_} value
 * @param snaplen the longest frame it captured; 0 for no limit
 * @param tsresol its timestamp resolution as pcapng's {@code if_tsresol} writes it: 10^-n
 *     seconds, or 2^-(n &amp; 0x7f) when bit 7 is set (6 for pcap, 9 for nanosecond pcap)
 * @param tsoffset seconds added to its timestamps ({@code if_tsoffset}; 0 for pcap)
 * @param name its {@code if_name}, or null
 */
public record CaptureInterface(int index, int section, int id, int linkType, long snaplen, int tsresol,
                               long tsoffset, String name) {

    /** {@code #0 LINKTYPE_ETHERNET (1), snaplen 65535, 10^-6 s}. */
    @Override
    public String toString() {
        String res = (tsresol & 0x80) != 0 ? "2^-" + (tsresol & 0x7f) + " s" : "10^-" + tsresol + " s";
        return "#" + index + " " + LinkType.describe(linkType) + ", snaplen " + snaplen + ", " + res
                + (tsoffset != 0 ? ", offset " + tsoffset + " s" : "") + (name != null ? ", " + name : "");
    }
}

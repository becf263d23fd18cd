package org.jxdp.capture.live;

/**
 * One interface's counters at the end of a live session: libpcap's own ({@code pcap_stats}:
 * received by the filter, dropped because the capture buffer was full, dropped by the interface
 * or driver), what jxdp read, and what it transmitted.
 *
 * @param name the interface
 * @param ifindex its index
 * @param received {@code ps_recv}: frames that passed the capture filter (read or not)
 * @param dropped {@code ps_drop}: frames lost because libpcap's buffer was full
 * @param ifdropped {@code ps_ifdrop}: frames the interface or driver dropped
 * @param captured frames jxdp read from it
 * @param sent frames jxdp transmitted on it
 * @param sendErrors transmissions that failed (the first error is in {@code firstSendError})
 * @param firstSendError libpcap's message for the first failed transmission, or null
 */
public record InterfaceStats(String name, int ifindex, long received, long dropped, long ifdropped, long captured,
                             long sent, long sendErrors, String firstSendError) {
}

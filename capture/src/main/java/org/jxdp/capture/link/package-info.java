/**
 * Link layers: XDP programs see Ethernet, so frames of other link types are shown to them
 * behind a synthetic Ethernet header and written back in their own form afterwards.
 *
 * <p>{@link org.jxdp.capture.link.LinkLayer} translates Linux cooked captures (SLL, SLL2), raw IP
 * (RAW, IPV4, IPV6) and BSD loopback (NULL, LOOP) in place in a caller's frame slot, using its
 * headroom, and allocates nothing; {@link org.jxdp.capture.link.LinkFrame} is the per-slot state
 * that lets the translation be undone. Ethernet passes as it is.
 *
 * <p>What this package does not do: it does not translate other link types (PPP, NFLOG,
 * 802.11/radiotap, Cisco HDLC, IPNET, ...), which pass through untouched and are reported as
 * {@link org.jxdp.capture.link.Translation#UNSUPPORTED_LINK_TYPE} for the caller to count as
 * not run; it does not reconstruct real MAC addresses where the capture has none, nor parse
 * anything above the link layer.
 */
package org.jxdp.capture.link;

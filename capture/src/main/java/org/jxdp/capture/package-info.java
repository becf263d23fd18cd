/**
 * Frame sources and sinks for the packet path.
 *
 * <p>Built so far: capture files ({@link org.jxdp.capture.pcap}: pcap and pcapng readers and
 * writers) and link-layer translation to and from Ethernet ({@link org.jxdp.capture.link}).
 * Not built yet: live capture through pcap4j (only this module will touch pcap4j), the per-CPU
 * rings, the workers that run the XDP hook on each frame, and the pipeline that wires them
 * (see the README's roadmap).
 */
package org.jxdp.capture;

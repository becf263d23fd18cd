/**
 * Frame sources and sinks for the packet path.
 *
 * <p>Built so far: capture files ({@link org.jxdp.capture.pcap}: pcap and pcapng readers and
 * writers), link-layer translation to and from Ethernet ({@link org.jxdp.capture.link}), the
 * pipeline that runs an XDP program over a frame source with per-CPU rings and workers and
 * carries its verdicts out into sinks ({@link org.jxdp.capture.pipeline}), the traffic
 * generator behind {@code jxdp gen} ({@link org.jxdp.capture.gen}), and live capture through
 * pcap4j ({@link org.jxdp.capture.live}; only this module touches pcap4j), which plugs into the
 * pipeline as a {@link org.jxdp.capture.pipeline.FrameSource} and an interface-transmit
 * {@link org.jxdp.capture.pipeline.VerdictSink}.
 */
package org.jxdp.capture;

/**
 * Live capture for {@code jxdp live}: network interfaces read and written through libpcap
 * (opened, filtered and counted with pcap4j; the per-frame read, the transmit and the wait on
 * several interfaces go straight to libpcap through JNA direct calls, so that the steady state
 * allocates nothing), as a {@link org.jxdp.capture.pipeline.FrameSource} and a
 * {@link org.jxdp.capture.pipeline.VerdictSink}.
 * <pre>
 *   try (LiveInterface a = LiveInterface.open("eth1", settings);
 *        LiveInterface b = LiveInterface.open("eth2", settings)) {
 *       LiveSource in = new LiveSource(List.of(a, b), 1);
 *       TransmitSink out = new TransmitSink(List.of(a, b), TransmitSink.Mode.INLINE);
 *       PipelineStats s = new Pipeline(config).run(in, List.of(out));
 *   }
 * </pre>
 *
 * <ul>
 *   <li>{@link org.jxdp.capture.live.LibpcapLocator} finds libpcap where a plain Debian puts it
 *       ({@code libpcap.so.0.8} without the -dev package) and tells pcap4j;</li>
 *   <li>{@link org.jxdp.capture.live.LiveInterface} is one open interface: capture of incoming
 *       frames only (so what jxdp transmits is never read back), its ifindex, libpcap's counters;</li>
 *   <li>{@link org.jxdp.capture.live.LiveSource} reads one or two interfaces, each frame with its
 *       own ingress ifindex, and waits on both with {@code poll(2)};</li>
 *   <li>{@link org.jxdp.capture.live.TransmitSink} carries out TX, REDIRECT and (inline) PASS on
 *       the interfaces.</li>
 * </ul>
 */
package org.jxdp.capture.live;

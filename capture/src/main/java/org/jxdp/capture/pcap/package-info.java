/**
 * Capture files: readers and writers for classic pcap (microsecond and nanosecond, either byte
 * order) and pcapng (sections in either byte order, several interfaces with their own link
 * types and timestamp resolutions, EPB, SPB and the obsolete PB; comments), the input and
 * output of {@code jxdp replay}.
 *
 * <p>{@link org.jxdp.capture.pcap.CaptureReader} tells the format by its magic number and reads
 * a file (through a reused window buffer) into a reused {@link org.jxdp.capture.pcap.CaptureRecord} without
 * allocating per frame; damage after the file header is counted and reported with its file
 * offset ({@link org.jxdp.capture.pcap.CaptureProblem}), never thrown.
 * {@link org.jxdp.capture.pcap.CaptureWriter} writes frames through one preallocated buffer.
 *
 * <p>What this package does not do: it does not run programs, translate link layers (that is
 * {@link org.jxdp.capture.link}), capture live traffic (that will be pcap4j, later), read
 * compressed captures or other formats (Kuznetzov's modified pcap, snoop, erf), nor write
 * pcapng name resolution, statistics or per-packet flags.
 */
package org.jxdp.capture.pcap;

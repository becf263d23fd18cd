package org.jxdp.capture.pipeline;

/**
 * What a live {@link FrameSource} knows about frames lost before they reached jxdp (libpcap's
 * {@code pcap_stats}: {@code ps_drop}, dropped for lack of buffer space, plus
 * {@code ps_ifdrop}, dropped by the interface or its driver). A capture file has none.
 *
 * <p>Called from any thread (a metrics scrape) while the source runs: an implementation that
 * may only query its capture handle on the pipeline thread keeps the last figures it read there
 * and returns those.
 */
public interface CaptureStatistics {
    /** The interface the frames are captured on, for messages and metric tags. */
    String interfaceName();

    /** Frames lost before jxdp saw them since the capture started; only grows. */
    long droppedFrames();
}

package org.jxdp.capture.live;

/**
 * How an interface is opened for capture.
 *
 * @param snaplen bytes kept of each frame (frames longer than a 4 KiB slot pass untouched anyway)
 * @param promiscuous whether frames for other MAC addresses are captured (inline mode on a real
 *     NIC needs it)
 * @param prefilter a libpcap filter expression applied in the kernel before jxdp sees a frame
 *     (what it rejects is neither run nor transmitted: in inline mode it does not cross), or null
 * @param bufferBytes libpcap's ring buffer size
 */
public record CaptureSettings(int snaplen, boolean promiscuous, String prefilter, int bufferBytes) {
    /** 64 KiB frames, not promiscuous, no prefilter, a 4 MiB ring. */
    public static final CaptureSettings DEFAULT = new CaptureSettings(65_535, false, null, 4 << 20);

    /** Checks the numbers. */
    public CaptureSettings {
        if (snaplen < 64 || snaplen > 262_144) {
            throw new IllegalArgumentException("--snaplen must be 64..262144, not " + snaplen);
        }
        if (bufferBytes < 65_536) {
            throw new IllegalArgumentException("buffer must be at least 64 KiB: " + bufferBytes);
        }
    }
}

package org.jxdp.capture.pcap;

import java.nio.file.Path;
import java.util.Locale;

/** The capture file formats this package reads and writes. */
public enum CaptureFileFormat {
    /** Classic pcap with microsecond timestamps (magic {@code 0xa1b2c3d4}). */
    PCAP,
    /** Classic pcap with nanosecond timestamps (magic {@code 0xa1b23c4d}). */
    PCAP_NSEC,
    /** pcapng: sections, interfaces with their own link types and resolutions, comments. */
    PCAPNG;

    /**
     * The format the project's commands write to a file of this name: pcapng when the name ends
     * in {@code .pcapng} (any case), classic pcap with microseconds otherwise.
     */
    public static CaptureFileFormat forOutput(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".pcapng") ? PCAPNG : PCAP;
    }
}

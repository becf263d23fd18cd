package org.jxdp.capture.pcap;

import java.io.IOException;

/**
 * A capture file whose header cannot be read: too short, an unknown magic number, an unreadable
 * first section header. It names the file and the offset. Problems after the header never throw;
 * they are reported as {@link CaptureProblem}s and reading goes on.
 */
public final class CaptureFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long offset;

    /** {@code file: offset 0x8: detail}. */
    public CaptureFormatException(String file, long offset, String detail) {
        super(file + ": offset 0x" + Long.toHexString(offset) + ": " + detail);
        this.file = file;
        this.offset = offset;
    }

    /** The file's name as given to the reader. */
    public String file() {
        return file;
    }

    /** The offset in the file where reading failed. */
    public long offset() {
        return offset;
    }
}

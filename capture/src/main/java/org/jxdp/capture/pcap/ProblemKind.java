package org.jxdp.capture.pcap;

/** The kinds of trouble a reader meets after a file's header, each counted separately. */
public enum ProblemKind {
    /** A record or block runs past the end of the file (the last one, usually: a cut capture). */
    TRUNCATED,
    /** Bytes after the last complete record or block, too few to be one. */
    TRAILING_BYTES,
    /** A pcapng block length below the minimum for its type, or not a multiple of 4. */
    BAD_BLOCK_LENGTH,
    /** A pcapng block whose trailing length differs from its leading one. */
    TRAILER_MISMATCH,
    /** Bytes skipped to find the next plausible record or block after damage. */
    GARBAGE,
    /** A pcapng block type this reader does not know; skipped by its length. */
    UNKNOWN_BLOCK,
    /** A section whose version this reader does not know; skipped up to the next section. */
    UNSUPPORTED_VERSION,
    /** A packet block that names an interface the section has not described. */
    UNKNOWN_INTERFACE,
    /** A captured length above {@link CaptureRecord#MAX_CAPTURED_LENGTH}; the frame is skipped. */
    CAPLEN_ABOVE_MAXIMUM,
    /** A captured length that does not fit its block; the frame is skipped. */
    CAPLEN_ABOVE_BLOCK,
    /** A captured length above the interface's snaplen; the frame is delivered. */
    CAPLEN_ABOVE_SNAPLEN,
    /** A captured length above the original length; the frame is delivered. */
    CAPLEN_ABOVE_ORIGINAL,
    /** An option that runs past its block, or an option value of the wrong size. */
    BAD_OPTION,
    /** A timestamp field out of its range (microseconds of 10^6 or more), or one whose value does
     *  not fit nanoseconds since the epoch in 64 bits (then clamped); the frame is delivered. */
    BAD_TIMESTAMP
}

package org.jxdp.capture.pcap;

/**
 * Something wrong in a capture after its header, at a file offset: a record or block that was
 * skipped, cut, or delivered with a remark. Its text is the message users see:
 * {@code capture.pcapng: offset 0x1a4: EPB block length 12 is below the minimum 32; skipped}.
 *
 * @param file the file's name as given to the reader
 * @param offset where the record or block starts in the file
 * @param kind what kind of problem it is
 * @param detail what is wrong and what the reader did about it
 */
public record CaptureProblem(String file, long offset, ProblemKind kind, String detail) {
    @Override
    public String toString() {
        return file + ": offset 0x" + Long.toHexString(offset) + ": " + detail;
    }
}

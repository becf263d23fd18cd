package org.jxdp.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The input named {@code -}: a capture read from standard input, as {@code tcpdump -r -} reads
 * one ({@code gunzip -c x.pcap.gz | jxdp replay -}). The reader walks a capture by position, so
 * standard input is read whole before the replay starts; a capture still being written (a live
 * {@code tcpdump -w -}) is replayed once it ends.
 */
final class StandardInput {
    /** The most a capture on standard input may hold: what one Java array holds. */
    static final int MAX_BYTES = Integer.MAX_VALUE - 8;

    private StandardInput() {
    }

    /** Whether {@code input} names standard input. */
    static boolean names(Path input) {
        return input != null && input.toString().equals("-");
    }

    /** Everything on standard input. */
    static byte[] readAll() throws IOException {
        return readAll(System.in);
    }

    static byte[] readAll(InputStream in) throws IOException {
        try {
            return in.readAllBytes();
        } catch (OutOfMemoryError e) {
            throw new CliFailure("standard input: the capture is larger than " + MAX_BYTES
                    + " bytes (or the heap); write it to a file and replay that");
        }
    }
}

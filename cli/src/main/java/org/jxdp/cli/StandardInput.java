package org.jxdp.cli;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The input named {@code -}: a capture read from standard input, as {@code tcpdump -r -} reads
 * one ({@code gunzip -c x.pcap.gz | jxdp replay -}). The reader walks a capture by position, so
 * standard input is read whole before the replay starts; a capture still being written (a live
 * {@code tcpdump -w -}) is replayed once it ends.
 */
final class StandardInput {
    private StandardInput() {
    }

    /** Whether {@code input} names standard input. */
    static boolean names(Path input) {
        return input != null && input.toString().equals("-");
    }

    /** Everything on standard input (at most what one Java array holds, 2 GiB). */
    static byte[] readAll() throws IOException {
        try {
            return System.in.readAllBytes();
        } catch (OutOfMemoryError e) {
            throw new CliFailure("standard input: the capture is larger than one array (2 GiB) or the heap holds;"
                    + " write it to a file and replay that");
        }
    }
}

package org.jxdp.capture.pipeline;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * The output named {@code -}: the process's standard output, as {@code tcpdump -w -} writes its
 * capture there, so that {@code jxdp replay in.pcap --pass - | tshark -r -} works. At most one
 * output of a run may be it, and whatever the command would print there goes elsewhere.
 */
public final class StandardOutput {
    /** The name that means standard output. */
    public static final String NAME = "-";
    /** How messages and summaries call it. */
    public static final String DESCRIPTION = "standard output";

    private StandardOutput() {
    }

    /** Whether {@code file} names standard output. */
    public static boolean names(Path file) {
        return file != null && file.toString().equals(NAME);
    }

    /** Standard output as a channel; closing it closes the process's standard output. */
    public static WritableByteChannel channel() {
        return new FileOutputStream(FileDescriptor.out).getChannel();
    }

    /** Standard output as a stream; closing it closes the process's standard output. */
    static OutputStream stream() {
        return new FileOutputStream(FileDescriptor.out);
    }
}

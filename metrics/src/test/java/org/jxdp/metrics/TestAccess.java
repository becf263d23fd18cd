package org.jxdp.metrics;

import java.io.IOException;
import org.jxdp.capture.pipeline.CaptureFileSource;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;

/**
 * {@link TestPipelines} for the tests of other packages and modules (the cli's, through this
 * module's test jar): the by_port program (DROP 1001, TX 1002, ABORTED 1003, else PASS) and captures.
 */
public final class TestAccess {
    private TestAccess() {
    }

    public static BpfObject load(int cpus) throws Exception {
        return TestPipelines.load(cpus);
    }

    public static BpfProgram program(BpfObject obj) {
        return TestPipelines.program(obj);
    }

    public static CaptureFileSource source(int loops, int... ports) throws IOException {
        return TestPipelines.source(loops, ports);
    }

    /** A classic pcap of UDP frames to {@code ports}, 1 ms apart. */
    public static java.nio.ByteBuffer capture(int... ports) {
        return TestPipelines.capture(ports);
    }

    /** The test program's object file (by_port.c), as bytes. */
    public static byte[] object() throws IOException {
        try (java.io.InputStream in = TestPipelines.class.getResourceAsStream("by_port.o")) {
            return in.readAllBytes();
        }
    }
}

package org.jxdp.metrics;

import java.io.IOException;
import org.jxdp.capture.pipeline.CaptureFileSource;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;

/** {@link TestPipelines} for the tests of other packages. */
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
}

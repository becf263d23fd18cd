package org.jxdp.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jxdp.capture.pipeline.CaptureFileSource;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.XdpPrograms;

/**
 * The metrics tests' program (by_port.c, its object committed beside it: DROP for UDP port 1001,
 * TX for 1002, ABORTED for 1003, PASS otherwise, every port counted in the hash map "ports") and
 * captures of UDP frames to chosen ports, made in memory.
 */
final class TestPipelines {
    private TestPipelines() {
    }

    static BpfObject load(int cpus) throws Exception {
        try (InputStream in = TestPipelines.class.getResourceAsStream("by_port.o")) {
            return BpfObject.open("by_port.o", in.readAllBytes(), XdpPrograms.options(cpus, EngineKind.JIT));
        }
    }

    static BpfProgram program(BpfObject obj) {
        BpfProgram p = obj.program("by_port");
        if (!p.loaded()) {
            throw new IllegalStateException(p.loadError());
        }
        return p;
    }

    /** A 64-byte Ethernet/IPv4/UDP frame from 10.0.0.{flow} to port {@code port}. */
    static byte[] udp(int flow, int port) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) 50).putInt(0).put((byte) 64).put((byte) 17).putShort((short) 0);
        b.put(new byte[] {10, 0, 0, (byte) flow}).put(new byte[] {10, 0, 1, 1});
        b.putShort((short) (40000 + flow)).putShort((short) port).putShort((short) 30).putShort((short) 0);
        return b.array();
    }

    /** A classic pcap of {@code ports.length} frames, 1 ms apart. */
    static ByteBuffer capture(int... ports) {
        ByteBuffer b = ByteBuffer.allocate(24 + ports.length * (16 + 64)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        for (int i = 0; i < ports.length; i++) {
            byte[] f = udp(i % 200, ports[i]);
            b.putInt(1_700_000_000 + i / 1000).putInt(i % 1000 * 1000).putInt(f.length).putInt(f.length).put(f);
        }
        return b.flip();
    }

    static CaptureFileSource source(int loops, int... ports) throws IOException {
        return CaptureFileSource.of("test.pcap", capture(ports), loops);
    }
}

package org.jxdp.capture.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jxdp.capture.link.LinkType;
import org.jxdp.capture.pcap.CaptureFileFormat;
import org.jxdp.capture.pcap.CaptureWriter;

/** Small Ethernet/IPv4/UDP frames for the pipeline tests, told apart by their ports. */
public final class TestFrames {
    private TestFrames() {
    }

    /**
     * A 60-byte frame (or longer with {@code extra} payload bytes): 00:00:00:00:00:02 from
     * 00:00:00:00:00:01, 10.0.0.{src} to 10.0.1.1, UDP {@code sport} to {@code dport}; the payload
     * starts with {@code tag} (4 bytes, big-endian).
     */
    public static byte[] udp(int src, int sport, int dport, int tag, int extra) {
        byte[] f = new byte[Math.max(60, 14 + 20 + 8 + 4 + extra)];
        f[5] = 2;
        f[11] = 1;
        f[12] = 0x08;
        int ip = 14;
        f[ip] = 0x45;
        int total = f.length - 14;
        f[ip + 2] = (byte) (total >>> 8);
        f[ip + 3] = (byte) total;
        f[ip + 8] = 64;
        f[ip + 9] = 17;
        f[ip + 12] = 10;
        f[ip + 15] = (byte) src;
        f[ip + 16] = 10;
        f[ip + 18] = 1;
        f[ip + 19] = 1;
        int u = ip + 20;
        f[u] = (byte) (sport >>> 8);
        f[u + 1] = (byte) sport;
        f[u + 2] = (byte) (dport >>> 8);
        f[u + 3] = (byte) dport;
        int ulen = total - 20;
        f[u + 4] = (byte) (ulen >>> 8);
        f[u + 5] = (byte) ulen;
        f[u + 8] = (byte) (tag >>> 24);
        f[u + 9] = (byte) (tag >>> 16);
        f[u + 10] = (byte) (tag >>> 8);
        f[u + 11] = (byte) tag;
        return f;
    }

    /** Writes Ethernet frames to a classic pcap file (nanoseconds), frame i at {@code times[i]}. */
    public static Path write(Path file, List<byte[]> frames, long[] times) throws IOException {
        try (CaptureWriter w = CaptureWriter.create(file, CaptureFileFormat.PCAP_NSEC, LinkType.LINKTYPE_ETHERNET)) {
            for (int i = 0; i < frames.size(); i++) {
                byte[] f = frames.get(i);
                w.write(0, LinkType.LINKTYPE_ETHERNET, times[i], f.length, f, 0, f.length);
            }
        }
        return file;
    }
}

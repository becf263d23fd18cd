package org.jxdp.metrics;

import java.nio.ByteBuffer;

/** Ethernet + IPv4 + UDP frames for the DoS filter's meters and API tests. */
final class DosFrames {
    private DosFrames() {
    }

    /** A UDP datagram from {@code src}:{@code sport} to 10.2.2.2:{@code dport} with {@code payload} bytes. */
    static byte[] udp(int src, int sport, int dport, int payload) {
        int ipLen = 20 + 8 + payload;
        ByteBuffer b = ByteBuffer.allocate(Math.max(60, 14 + ipLen));
        b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) ipLen).putShort((short) 1).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).putInt(src).putInt(0x0a020202);
        b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload)).putShort((short) 0);
        return b.array();
    }
}

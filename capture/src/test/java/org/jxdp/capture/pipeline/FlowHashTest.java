package org.jxdp.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.jxdp.capture.testing.TestFrames;
import org.junit.jupiter.api.Test;

/** The flow hash is symmetric, keeps fragments of a datagram together, sees through VLAN tags and spreads flows. */
class FlowHashTest {

    static byte[] reversed(byte[] f) {
        byte[] r = f.clone();
        // swap MACs, IPv4 addresses and ports
        for (int i = 0; i < 6; i++) {
            r[i] = f[6 + i];
            r[6 + i] = f[i];
        }
        for (int i = 0; i < 4; i++) {
            r[26 + i] = f[30 + i];
            r[30 + i] = f[26 + i];
        }
        r[34] = f[36];
        r[35] = f[37];
        r[36] = f[34];
        r[37] = f[35];
        return r;
    }

    @Test
    void bothDirectionsOfAFlowHashAlike() {
        for (int i = 0; i < 1000; i++) {
            byte[] f = TestFrames.udp(i % 250, 1024 + i, 53 + i % 7, i, 0);
            assertThat(FlowHash.hash(reversed(f), 0, f.length)).isEqualTo(FlowHash.hash(f, 0, f.length));
        }
    }

    @Test
    void ipv6FlowsAreSymmetricToo() {
        byte[] f = new byte[80];
        f[12] = (byte) 0x86;
        f[13] = (byte) 0xdd;
        f[14] = 0x60;
        f[20] = 6; // TCP
        for (int i = 0; i < 16; i++) {
            f[22 + i] = (byte) (i * 3);
            f[38 + i] = (byte) (100 + i);
        }
        f[54] = 0x12;
        f[55] = 0x34;
        f[56] = 0x00;
        f[57] = 0x50;
        byte[] r = f.clone();
        System.arraycopy(f, 22, r, 38, 16);
        System.arraycopy(f, 38, r, 22, 16);
        r[54] = f[56];
        r[55] = f[57];
        r[56] = f[54];
        r[57] = f[55];
        assertThat(FlowHash.hash(r, 0, r.length)).isEqualTo(FlowHash.hash(f, 0, f.length));
        byte[] other = f.clone();
        other[55] = 0x35;
        assertThat(FlowHash.hash(other, 0, other.length)).isNotEqualTo(FlowHash.hash(f, 0, f.length));
    }

    @Test
    void fragmentsOfADatagramGoTogetherWhatTheirPorts() {
        byte[] first = TestFrames.udp(9, 4000, 5000, 0, 100);
        first[20] = 0x20; // MF, offset 0
        byte[] later = TestFrames.udp(9, 0, 0, 0, 100);
        later[20] = 0x00;
        later[21] = 0x10; // offset 16 * 8
        for (int i = 34; i < later.length; i++) {
            later[i] = (byte) (i * 7);
        }
        assertThat(FlowHash.hash(later, 0, later.length)).isEqualTo(FlowHash.hash(first, 0, first.length));
    }

    @Test
    void vlanTagsAreLookedThrough() {
        byte[] f = TestFrames.udp(3, 1234, 80, 0, 0);
        byte[] tagged = new byte[f.length + 8];
        System.arraycopy(f, 0, tagged, 0, 12);
        tagged[12] = (byte) 0x88;
        tagged[13] = (byte) 0xa8;
        tagged[15] = 10;
        tagged[16] = (byte) 0x81;
        tagged[17] = 0x00;
        tagged[19] = 20;
        System.arraycopy(f, 12, tagged, 20, f.length - 12);
        assertThat(FlowHash.hash(tagged, 0, tagged.length)).isEqualTo(FlowHash.hash(f, 0, f.length));
    }

    @Test
    void nonIpFramesGoByTheirMacsAndShortFramesDoNotFail() {
        byte[] arp = new byte[60];
        arp[5] = 1;
        arp[11] = 2;
        arp[12] = 0x08;
        arp[13] = 0x06;
        byte[] back = arp.clone();
        back[5] = 2;
        back[11] = 1;
        assertThat(FlowHash.hash(back, 0, 60)).isEqualTo(FlowHash.hash(arp, 0, 60));
        assertThat(FlowHash.worker(new byte[5], 0, 5, 4)).isBetween(0, 3);
        byte[] truncated = TestFrames.udp(1, 1, 1, 0, 0);
        assertThat(FlowHash.worker(truncated, 0, 20, 4)).isBetween(0, 3);
    }

    @Test
    void flowsSpreadEvenlyOverWorkers() {
        int workers = 4;
        int[] counts = new int[workers];
        for (int i = 0; i < 40_000; i++) {
            byte[] f = TestFrames.udp(i % 200, 1024 + i / 200, 80, 0, 0);
            counts[FlowHash.worker(f, 0, f.length, workers)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(9_000, 11_000);
        }
    }
}

package org.jxdp.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.vm.ExecutionContext;

/** Cookies generated for a SYN are accepted in the matching ACK for two minutes, and nowhere else. */
class SynCookiesTest {
    private final long[] now = {1_000 * 60_000_000_000L};
    private final BpfRuntime rt = new BpfRuntime(1).clock(w -> now[0]);
    private final ExecutionContext ctx = rt.newContext(0);
    private final byte[] pkt = new byte[60];
    private final long iph = ctx.mapInput(pkt);
    private final long th = iph + 20;
    private final SynCookies cookies = new SynCookies();

    private void headers(long seq, long ack, int flags) {
        pkt[0] = 0x45;
        pkt[12] = (byte) 192; pkt[13] = 0; pkt[14] = 2; pkt[15] = 1;
        pkt[16] = (byte) 198; pkt[17] = 51; pkt[18] = 100; pkt[19] = 7;
        pkt[20] = (byte) 0x9c; pkt[21] = 0x40; pkt[22] = 0; pkt[23] = 80;
        for (int i = 0; i < 4; i++) {
            pkt[24 + i] = (byte) (seq >>> (24 - 8 * i));
            pkt[28 + i] = (byte) (ack >>> (24 - 8 * i));
        }
        pkt[32] = 0x60;
        pkt[33] = (byte) flags;
        pkt[40] = 2; pkt[41] = 4; pkt[42] = 0x05; pkt[43] = (byte) 0xb4; // MSS 1460
    }

    @Test
    void aCookieIsAcceptedOnlyInItsOwnAck() {
        headers(1000, 0, 0x02);
        long gen = cookies.generate(ctx, iph, th, 24, false);
        assertThat(gen >>> 32).isEqualTo(1460);
        long cookie = gen & 0xffffffffL;
        headers(1001, (cookie + 1) & 0xffffffffL, 0x10);
        assertThat(cookies.check(ctx, iph, th, false)).isZero();
        // a different sequence number or acknowledgement moves the hashed MSS index off the table
        headers(2001, (cookie + 1) & 0xffffffffL, 0x10);
        assertThat(cookies.check(ctx, iph, th, false)).isEqualTo(-13);
        headers(1001, (cookie + 1001) & 0xffffffffL, 0x10);
        assertThat(cookies.check(ctx, iph, th, false)).isEqualTo(-13);
    }

    @Test
    void cookiesExpireAfterTwoMinutesOfTheRuntimesClock() {
        headers(5, 0, 0x02);
        long cookie = cookies.generate(ctx, iph, th, 24, false) & 0xffffffffL;
        headers(6, (cookie + 1) & 0xffffffffL, 0x10);
        now[0] += 60_000_000_000L;
        assertThat(cookies.check(ctx, iph, th, false)).isZero();
        now[0] += 60_000_000_000L;
        assertThat(cookies.check(ctx, iph, th, false)).isEqualTo(-13);
    }

    @Test
    void theMssIsRoundedDownToTheTableAndTheLengthMustMatchTheOffset() {
        headers(5, 0, 0x02);
        pkt[42] = 0x05;
        pkt[43] = 0x78; // 1400 -> 1300
        assertThat(cookies.generate(ctx, iph, th, 24, false) >>> 32).isEqualTo(1300);
        assertThat(cookies.generate(ctx, iph, th, 20, false)).isEqualTo(-22);
        assertThat(cookies.generate(ctx, iph, th, 12, false)).isEqualTo(-22);
    }
}

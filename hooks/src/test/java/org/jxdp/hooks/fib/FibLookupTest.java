package org.jxdp.hooks.fib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.vm.ExecutionContext;

/** bpf_fib_lookup's result codes and outputs against a user route table. */
class FibLookupTest {
    private static final RouteTable TABLE = RouteTable.parse("""
            # three devices
            dev 2 mac 02:00:00:00:00:02 mtu 1500 addr 192.0.2.1
            dev 3 mac 02:00:00:00:00:03 mtu 1400 addr 203.0.113.1 addr 2001:db8::1
            dev 4 mac 02:00:00:00:00:04 noforward
            route 198.51.100.0/24 via 192.0.2.254 dev 2 metric 7
            route 203.0.113.0/24 dev 3
            route 2001:db8:1::/48 via 2001:db8::fe dev 3
            route blackhole 10.66.0.0/16
            route unreachable 10.67.0.0/16
            route prohibit 10.68.0.0/16
            neigh 192.0.2.254 lladdr 02:00:00:00:00:fe dev 2
            neigh 2001:db8::fe lladdr 02:00:00:00:00:ef dev 3
            """);

    private final ExecutionContext ctx = new ExecutionContext();
    private final byte[] params = new byte[64];
    private final long p = ctx.mapInput(params);
    private final ByteBuffer b = ByteBuffer.wrap(params).order(ByteOrder.LITTLE_ENDIAN);

    private long lookupV4(String dst, int ifindex, int totLen, int flags) {
        Arrays.fill(params, (byte) 0);
        params[0] = 2;
        b.putShort(6, (short) totLen);
        b.putInt(8, ifindex);
        System.arraycopy(ip(dst), 0, params, 32, 4);
        return FibLookup.lookup(TABLE, ctx.memory(), p, 64, flags);
    }

    private static byte[] ip(String s) {
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRoutedDestinationGetsItsGatewayDeviceMetricAndMacs() {
        assertThat(lookupV4("198.51.100.9", 3, 100, 0)).isEqualTo(FibLookup.BPF_FIB_LKUP_RET_SUCCESS);
        assertThat(b.getInt(8)).isEqualTo(2);
        assertThat(b.getInt(12)).isEqualTo(7);
        assertThat(Arrays.copyOfRange(params, 32, 36)).containsExactly(ip("192.0.2.254"));
        assertThat(Arrays.copyOfRange(params, 52, 58)).containsExactly(2, 0, 0, 0, 0, 2);
        assertThat(Arrays.copyOfRange(params, 58, 64)).containsExactly(2, 0, 0, 0, 0, 0xfe);
        assertThat(b.getShort(6)).as("the egress MTU in mtu_result, as the kernel leaves it").isEqualTo((short) 1500);
    }

    @Test
    void theResultCodes() {
        assertThat(lookupV4("203.0.113.9", 2, 100, 0)).isEqualTo(FibLookup.BPF_FIB_LKUP_RET_NO_NEIGH);
        assertThat(b.getInt(8)).isEqualTo(3);
        assertThat(lookupV4("203.0.113.9", 2, 100, FibLookup.BPF_FIB_LOOKUP_SKIP_NEIGH))
                .isEqualTo(FibLookup.BPF_FIB_LKUP_RET_SUCCESS);
        assertThat(lookupV4("203.0.113.9", 2, 1401, 0)).isEqualTo(FibLookup.BPF_FIB_LKUP_RET_FRAG_NEEDED);
        assertThat(b.getShort(6)).isEqualTo((short) 1400);
        assertThat(lookupV4("10.66.1.1", 2, 0, 0)).isEqualTo(FibLookup.BPF_FIB_LKUP_RET_BLACKHOLE);
        assertThat(lookupV4("10.67.1.1", 2, 0, 0)).isEqualTo(FibLookup.BPF_FIB_LKUP_RET_UNREACHABLE);
        assertThat(lookupV4("10.68.1.1", 2, 0, 0)).isEqualTo(FibLookup.BPF_FIB_LKUP_RET_PROHIBIT);
        assertThat(lookupV4("8.8.8.8", 2, 0, 0)).isEqualTo(FibLookup.BPF_FIB_LKUP_RET_NOT_FWDED);
        assertThat(lookupV4("192.0.2.1", 2, 0, 0)).isEqualTo(FibLookup.BPF_FIB_LKUP_RET_NOT_FWDED);
        assertThat(lookupV4("198.51.100.9", 4, 0, 0)).isEqualTo(FibLookup.BPF_FIB_LKUP_RET_FWD_DISABLED);
        // BPF_FIB_LOOKUP_OUTPUT does not lift the check (the kernel agreement test, fib.c)
        assertThat(lookupV4("198.51.100.9", 4, 0, FibLookup.BPF_FIB_LOOKUP_OUTPUT))
                .isEqualTo(FibLookup.BPF_FIB_LKUP_RET_FWD_DISABLED);
        assertThat(lookupV4("198.51.100.9", 9, 0, 0)).isEqualTo(-19);
        assertThat(lookupV4("198.51.100.9", 2, 0, 1 << 9)).isEqualTo(-22);
        assertThat(FibLookup.lookup(TABLE, ctx.memory(), p, 63, 0)).isEqualTo(-22);
        params[0] = 7;
        assertThat(FibLookup.lookup(TABLE, ctx.memory(), p, 64, 0)).isEqualTo(-97);
    }

    @Test
    void sourceAddressesComeFromTheEgressDevice() {
        assertThat(lookupV4("198.51.100.9", 2, 0, FibLookup.BPF_FIB_LOOKUP_SRC)).isZero();
        assertThat(Arrays.copyOfRange(params, 16, 20)).containsExactly(ip("192.0.2.1"));
    }

    @Test
    void ipv6Lookups() {
        Arrays.fill(params, (byte) 0);
        params[0] = 10;
        b.putInt(8, 2);
        System.arraycopy(ip("2001:db8:1::5"), 0, params, 32, 16);
        assertThat(FibLookup.lookup(TABLE, ctx.memory(), p, 64, 0)).isZero();
        assertThat(Arrays.copyOfRange(params, 32, 48)).containsExactly(ip("2001:db8::fe"));
        assertThat(Arrays.copyOfRange(params, 58, 64)).containsExactly(2, 0, 0, 0, 0, 0xef);
    }

    @Test
    void badTablesNameTheLine() {
        assertThatThrownBy(() -> RouteTable.parse("dev 2\nroute 10.0.0.0/33 dev 2"))
                .hasMessage("route table line 2: prefix length 33 out of range");
        assertThatThrownBy(() -> RouteTable.parse("frob 1")).hasMessageContaining("line 1: unknown entry 'frob'");
        assertThatThrownBy(() -> RouteTable.parse("route 10.0.0.0/8")).hasMessageContaining("needs a device");
        assertThatThrownBy(() -> RouteTable.parse("neigh 1.2.3.4 lladdr 02:00")).hasMessageContaining("not a MAC");
    }
}

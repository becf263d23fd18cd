package org.jxdp.engine.helpers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.vm.Memory;

/**
 * bpf_trace_printk's format checks and printing, as the kernel agreement test (misc.c) found
 * the kernel doing them: the lengths there are the kernel's return values on Linux 6.18.
 */
class TraceFormatTest {
    private final Memory m = new BpfRuntime(1).newContext(0).memory();
    private final byte[] input = new byte[256];

    private String format(String fmt, int size, long a1, long a2, long a3) {
        byte[] f = fmt.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(f, 0, input, 0, f.length);
        input[f.length] = 0;
        input[200] = (byte) 192;
        input[201] = 0;
        input[202] = 2;
        input[203] = 1;
        m.map(Memory.REGION_INPUT, input, 0, input.length, false);
        return TraceFormat.format(m, Memory.address(Memory.REGION_INPUT, 0), size, a1, a2, a3);
    }

    private String format(String fmt, long a1, long a2, long a3) {
        return format(fmt, fmt.length() + 1, a1, a2, a3);
    }

    @Test
    void flagsWidthsAndSigns() {
        assertThat(format("%-4d|%+d|% d.\n", -60, 60, 60)).isEqualTo("-60 |+60| 60.\n");
        assertThat(format("%llx|%5d|%05u\n", 0x1234567890abcdefL, 60, 60)).isEqualTo("1234567890abcdef|   60|00060\n");
        assertThat(format("%05d|%-05d|%+u", -5, 5, 5)).isEqualTo("-0005|5    |5");
        assertThat(format("jxdp %d %u %x\n", 5, -5, -5)).isEqualTo("jxdp 5 4294967291 fffffffb\n");
        assertThat(format("%ld %lu", -5, -5, 0)).isEqualTo("-5 18446744073709551611");
    }

    @Test
    void charactersStringsAndAddresses() {
        long word = Memory.address(Memory.REGION_INPUT, 100);
        System.arraycopy("word\0".getBytes(StandardCharsets.ISO_8859_1), 0, input, 100, 5);
        assertThat(format("%c%c %%%s\n", 'x', 'y', word)).isEqualTo("xy %word\n");
        long v4 = Memory.address(Memory.REGION_INPUT, 200);
        assertThat(format("%pI4 %pi4\n", v4, v4, 0)).isEqualTo("192.0.2.1 192.000.002.001\n");
        assertThat(format("%pI4", 0x1234, 0, 0)).as("an unreachable address prints as zeros").isEqualTo("0.0.0.0");
        assertThat(format("%s|", 0x1234, 0, 0)).as("an unreachable string prints empty").isEqualTo("|");
        assertThat(format("%px %p.", 0xabc, 0xabc, 0)).isEqualTo("0000000000000abc 0000000000000abc.");
    }

    @Test
    void whatTheKernelRefuses() {
        assertThat(format("%hd\n", 1, 0, 0)).isNull();
        assertThat(format("%n\n", 1, 0, 0)).isNull();
        assertThat(format("%d %d %d %d\n", 1, 2, 3)).isNull();
        assertThat(format("tab\tok, bell\u0007 not\n", 0, 0, 0)).isNull();
        assertThat(format("caf\u00e9", 0, 0, 0)).isNull();
        assertThat(format("%lllx\n", 1, 0, 0)).isNull();
        assertThat(format("%lc\n", 'x', 0, 0)).isNull();
        assertThat(format("%.3d", 1, 0, 0)).isNull();
        assertThat(format("%pZ", 1, 0, 0)).isNull();
        assertThat(format("abc", 3, 0, 0, 0)).as("no NUL within the size").isNull();
        assertThat(format("tab\tok %% 100%%\n", 0, 0, 0)).isEqualTo("tab\tok % 100%\n");
    }
}

package org.jxdp.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.jxdp.engine.asm.Assembler;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.Executable;

/** What a run of an XDP program returns, where the kernel agreement test found jxdp different. */
class XdpRunnerTest {
    /**
     * The kernel reads an XDP program's r0 as a u32: 0x1_0000_0002 is XDP_PASS and the test run's
     * return value is 2 (found by KernelAgreementTest on redirect_maps.c, which packs results in
     * more than 32 bits).
     */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void theReturnValueIsTheLow32BitsOfR0(EngineKind engine) throws Exception {
        if (!engine.available()) {
            return;
        }
        BpfRuntime rt = new BpfRuntime(1);
        Executable exe = engine.load(Assembler.assemble("wide", "lddw %r0, 0x100000002\nexit\n"),
                rt.environment(XdpHelpers.table(rt)));
        byte[] frame = new byte[60];
        Arrays.fill(frame, (byte) 7);
        XdpTestRun.Result r = XdpTestRun.run(exe, rt, frame, 1);
        assertThat(r.retval()).isEqualTo(2);
        assertThat(XdpAction.of(r.retval())).isEqualTo(XdpAction.PASS);
        assertThat(r.dataOut()).isEqualTo(frame);
    }

    /**
     * bpf_xdp_load_bytes and _store_bytes: an offset over 0xffff is -EFAULT, a range past the end
     * -EINVAL (the kernel's bpf_xdp_pointer; jxdp answered -EINVAL to both).
     */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void loadAndStoreBytesRefuseOffsetsAsTheKernelDoes(EngineKind engine) throws Exception {
        if (!engine.available()) {
            return;
        }
        BpfRuntime rt = new BpfRuntime(1);
        byte[] frame = new byte[60];
        for (String[] c : new String[][] {{"189", "0x10000", "-14"}, {"189", "57", "-22"}, {"189", "56", "0"},
                {"190", "0xffffffff", "-14"}, {"190", "58", "-22"}, {"190", "0", "0"}}) {
            Executable exe = engine.load(Assembler.assemble("bytes", """
                    stw [%r10-8], 0x01020304
                    mov %r2, OFFSET
                    mov %r3, %r10
                    add %r3, -8
                    mov %r4, 4
                    call HELPER
                    exit
                    """.replace("OFFSET", c[1]).replace("HELPER", c[0])), rt.environment(XdpHelpers.table(rt)));
            assertThat((int) XdpTestRun.run(exe, rt, frame, 1).retval()).as(c[0] + " at " + c[1])
                    .isEqualTo(Integer.parseInt(c[2]));
        }
    }
}

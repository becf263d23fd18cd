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
}

package org.jxdp.capture.pipeline;

import java.util.function.IntFunction;
import org.jxdp.hooks.XdpAction;

/** How verdicts are named in the CSV and described in annotations. */
final class Verdicts {
    private static final String[] NAMES = {"ABORTED", "DROP", "PASS", "TX", "REDIRECT"};

    private Verdicts() {
    }

    /** {@code PASS}; a frame that was not run passed, and says so. */
    static String name(FrameSlot s) {
        if (s.ringDrop) {
            return "DROP";
        }
        return s.notRun != null ? "PASS" : NAMES[s.action];
    }

    /**
     * {@code XDP_PASS}, {@code XDP_REDIRECT to ifindex 3}, {@code XDP_ABORTED: insn 14 (...): ...
     * [prog.c:33]}, {@code not run (link type without an Ethernet translation): passed untouched}.
     */
    static void describe(FrameSlot s, StringBuilder b, IntFunction<String> sourceLine) {
        if (s.ringDrop) {
            b.append("dropped: the worker's ring was full");
            return;
        }
        if (s.notRun != null) {
            b.append("not run (").append(s.notRun.description()).append("): passed untouched");
            return;
        }
        b.append("XDP_").append(NAMES[s.action]);
        if (s.action == XdpAction.XDP_REDIRECT) {
            switch (s.redirectKind) {
                case IFINDEX -> b.append(" to ifindex ").append(s.redirectTarget);
                case BROADCAST -> b.append(" to every interface of the devmap");
                case CPU -> b.append(" to cpu ").append(s.redirectTarget);
                case XSK -> b.append(" to xsk ").append(s.redirectTarget);
            }
        } else if (s.action == XdpAction.XDP_ABORTED) {
            b.append(": ").append(PipelineStats.Abort.reason(s.fault, s.returnValue));
            if (s.fault != null && sourceLine != null && s.fault.pc() >= 0) {
                String at = sourceLine.apply(s.fault.pc());
                if (at != null) {
                    b.append(" [").append(at).append(']');
                }
            }
        }
    }
}

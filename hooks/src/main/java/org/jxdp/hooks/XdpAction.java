package org.jxdp.hooks;

/**
 * The verdicts an XDP program returns ({@code enum xdp_action} in
 * {@code include/uapi/linux/bpf.h}), with the kernel's numbering.
 *
 * <p>The kernel accepts any return value at load time; at run time a value outside this enum is
 * an invalid action: it is warned about and the frame is dropped through the ABORTED path.
 * {@link #of(long)} does the same.
 */
public enum XdpAction {
    /** 0: the program failed; the frame is dropped and counted as an exception. */
    ABORTED,
    /** 1: drop the frame. */
    DROP,
    /** 2: let the frame continue to the network stack (or the other side, inline). */
    PASS,
    /** 3: send the frame back out of the interface it arrived on. */
    TX,
    /** 4: send the frame to the target chosen by bpf_redirect or bpf_redirect_map. */
    REDIRECT;

    /** Kernel value of {@link #ABORTED}. */
    public static final int XDP_ABORTED = 0;
    /** Kernel value of {@link #DROP}. */
    public static final int XDP_DROP = 1;
    /** Kernel value of {@link #PASS}. */
    public static final int XDP_PASS = 2;
    /** Kernel value of {@link #TX}. */
    public static final int XDP_TX = 3;
    /** Kernel value of {@link #REDIRECT}. */
    public static final int XDP_REDIRECT = 4;

    private static final XdpAction[] BY_VALUE = values();

    /** The kernel's value of this action. */
    public int value() {
        return ordinal();
    }

    /** True when {@code r0} is one of the five actions. */
    public static boolean isValid(long r0) {
        return r0 >= 0 && r0 < BY_VALUE.length;
    }

    /** The action a program's r0 stands for; an invalid value is {@link #ABORTED}, as in the kernel. */
    public static XdpAction of(long r0) {
        return isValid(r0) ? BY_VALUE[(int) r0] : ABORTED;
    }

    /** {@code XDP_PASS (2)}, or {@code 7 (invalid XDP action)}. */
    public static String describe(long r0) {
        return isValid(r0) ? "XDP_" + BY_VALUE[(int) r0].name() + " (" + r0 + ")"
                : Long.toUnsignedString(r0) + " (invalid XDP action)";
    }
}

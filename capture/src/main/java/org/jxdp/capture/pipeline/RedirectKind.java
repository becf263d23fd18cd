package org.jxdp.capture.pipeline;

/** Where a redirected frame was sent: what {@link FrameSlot#redirectTarget()} means. */
public enum RedirectKind {
    /** To an interface by ifindex: {@code bpf_redirect}, or a devmap entry. */
    IFINDEX,
    /** To every interface of a devmap ({@code BPF_F_BROADCAST}); the target is -1. */
    BROADCAST,
    /** To a CPU through a cpumap; the target is the CPU. */
    CPU,
    /** To an AF_XDP socket through an xskmap; the target is the map key (queue). */
    XSK
}

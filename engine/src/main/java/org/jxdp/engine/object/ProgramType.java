package org.jxdp.engine.object;

/**
 * What a program section's name says the program is, by libbpf's conventions: {@code xdp},
 * {@code xdp.frags}, {@code xdp/...}, and the older names of the Linux and prototype-kernel
 * samples ({@code xdp1}, {@code xdp_prog}...: any section whose name starts with {@code xdp}).
 * jxdp runs XDP programs; others are listed but not loaded.
 */
public enum ProgramType {
    /** An XDP program. */
    XDP,
    /** A program of a type jxdp does not run (tc, tracepoint, cgroup...). */
    OTHER;

    /** The type of a program in section {@code section}. */
    public static ProgramType ofSection(String section) {
        return section.startsWith("xdp") ? XDP : OTHER;
    }
}

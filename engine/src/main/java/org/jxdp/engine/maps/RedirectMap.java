package org.jxdp.engine.maps;

import org.jxdp.engine.vm.Executable;

/**
 * A map {@code bpf_redirect_map} sends frames through: a devmap (to an interface) or a cpumap
 * (to a CPU). The redirect helper asks it where a key leads; neither method allocates or locks.
 */
public interface RedirectMap {
    /** What {@link #target} answers for a key with no entry. */
    long NO_TARGET = -1;

    /** The ifindex (devmap) or CPU (cpumap) stored under {@code key}, or {@link #NO_TARGET}. */
    long target(long key);

    /** The program attached to the entry under {@code key} (value_size 8), or null. */
    Executable program(long key);
}

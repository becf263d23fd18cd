package org.jxdp.engine.vm;

/**
 * A region whose loads are computed rather than read from bytes: a program's context
 * ({@code struct xdp_md}), where a 32-bit load of {@code data} yields a full 64-bit packet
 * pointer (the rewrite the kernel's verifier does at load time). Stores to a virtual region are
 * refused as read-only.
 */
@FunctionalInterface
public interface VirtualRegion {
    /**
     * The value a load of {@code size} bytes at {@code offset} gives.
     *
     * @throws FaultException when the access is not valid for this region
     */
    long load(int offset, int size);
}

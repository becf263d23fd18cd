/**
 * The eBPF instruction set (RFC 9669, ISA v4, plus the Linux extensions the kernel accepts):
 * opcode constants under their kernel names, the 8-byte instruction slot, and programs as
 * arrays of slots.
 *
 * <p>It does not decide whether a program is valid (see {@code verifier}) nor run it (see
 * {@code vm}).
 */
package org.jxdp.engine.isa;

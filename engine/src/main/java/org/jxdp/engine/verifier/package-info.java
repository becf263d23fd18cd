/**
 * Load-time checks that decide whether a program may run: the structural checks
 * ({@link org.jxdp.engine.verifier.StructuralChecker}: every opcode defined, reserved fields zero,
 * registers valid, r10 read-only, jumps and calls inside the program and their function,
 * functions that end), then the verifier ({@link org.jxdp.engine.verifier.Verifier}), which
 * proves by abstract interpretation, as the kernel's verifier does, that an XDP program's memory
 * accesses, helper calls, loops and return value are safe. Each refusal names the instruction,
 * its source line and the reason.
 *
 * <p>Objects are verified when they are loaded ({@code LoadOptions.verify}, on by default); the
 * engines still check every memory access they cannot prove, and bound every run with an
 * instruction budget, so a program loaded without verification cannot escape either.
 */
package org.jxdp.engine.verifier;

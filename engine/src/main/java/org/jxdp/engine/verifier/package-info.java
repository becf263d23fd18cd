/**
 * Load-time checks that decide whether a program may run. Today: the structural checks (every
 * opcode defined, reserved fields zero, registers valid, r10 read-only, jumps and calls inside
 * the program and their function, functions that end). Each refusal names the instruction.
 *
 * <p>It does not yet prove memory safety or termination: until the abstract-interpretation
 * verifier exists, engines check every memory access at run time and bound every run with an
 * instruction budget.
 */
package org.jxdp.engine.verifier;

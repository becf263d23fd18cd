/**
 * The JIT: compiles a checked program into one hidden JVM class (extending
 * {@code org.jxdp.engine.vm.CompiledProgram}) whose methods are the program's functions, with BPF
 * registers in JVM locals, so HotSpot's C2 compiles the program to machine code with the helpers
 * and memory accessors inlined.
 *
 * <p>It defines no semantics of its own: arithmetic, comparisons and byte swaps come from
 * {@code OpcodeSemantics} and memory from {@code Memory}, exactly as the interpreter uses them.
 * It does not verify programs; until the verifier's proofs feed it, every access stays checked.
 */
package org.jxdp.engine.jit;

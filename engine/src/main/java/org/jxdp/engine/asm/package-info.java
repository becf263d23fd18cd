/**
 * Text forms of programs: the assembler and disassembler of the conformance suite's syntax
 * (which round-trip exactly), and a formatter in llvm-objdump's syntax for people and for error
 * messages.
 *
 * <p>It does not read ELF objects or BTF line information; messages that name source lines get
 * them from the loader.
 */
package org.jxdp.engine.asm;

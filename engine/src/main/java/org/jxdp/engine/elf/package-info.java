/**
 * The ELF64 relocatable objects clang builds for {@code -target bpf}: headers, sections,
 * symbols and relocations, each checked against the file before use.
 *
 * <p>It does not interpret BPF conventions (program sections, maps, global data, BTF); the
 * object loader does that on top of it.
 */
package org.jxdp.engine.elf;

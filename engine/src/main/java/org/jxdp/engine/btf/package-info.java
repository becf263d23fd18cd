/**
 * The BPF Type Format of clang's objects: the {@code .BTF} section ({@link org.jxdp.engine.btf.Btf}:
 * every type kind, sizes, members, C-like names for messages), the {@code .BTF.ext} section
 * ({@link org.jxdp.engine.btf.BtfExt}: func_info, line_info with a per-instruction source line
 * lookup, CO-RE relocation records) and libbpf's BTF-defined maps of {@code .maps}
 * ({@link org.jxdp.engine.btf.MapDefinition}).
 *
 * <p>It reads section bytes the ELF loader hands it and knows nothing of ELF: it does not find
 * sections, read symbols or apply relocations. The loader fills in what clang leaves to it (the
 * DATASEC sizes and variable offsets, {@link org.jxdp.engine.btf.Btf#withDatasecLayout}) and
 * turns {@code values} initialisers into programs and maps from the {@code .maps} relocations.
 * CO-RE relocations are parsed but not applied; split BTF (a base plus a module) is not read.
 *
 * <p>Malformed input ends in a {@link org.jxdp.engine.btf.BtfException} naming the section, the
 * place and the byte offset, and nothing else: counts are checked against the bytes that remain
 * before anything is allocated, type ids against the number of types, string offsets against the
 * string table, and chains of types are bounded, so there is no index error, endless loop, deep
 * recursion or huge allocation whatever the bytes.
 */
package org.jxdp.engine.btf;

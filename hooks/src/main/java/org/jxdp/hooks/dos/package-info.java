/**
 * The bundled XDP DoS filter ({@code hooks/src/main/bpf/dos_filter.c}, its object committed as
 * {@code bundled/dos_filter.o}) and its rules: a YAML rules file ({@link RulesFile}) read into
 * {@link DosRules}, turned into the filter's map contents ({@link DosMapImage}) that are written
 * into a loaded object ({@link DosMaps}) or into the kernel's maps with {@code bpftool}; and the
 * report of what the rules did ({@link DosReport}: per-rule hits, top talkers).
 */
package org.jxdp.hooks.dos;

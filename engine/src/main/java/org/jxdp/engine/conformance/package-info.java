/**
 * The bpf_conformance test-vector format ({@code .data}) and a runner for it: the parser, the
 * helper functions the official runners provide (ids 0 to 5), and the comparison of r0 with the
 * expected result on any engine.
 *
 * <p>It does not contain the vectors themselves; they live in {@code ../shared/conformance}.
 */
package org.jxdp.engine.conformance;

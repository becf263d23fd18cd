/**
 * The XDP hook: what an XDP program's return value means today; the {@code xdp_md} context,
 * frame slots, program chains, the bundled programs and the DoS rules will live here too.
 *
 * <p>It does not read packets from files or interfaces ({@code capture} does) and does not know
 * how instructions run ({@code engine} does).
 */
package org.jxdp.hooks;

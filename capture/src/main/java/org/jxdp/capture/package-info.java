/**
 * Frame sources and sinks: pcap and pcapng readers and writers, live capture through pcap4j,
 * per-CPU rings and the workers that run the XDP hook on each frame. Only this module touches
 * pcap4j.
 *
 * <p>Nothing is here yet: the packet path is the next stage of the project (see the README's
 * roadmap), and this module exists so that the dependency order of DESIGN.md holds from the
 * start.
 */
package org.jxdp.capture;

/**
 * {@code jxdp gen}: a deterministic traffic generator for samples, tests and benchmarks.
 * {@link org.jxdp.capture.gen.TrafficGenerator} writes a {@link org.jxdp.capture.gen.Profile}'s
 * mix of {@link org.jxdp.capture.gen.TrafficClass}es (benign TCP sessions, DNS, ICMP echo, IPv6,
 * VLAN, ARP; SYN, UDP and ICMP floods, DNS/NTP/memcached/SSDP amplification, fragment floods,
 * bad TCP flags) with correct checksums and Poisson timestamps, and returns
 * {@link org.jxdp.capture.gen.GeneratedCounts}: frames per class and the
 * {@link org.jxdp.capture.gen.ProtocolCounter}s that the bundled counting program must agree with.
 *
 * <p>What it does not do: real application payloads beyond the headers that matter to a DoS
 * filter (HTTP request lines, DNS questions and answers, NTP mode 7, memcached VALUE, SSDP
 * responses), TCP retransmissions or loss, IPv6 fragments, or link types other than Ethernet.
 */
package org.jxdp.capture.gen;

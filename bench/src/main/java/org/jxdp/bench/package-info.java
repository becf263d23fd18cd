/**
 * Benchmarks: JMH benchmarks, and command-line ones with a {@code main} ({@code DosFilterKernel},
 * the kernel beside jxdp; {@code PairedBuilds}, two builds side by side in one JVM;
 * {@code CaptureReadBenchmark}, reading alone). Built into {@code bench/target/benchmarks.jar} by
 * {@code ./mvnw package}; never run by the test build. The README lists the commands and the
 * latest figures. {@code bench/src/main/c/pcap_walk.c} is the C yardstick for reading.
 */
package org.jxdp.bench;

/**
 * JMH benchmarks. Built into {@code bench/target/benchmarks.jar} by {@code ./mvnw package};
 * never run by the test build. The README lists the commands and the latest figures.
 */
package org.jxdp.bench;

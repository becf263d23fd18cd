/**
 * Micrometer meters bound to the workers' own counters, read at scrape time, and the Netty HTTP
 * server for {@code /metrics} and the control API. Only this module touches Micrometer and
 * Netty.
 *
 * <p>Nothing is here yet (see the README's roadmap); the module exists so that the dependency
 * order of DESIGN.md holds from the start.
 */
package org.jxdp.metrics;

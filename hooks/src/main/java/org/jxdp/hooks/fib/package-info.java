/**
 * Forwarding lookups for {@code bpf_fib_lookup}: a route table the user supplies (routes,
 * neighbours, devices) and the helper that consults it with the kernel's result codes.
 *
 * <p>It does not read the host's routing tables; jxdp runs outside the kernel and forwards
 * according to what it is told.
 */
package org.jxdp.hooks.fib;

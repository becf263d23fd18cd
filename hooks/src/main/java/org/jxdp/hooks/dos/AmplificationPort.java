package org.jxdp.hooks.dos;

/**
 * A UDP source port that reflectors answer from: datagrams from it to a different port with more
 * than {@code maxPayload} bytes of payload are dropped.
 *
 * @param id the rule id
 * @param name the service's name
 * @param line the line of the entry
 * @param port the UDP source port
 * @param maxPayload the largest UDP payload let through
 */
public record AmplificationPort(int id, String name, int line, int port, int maxPayload) {
}

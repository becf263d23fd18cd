/**
 * The HTTP server of {@code --metrics}: {@link org.jxdp.metrics.http.MetricsServer} (Netty, one
 * event-loop thread, bounded requests and time limits) serving
 * {@link org.jxdp.metrics.http.HttpRoutes}: {@code /metrics}, {@code /healthz}, {@code /readyz}
 * and the control API of {@link org.jxdp.metrics.api}.
 * <pre>
 *   try (MetricsServer s = MetricsServer.start(new InetSocketAddress("127.0.0.1", 9464),
 *           new HttpRoutes(registry, running::get, new ControlApi(programs, maps, token)))) {
 *       pipeline.run(source, sinks);
 *   }
 * </pre>
 */
package org.jxdp.metrics.http;

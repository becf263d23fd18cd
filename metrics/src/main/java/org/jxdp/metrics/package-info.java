/**
 * Micrometer meters bound to the counters the workers and the pipeline thread keep for
 * themselves, read at scrape time: {@link org.jxdp.metrics.JxdpMeter} lists every one;
 * {@link org.jxdp.metrics.PipelineMeters}, {@link org.jxdp.metrics.MapMeters} and
 * {@link org.jxdp.metrics.CaptureDropMeters} bind them; {@link org.jxdp.metrics.MetricsRegistry}
 * adds the JVM and process binders and scrapes. Only this module touches Micrometer and Netty;
 * the packet path never calls either.
 * <pre>
 *   MetricsRegistry m = new MetricsRegistry()
 *           .bind(new PipelineMeters("mix.pcap", pipeline.counters(), pipeline.workerCounters()))
 *           .bind(new MapMeters(obj.maps()));
 *   String text = m.scrape(MetricsRegistry.PROMETHEUS_TEXT);
 * </pre>
 */
package org.jxdp.metrics;

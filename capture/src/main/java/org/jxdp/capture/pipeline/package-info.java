/**
 * The packet path: a {@link org.jxdp.capture.pipeline.FrameSource} (a capture file today, a live
 * interface later), a pool of preallocated {@link org.jxdp.capture.pipeline.FrameSlot}s with
 * headroom (AF_XDP's UMEM), N workers fed by single-producer single-consumer rings
 * ({@link org.jxdp.capture.pipeline.SpscIntRing}; in a file replay, workers that read the file
 * themselves and hand their outcomes back through rings of records instead) and chosen by a symmetric
 * {@link org.jxdp.capture.pipeline.FlowHash}, and {@link org.jxdp.capture.pipeline.VerdictSink}s
 * that carry the verdicts out in input order; {@link org.jxdp.capture.pipeline.Pipeline} wires
 * them.
 * <pre>
 *   try (CaptureFileSource in = CaptureFileSource.open(Path.of("in.pcap"), 1)) {
 *       PipelineStats s = new Pipeline(PipelineConfig.of(prog.executable(), obj.runtime()).workers(2))
 *               .run(in, List.of(new CaptureFileSinks(pass, drop, tx, null, in::nanosecondTimestamps, in.linkType()),
 *                                new VerdictCsvSink(csv)));
 *   }
 * </pre>
 *
 * <p>Guarantees: every frame is accounted for ({@code frames = pass + drop + tx + redirect +
 * aborted + ring_drops + not_run}); outputs keep the input order whatever the number of workers;
 * a flow stays on one worker; the steady state allocates nothing and takes no lock; a replay
 * never drops (the reading thread waits for room); during a replay the program's clock is the
 * frame's capture timestamp plus a fixed offset ({@link org.jxdp.capture.pipeline.ClockMode}).
 *
 * <p>While it runs, {@link org.jxdp.capture.pipeline.Pipeline#workerCounters()} and
 * {@link org.jxdp.capture.pipeline.Pipeline#counters()} can be read from any thread (the metrics
 * scrape): each counter is written by one thread with opaque writes, no lock. A live source may
 * add {@link org.jxdp.capture.pipeline.CaptureStatistics} for the frames lost before it.
 *
 * <p>What this package does not do: capture from interfaces or transmit on them (the live
 * session adds a source and sinks), reassemble fragments, run several programs in a chain, or
 * give frames longer than a slot (3520 bytes) to the program (they pass through untouched,
 * counted as {@link org.jxdp.capture.pipeline.NotRun#TOO_LONG}).
 */
package org.jxdp.capture.pipeline;

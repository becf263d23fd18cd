package org.jxdp.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.jxdp.capture.pipeline.AbortReason;
import org.jxdp.capture.pipeline.NotRun;
import org.jxdp.capture.pipeline.PipelineCounters;
import org.jxdp.capture.pipeline.WorkerCounters;
import org.jxdp.hooks.XdpAction;

/**
 * Binds a pipeline's counters to {@link JxdpMeter#PACKETS}, {@link JxdpMeter#BYTES},
 * {@link JxdpMeter#ABORTED}, {@link JxdpMeter#RING_DEPTH}, {@link JxdpMeter#RING_DROPPED} and
 * {@link JxdpMeter#PROGRAM_RUNTIME}: function counters and gauges that read the counters when
 * scraped.
 */
public final class PipelineMeters implements MeterBinder {
    /** The {@code worker} tag of frames no worker ran. */
    public static final String NO_WORKER = "none";
    /** The {@code verdict} tag of frames passed through without being run. */
    public static final String NOT_RUN = "not_run";

    private final String iface;
    private final PipelineCounters pipeline;
    private final List<WorkerCounters> workers;

    /**
     * @param iface the {@code iface} tag: the interface, or the capture file's name in a replay
     * @param pipeline the pipeline thread's counters
     * @param workers each worker's counters
     */
    public PipelineMeters(String iface, PipelineCounters pipeline, List<WorkerCounters> workers) {
        this.iface = Objects.requireNonNull(iface, "iface");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.workers = List.copyOf(workers);
    }

    /** The {@code verdict} tag of an XDP action: {@code pass}, {@code drop}, ... */
    public static String verdict(XdpAction a) {
        return a.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (WorkerCounters w : workers) {
            String worker = Integer.toString(w.worker());
            for (XdpAction a : XdpAction.values()) {
                counter(registry, JxdpMeter.PACKETS, w, c -> c.packets(a), verdict(a), worker);
                counter(registry, JxdpMeter.BYTES, w, c -> c.bytes(a), verdict(a), worker);
            }
            Gauge.builder(JxdpMeter.RING_DEPTH.meterName(), w, WorkerCounters::ringDepth)
                    .description(JxdpMeter.RING_DEPTH.description())
                    .baseUnit(JxdpMeter.RING_DEPTH.baseUnit())
                    .tag("worker", worker)
                    .strongReference(true)
                    .register(registry);
            FunctionCounter.builder(JxdpMeter.RING_DROPPED.meterName(), pipeline, p -> p.ringDrops(w.worker()))
                    .description(JxdpMeter.RING_DROPPED.description())
                    .baseUnit(JxdpMeter.RING_DROPPED.baseUnit())
                    .tag("worker", worker)
                    .register(registry);
            FunctionTimer.builder(JxdpMeter.PROGRAM_RUNTIME.meterName(), w, WorkerCounters::runtimeSamples,
                            WorkerCounters::runtimeNanos, TimeUnit.NANOSECONDS)
                    .description(JxdpMeter.PROGRAM_RUNTIME.description())
                    .tag("worker", worker)
                    .register(registry);
            TimeGauge.builder(JxdpMeter.PROGRAM_RUNTIME.meterName() + ".max", w, TimeUnit.NANOSECONDS,
                            WorkerCounters::runtimeMaxNanos)
                    .description("Longest sampled run of the XDP program")
                    .tag("worker", worker)
                    .strongReference(true)
                    .register(registry);
        }
        counter(registry, JxdpMeter.PACKETS, pipeline, p -> sum(p, false), NOT_RUN, NO_WORKER);
        counter(registry, JxdpMeter.BYTES, pipeline, p -> sum(p, true), NOT_RUN, NO_WORKER);
        for (AbortReason r : AbortReason.values()) {
            FunctionCounter.builder(JxdpMeter.ABORTED.meterName(), workers, ws -> aborted(ws, r))
                    .description(JxdpMeter.ABORTED.description())
                    .baseUnit(JxdpMeter.ABORTED.baseUnit())
                    .tag("reason", r.tag())
                    .register(registry);
        }
    }

    private <T> void counter(MeterRegistry registry, JxdpMeter m, T obj, ToDoubleFunction<T> f, String verdict,
            String worker) {
        FunctionCounter.builder(m.meterName(), obj, f)
                .description(m.description())
                .baseUnit(m.baseUnit())
                .tag("verdict", verdict)
                .tag("iface", iface)
                .tag("worker", worker)
                .register(registry);
    }

    private static double sum(PipelineCounters p, boolean bytes) {
        long n = 0;
        for (NotRun r : NotRun.values()) {
            n += bytes ? p.notRunBytes(r) : p.notRun(r);
        }
        return n;
    }

    private static double aborted(List<WorkerCounters> ws, AbortReason r) {
        long n = 0;
        for (WorkerCounters w : ws) {
            n += w.aborted(r);
        }
        return n;
    }
}

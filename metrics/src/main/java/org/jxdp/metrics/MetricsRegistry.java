package org.jxdp.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Prometheus registry of one jxdp process: the JVM and process binders, plus whatever
 * {@link MeterBinder}s the running command binds ({@link PipelineMeters}, {@link MapMeters},
 * {@link CaptureDropMeters}). Scrapes in the Prometheus text format 0.0.4 or OpenMetrics 1.0.
 */
public final class MetricsRegistry implements AutoCloseable {
    /** The Prometheus text format. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** The OpenMetrics text format. */
    public static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /** Micrometer holds function meters' objects weakly: the binders keep them alive as long as the registry. */
    private final List<MeterBinder> bound = new CopyOnWriteArrayList<>();

    /** A registry with the JVM and process binders bound. */
    public MetricsRegistry() {
        // promtool's lint refuses two of ProcessorMetrics' names (an abbreviated unit, a gauge
        // ending in _count); process_cpu_usage and system_cpu_usage say the same
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")
                || id.getName().equals("system.cpu.count")));
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** A binder whose set of meters changes: it is asked to bring them up to date before every scrape. */
    public interface BeforeScrape {
        /** Registers and removes meters as the state they show has changed. */
        void beforeScrape();
    }

    /** Binds more meters. */
    public MetricsRegistry bind(MeterBinder binder) {
        binder.bindTo(registry);
        bound.add(binder);
        return this;
    }

    /** The Micrometer registry, for tests and further binders. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * The content type to answer a request with this {@code Accept} header (null or absent: the
     * Prometheus text format).
     */
    public static String contentType(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")
                ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
    }

    /** Every meter in {@code contentType} (one of {@link #PROMETHEUS_TEXT} and {@link #OPENMETRICS_TEXT}). */
    public String scrape(String contentType) {
        for (MeterBinder b : bound) {
            if (b instanceof BeforeScrape s) {
                s.beforeScrape();
            }
        }
        return registry.scrape(contentType);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}

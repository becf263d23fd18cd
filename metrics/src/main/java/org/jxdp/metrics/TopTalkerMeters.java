package org.jxdp.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.hooks.dos.DosReport;

/**
 * Binds {@link JxdpMeter#TALKER_DROPS}: the DoS filter's top talkers, the {@value #TOP} sources
 * with the most dropped frames (its {@code talkers} map), one gauge each tagged with the source
 * address. The set is read again before every scrape ({@link MetricsRegistry.BeforeScrape}): a
 * source that leaves the top loses its series, so at most {@value #TOP} exist at a time.
 */
public final class TopTalkerMeters implements MeterBinder, MetricsRegistry.BeforeScrape {
    /** Sources shown. */
    public static final int TOP = 10;

    private final BpfObject filter;
    private MultiGauge gauge;

    /** @param filter a loaded dos_filter.o */
    public TopTalkerMeters(BpfObject filter) {
        this.filter = filter;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        gauge = MultiGauge.builder(JxdpMeter.TALKER_DROPS.meterName())
                .description(JxdpMeter.TALKER_DROPS.description())
                .baseUnit(JxdpMeter.TALKER_DROPS.baseUnit())
                .register(registry);
        beforeScrape();
    }

    @Override
    public synchronized void beforeScrape() {
        List<DosReport.Talker> top = DosReport.talkers(filter, TOP);
        gauge.register(top.stream().map(t -> MultiGauge.Row.of(Tags.of("source", t.source()), t.drops())).toList(),
                true);
    }
}

package org.jxdp.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import org.jxdp.capture.pipeline.CaptureStatistics;

/** Binds {@link JxdpMeter#CAPTURE_DROPPED} to a live source's {@link CaptureStatistics}. */
public final class CaptureDropMeters implements MeterBinder {
    private final CaptureStatistics statistics;

    public CaptureDropMeters(CaptureStatistics statistics) {
        this.statistics = Objects.requireNonNull(statistics, "statistics");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder(JxdpMeter.CAPTURE_DROPPED.meterName(), statistics, CaptureStatistics::droppedFrames)
                .description(JxdpMeter.CAPTURE_DROPPED.description())
                .baseUnit(JxdpMeter.CAPTURE_DROPPED.baseUnit())
                .tag("iface", statistics.interfaceName())
                .register(registry);
    }
}

package org.jxdp.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import org.jxdp.engine.maps.BpfMap;

/**
 * Binds {@link JxdpMeter#MAP_ENTRIES}: one gauge per map, reading {@link BpfMap#size()} at scrape
 * time (maps are safe to read from any thread).
 */
public final class MapMeters implements MeterBinder {
    private final List<BpfMap> maps;

    public MapMeters(List<BpfMap> maps) {
        this.maps = List.copyOf(maps);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (BpfMap m : maps) {
            Gauge.builder(JxdpMeter.MAP_ENTRIES.meterName(), m, BpfMap::size)
                    .description(JxdpMeter.MAP_ENTRIES.description())
                    .baseUnit(JxdpMeter.MAP_ENTRIES.baseUnit())
                    .tag("map", m.name())
                    .strongReference(true)
                    .register(registry);
        }
    }
}

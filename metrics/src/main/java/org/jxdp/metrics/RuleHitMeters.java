package org.jxdp.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.hooks.dos.DosReport;
import org.jxdp.hooks.dos.DosRules;
import org.jxdp.hooks.dos.RulesInForce;

/**
 * Binds {@link JxdpMeter#RULE_HITS}: one counter per rule of the DoS filter's rules in force
 * (the built-in checks, the rules file's rules, its amplification ports), tagged with the rule's
 * name and id and read from the filter's per-CPU {@code rule_hits} map at scrape time. When the
 * rules are replaced, the counters follow: a rule that is gone loses its series, a new one gains
 * one, and a rule whose id moved reads its new slot.
 */
public final class RuleHitMeters implements MeterBinder {
    private final RulesInForce inForce;
    private final BpfMap hits;
    private final List<Meter> registered = new ArrayList<>();
    private MeterRegistry registry;

    public RuleHitMeters(RulesInForce inForce) {
        this.inForce = inForce;
        this.hits = inForce.object().map("rule_hits");
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        this.registry = registry;
        register(inForce.current().rules());
        inForce.onReplace(v -> replaced(v.rules()));
    }

    private synchronized void replaced(DosRules rules) {
        for (Meter m : registered) {
            registry.remove(m);
        }
        registered.clear();
        register(rules);
    }

    private void register(DosRules rules) {
        for (int id : rules.ids()) {
            registered.add(FunctionCounter.builder(JxdpMeter.RULE_HITS.meterName(), hits,
                            m -> DosReport.hits(m, id)[0])
                    .description(JxdpMeter.RULE_HITS.description())
                    .baseUnit(JxdpMeter.RULE_HITS.baseUnit())
                    .tag("rule", rules.ruleName(id))
                    .tag("id", Integer.toString(id))
                    .register(registry));
        }
    }
}

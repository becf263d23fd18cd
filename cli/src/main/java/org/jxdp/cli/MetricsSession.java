package org.jxdp.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jxdp.capture.pipeline.CaptureStatistics;
import org.jxdp.capture.pipeline.Pipeline;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.hooks.dos.RulesInForce;
import org.jxdp.metrics.CaptureDropMeters;
import org.jxdp.metrics.MapMeters;
import org.jxdp.metrics.MetricsRegistry;
import org.jxdp.metrics.PipelineMeters;
import org.jxdp.metrics.RuleHitMeters;
import org.jxdp.metrics.TopTalkerMeters;
import org.jxdp.metrics.api.ApiToken;
import org.jxdp.metrics.api.ControlApi;
import org.jxdp.metrics.api.MapTypes;
import org.jxdp.metrics.api.ProgramInfo;
import org.jxdp.metrics.http.HttpRoutes;
import org.jxdp.metrics.http.MetricsServer;

/**
 * A running {@code --metrics} server bound to one pipeline, its program and maps; closing it
 * stops the server. {@link #NONE} stands for "no --metrics" and does nothing.
 */
final class MetricsSession implements AutoCloseable {
    /** The session of a command run without {@code --metrics}. */
    static final MetricsSession NONE = new MetricsSession();

    private final AtomicBoolean running = new AtomicBoolean();
    private final MetricsRegistry registry;
    private final MetricsServer server;

    private MetricsSession() {
        this.registry = null;
        this.server = null;
    }

    private MetricsSession(MetricsRegistry registry, MetricsServer server) {
        this.registry = registry;
        this.server = server;
    }

    /**
     * Serves {@code pipeline}'s meters and the control API at {@code at}.
     *
     * @param rules the DoS filter's rules (rule-hit and top-talker meters, /api/v1/rules), or null
     */
    static MetricsSession start(InetSocketAddress at, Pipeline pipeline, String iface,
                                Supplier<List<ProgramInfo>> programs, BpfObject obj, RulesInForce rules,
                                ApiToken token) throws IOException {
        List<BpfMap> maps = obj.maps();
        MetricsRegistry registry = new MetricsRegistry()
                .bind(new PipelineMeters(iface, pipeline.counters(), pipeline.workerCounters()))
                .bind(new MapMeters(maps));
        if (rules != null) {
            registry.bind(new RuleHitMeters(rules)).bind(new TopTalkerMeters(rules.object()));
        }
        // one scrape now loads and initialises the exposition code (about 90 ms cold) before the
        // first frame, rather than on the metrics thread while frames flow
        registry.scrape(MetricsRegistry.PROMETHEUS_TEXT);
        MetricsSession[] self = new MetricsSession[1];
        try {
            MetricsServer server = MetricsServer.start(at, new HttpRoutes(registry, () -> self[0] != null
                    && self[0].running.get(), new ControlApi(programs, maps,
                    new MapTypes(obj.btf().orElse(null)), token, rules)));
            self[0] = new MetricsSession(registry, server);
            return self[0];
        } catch (IOException | RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    /** Adds a live source's capture drops ({@code jxdp_capture_dropped_packets_total}). */
    MetricsSession captureStatistics(CaptureStatistics statistics) {
        if (registry != null) {
            registry.bind(new CaptureDropMeters(statistics));
        }
        return this;
    }

    /** Says whether frames flow now ({@code /readyz}). */
    void running(boolean on) {
        running.set(on);
    }

    /** Where the server listens; null for {@link #NONE}. */
    InetSocketAddress address() {
        return server == null ? null : server.address();
    }

    @Override
    public void close() {
        running.set(false);
        if (server != null) {
            server.close();
            registry.close();
        }
    }
}

package org.jxdp.metrics.http;

import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.jxdp.metrics.MetricsRegistry;
import org.jxdp.metrics.api.ApiRequest;
import org.jxdp.metrics.api.ApiResponse;
import org.jxdp.metrics.api.ControlApi;

/**
 * What the server answers, by path: {@code /metrics} (Prometheus text, or OpenMetrics when the
 * Accept header asks for {@code application/openmetrics-text}), {@code /healthz} (200 while the
 * process serves), {@code /readyz} (200 while frames flow: the pipeline runs; else 503), and
 * {@code /api/v1/...} ({@link ControlApi}). Independent of the transport.
 */
public final class HttpRoutes {
    private final MetricsRegistry metrics;
    private final BooleanSupplier ready;
    private final ControlApi api;

    /**
     * @param metrics what {@code /metrics} scrapes
     * @param ready whether {@code /readyz} says ready
     * @param api the control API, or null for none (404)
     */
    public HttpRoutes(MetricsRegistry metrics, BooleanSupplier ready, ControlApi api) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.ready = Objects.requireNonNull(ready, "ready");
        this.api = api;
    }

    /** The answer to {@code r}. */
    public ApiResponse handle(ApiRequest r) {
        String path = r.path();
        if (path.startsWith(ControlApi.PREFIX) && api != null) {
            return api.handle(r);
        }
        boolean get = r.method().equals("GET") || r.method().equals("HEAD");
        switch (path) {
            case "/metrics" -> {
                if (!get) {
                    return ApiResponse.error(405, r.method() + " is not allowed on /metrics (allowed: GET)");
                }
                String type = MetricsRegistry.contentType(r.accept());
                return new ApiResponse(200, type, metrics.scrape(type));
            }
            case "/healthz" -> {
                return get ? new ApiResponse(200, ApiResponse.TEXT, "ok\n")
                        : ApiResponse.error(405, r.method() + " is not allowed on /healthz (allowed: GET)");
            }
            case "/readyz" -> {
                if (!get) {
                    return ApiResponse.error(405, r.method() + " is not allowed on /readyz (allowed: GET)");
                }
                return ready.getAsBoolean() ? new ApiResponse(200, ApiResponse.TEXT, "ready\n")
                        : new ApiResponse(503, ApiResponse.TEXT, "not ready: no pipeline is running\n");
            }
            default -> {
                return ApiResponse.json(404, Map.of("error", "no such endpoint: " + path));
            }
        }
    }
}

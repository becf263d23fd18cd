package org.jxdp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jxdp.capture.pipeline.Pipeline;
import org.jxdp.metrics.api.ApiToken;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --metrics [HOST:PORT]}, {@code --api-token-file F} and {@code --metrics-sample N}: a
 * picocli mixin any command that runs a pipeline adds with {@code @Mixin}, then
 * <pre>
 *   config.runtimeSampleEvery(metrics.check(spec.commandLine()));
 *   Pipeline pipeline = new Pipeline(config);
 *   try (MetricsSession m = metrics.start(spec, pipeline, iface, running, err)) {
 *       m.running(true);
 *       pipeline.run(source, sinks);
 *   }
 * </pre>
 */
final class MetricsOption {
    /** Where {@code --metrics} with no value listens. */
    static final String DEFAULT_ADDRESS = "127.0.0.1:9464";
    /** The environment variable that may hold the API token instead of a file. */
    static final String TOKEN_VARIABLE = "JXDP_API_TOKEN";

    @Option(names = "--metrics", arity = "0..1", fallbackValue = DEFAULT_ADDRESS, paramLabel = "HOST:PORT",
            description = "Serve Prometheus metrics (/metrics), /healthz, /readyz and the control API (/api/v1) on "
                    + "HOST:PORT (default " + DEFAULT_ADDRESS + " when given alone; before a capture file, write "
                    + "--metrics=HOST:PORT).")
    String address;

    @Option(names = "--api-token-file", paramLabel = "F",
            description = "Enable the API's write endpoints (map updates and deletes, rules reloads) for "
                    + "requests carrying this bearer token (or set " + TOKEN_VARIABLE + ").")
    Path tokenFile;

    @Option(names = "--metrics-sample", defaultValue = "1024", paramLabel = "N",
            description = "With --metrics, time one program run in N on each worker for jxdp_program_runtime "
                    + "(default ${DEFAULT-VALUE}; 0: none).")
    int sample;

    /** True when {@code --metrics} was given. */
    boolean enabled() {
        return address != null;
    }

    /**
     * Checks the options before anything is opened (a bad address is a usage error, an unreadable
     * token file a failure) and returns one run in how many to time: 0 without {@code --metrics}.
     */
    int check(CommandLine cl) {
        if (sample < 0) {
            throw new CommandLine.ParameterException(cl, "--metrics-sample must be 0 or more, not " + sample);
        }
        if (!enabled()) {
            return 0;
        }
        parse(cl, address);
        token();
        return sample;
    }

    /**
     * Starts the server for {@code pipeline} when {@code --metrics} was given (else a session that
     * does nothing), and says where on {@code err}.
     *
     * @param iface the {@code iface} tag: the interface, or the capture's file name
     * @param running the program, its maps and the DoS filter's rules
     */
    MetricsSession start(CommandLine cl, Pipeline pipeline, String iface, RunningProgram running, PrintWriter err) {
        if (!enabled()) {
            return MetricsSession.NONE;
        }
        InetSocketAddress at = parse(cl, address);
        ApiToken token = token();
        try {
            MetricsSession s = MetricsSession.start(at, pipeline, iface, running::programs, running.object(),
                    running.rules(), token);
            err.println("metrics       http://" + hostPort(s.address()) + "/metrics"
                    + (token == null ? "  (API read-only)" : "  (API writes with the bearer token)"));
            err.flush();
            return s;
        } catch (IOException e) {
            throw new CliFailure("--metrics " + e.getMessage());
        }
    }

    private ApiToken token() {
        try {
            if (tokenFile != null) {
                return ApiToken.of(Files.readString(tokenFile));
            }
            String env = System.getenv(TOKEN_VARIABLE);
            return env == null || env.isBlank() ? null : ApiToken.of(env);
        } catch (IOException e) {
            throw new CliFailure("--api-token-file " + tokenFile + ": cannot read: " + FileErrors.reason(e));
        } catch (IllegalArgumentException e) {
            throw new CliFailure("--api-token-file " + tokenFile + ": " + e.getMessage());
        }
    }

    /** {@code HOST:PORT}, {@code [v6]:PORT}, {@code :PORT} or {@code PORT} (on 127.0.0.1). */
    static InetSocketAddress parse(CommandLine cl, String value) {
        String host = "127.0.0.1";
        String port = value;
        int colon = value.lastIndexOf(':');
        if (colon >= 0) {
            host = value.substring(0, colon);
            port = value.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                host = "127.0.0.1";
            }
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 0 || p > 65535) {
            throw new CommandLine.ParameterException(cl, "--metrics takes HOST:PORT, not '" + value
                    + "' (with no value, put --metrics after IN or write --metrics=HOST:PORT)");
        }
        return new InetSocketAddress(host, p);
    }

    static String hostPort(InetSocketAddress a) {
        String h = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }
}

package org.jxdp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jxdp.metrics.api.Hex;
import org.jxdp.metrics.api.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jxdp map list|dump|update|delete --api URL}: the maps of a running jxdp (one started
 * with {@code --metrics}) through its control API, shaped like {@code bpftool map}.
 */
@Command(name = "map",
        description = "Show and change the maps of a running jxdp (started with --metrics) through its control API, "
                + "like bpftool map. MAP is NAME, name NAME or id N.",
        subcommands = {MapCommand.ListMaps.class, MapCommand.Dump.class, MapCommand.Update.class,
            MapCommand.Delete.class})
final class MapCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say list, dump, update or delete");
    }

    /** The options every subcommand shares: where the API is, the token, JSON output. */
    static final class ApiOptions {
        @Option(names = "--api", defaultValue = "http://" + MetricsOption.DEFAULT_ADDRESS, paramLabel = "URL",
                description = "The running jxdp's --metrics address (default ${DEFAULT-VALUE}).")
        String api;

        @Option(names = "--api-token-file", paramLabel = "F",
                description = "The bearer token for writes (or set " + MetricsOption.TOKEN_VARIABLE + ").")
        Path tokenFile;

        @Option(names = {"-j", "--json"}, description = "Print JSON.")
        boolean json;

        /**
         * Made at the first request: building an {@link HttpClient} sets up TLS, about half a
         * second that every other command (picocli makes these options for each) would pay.
         */
        private HttpClient http;

        URI uri(String path) {
            String base = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
            if (!base.contains("://")) {
                base = "http://" + base;
            }
            try {
                return URI.create(base + path);
            } catch (IllegalArgumentException e) {
                throw new CliFailure("--api " + api + ": not a URL");
            }
        }

        /** The answer's JSON; a 4xx or 5xx becomes a one-line failure naming {@code what}. */
        Object call(String what, String method, String path, String body) {
            Answer a = send(method, path, body, "application/json");
            if (a.status() >= 400) {
                String why = a.json() instanceof Map<?, ?> m && m.get("error") != null ? m.get("error").toString()
                        : "HTTP " + a.status();
                throw new CliFailure(what + ": " + why);
            }
            return a.json();
        }

        /** An answer: its status and JSON. */
        record Answer(int status, Object json) {
        }

        /** Sends a request with {@code body} (of {@code contentType}, or none when null); any status. */
        Answer send(String method, String path, String body, String contentType) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .header("Accept", "application/json");
            if (body != null) {
                b.header("Content-Type", contentType);
            }
            String token = token();
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r;
            try {
                if (http == null) {
                    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                }
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException e) {
                throw new CliFailure("--api " + api + ": cannot connect (is jxdp running with --metrics?)");
            } catch (IOException e) {
                throw new CliFailure("--api " + api + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure("interrupted");
            }
            try {
                return new Answer(r.statusCode(), Json.parse(r.body()));
            } catch (IllegalArgumentException e) {
                throw new CliFailure("--api " + api + ": HTTP " + r.statusCode() + ", not a jxdp API answer");
            }
        }

        private String token() {
            try {
                if (tokenFile != null) {
                    return Files.readString(tokenFile).strip();
                }
            } catch (IOException e) {
                throw new CliFailure("--api-token-file " + tokenFile + ": cannot read: " + FileErrors.reason(e));
            }
            String env = System.getenv(MetricsOption.TOKEN_VARIABLE);
            return env == null || env.isBlank() ? null : env.strip();
        }
    }

    /** {@code NAME}, {@code name NAME} or {@code id N} to a map name, asking the API for ids. */
    static String mapName(ApiOptions o, List<String> words, CommandLine cl) {
        if (words.isEmpty()) {
            throw new CommandLine.ParameterException(cl, "which map? (NAME, name NAME or id N)");
        }
        if (words.get(0).equals("name") && words.size() > 1) {
            return words.get(1);
        }
        if (words.get(0).equals("id") && words.size() > 1) {
            for (Map<String, Object> m : maps(o)) {
                if (String.valueOf(m.get("id")).equals(words.get(1))) {
                    return (String) m.get("name");
                }
            }
            throw new CliFailure("no map with id " + words.get(1));
        }
        return words.get(0);
    }

    /** How many words {@link #mapName} used. */
    static int mapWords(List<String> words) {
        return !words.isEmpty() && (words.get(0).equals("name") || words.get(0).equals("id")) ? 2 : 1;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(ApiOptions o) {
        return (List<Map<String, Object>>) o.call("map list", "GET", "/api/v1/maps", null);
    }

    static String path(String name) {
        return "/api/v1/maps/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * bpftool's byte syntax: {@code [hex] B B ...}; without {@code hex} each byte is read as C reads
     * numbers ({@code 0x} hex, a leading 0 octal, else decimal).
     */
    static byte[] bytes(List<String> words, String what) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException(what + ": no bytes");
        }
        if (words.get(0).equals("hex")) {
            return Hex.parse(String.join(" ", words.subList(1, words.size())));
        }
        byte[] out = new byte[words.size()];
        for (int i = 0; i < out.length; i++) {
            String w = words.get(i);
            int v;
            try {
                v = w.startsWith("0x") || w.startsWith("0X") ? Integer.parseInt(w.substring(2), 16)
                        : w.length() > 1 && w.startsWith("0") ? Integer.parseInt(w.substring(1), 8)
                        : Integer.parseInt(w);
            } catch (NumberFormatException e) {
                v = -1;
            }
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException(what + ": '" + w + "' is no byte (0..255, 0x.. for hex, or say "
                        + "'hex' first)");
            }
            out[i] = (byte) v;
        }
        return out;
    }

    @Command(name = "list", aliases = "show", description = "List the maps: id, type, name, key and value sizes, "
            + "max_entries, elements.")
    static final class ListMaps implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        ApiOptions api;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<Map<String, Object>> maps = maps(api);
            if (api.json) {
                out.println(Json.write(maps));
                return 0;
            }
            for (Map<String, Object> m : maps) {
                out.printf(Locale.ROOT, "%s: %s  name %s  flags 0x%x%n", m.get("id"), m.get("type"), m.get("name"),
                        ((Number) m.get("flags")).longValue());
                out.printf(Locale.ROOT, "\tkey %sB  value %sB  max_entries %s  entries %s%n", m.get("bytes_key"),
                        m.get("bytes_value"), m.get("max_entries"), m.get("entries"));
            }
            return 0;
        }
    }

    @Command(name = "dump", description = "Print every element of MAP, keys and values in hex, as bpftool does.")
    static final class Dump implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        ApiOptions api;
        @Parameters(paramLabel = "MAP", arity = "1..2", description = "NAME, name NAME or id N.")
        List<String> map;

        @Override
        @SuppressWarnings("unchecked")
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            String name = mapName(api, map, spec.commandLine());
            Map<String, Object> dump = (Map<String, Object>) api.call("map dump " + name, "GET", path(name), null);
            List<Map<String, Object>> entries = (List<Map<String, Object>>) dump.get("entries");
            if (api.json) {
                out.println(Json.write(entries));
                return 0;
            }
            for (Map<String, Object> e : entries) {
                // with BTF, the typed form (as bpftool prints it), else hex
                Map<String, Object> f = e.get("formatted") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                Object key = f.containsKey("key") ? Json.write(f.get("key")) : e.get("key");
                if (e.containsKey("values")) {
                    out.println("key:");
                    out.println(key);
                    List<Map<String, Object>> values = (List<Map<String, Object>>) (f.containsKey("values")
                            ? f.get("values") : e.get("values"));
                    for (Map<String, Object> v : values) {
                        Object value = f.containsKey("values") ? Json.write(v.get("value")) : v.get("value");
                        out.printf(Locale.ROOT, "value (CPU %02d): %s%n", ((Number) v.get("cpu")).intValue(), value);
                    }
                } else {
                    Object value = f.containsKey("value") ? Json.write(f.get("value")) : e.get("value");
                    out.println("key: " + key + "  value: " + value);
                }
            }
            out.println("Found " + entries.size() + " element" + (entries.size() == 1 ? "" : "s"));
            return 0;
        }
    }

    @Command(name = "update", description = "Set an element: MAP key [hex] BYTES... value [hex] BYTES... "
            + "[any|exist|noexist] (bpftool's syntax; needs the API token).")
    static final class Update implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        ApiOptions api;
        @Parameters(paramLabel = "ARGS", arity = "1..*", description = "MAP key [hex] B... value [hex] B... [FLAG]")
        List<String> words;

        @Override
        public Integer call() {
            CommandLine cl = spec.commandLine();
            String name = mapName(api, words, cl);
            List<String> rest = words.subList(mapWords(words), words.size());
            int k = rest.indexOf("key");
            int v = rest.indexOf("value");
            if (k != 0 || v < 0) {
                throw new CommandLine.ParameterException(cl, "usage: jxdp map update MAP key [hex] B... value [hex] B... "
                        + "[any|exist|noexist]");
            }
            String flags = "any";
            int end = rest.size();
            String last = rest.get(end - 1);
            if (last.equals("any") || last.equals("exist") || last.equals("noexist")) {
                flags = last;
                end--;
            }
            byte[] key;
            byte[] value;
            try {
                key = bytes(rest.subList(1, v), "key");
                value = bytes(rest.subList(v + 1, end), "value");
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, e.getMessage());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("key", Hex.format(key));
            body.put("value", Hex.format(value));
            body.put("flags", flags);
            Object r = api.call("map update " + name, "PUT", path(name) + "/entries", Json.write(body));
            if (api.json) {
                spec.commandLine().getOut().println(Json.write(r));
            }
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete an element: MAP key [hex] BYTES... (needs the API token).")
    static final class Delete implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        ApiOptions api;
        @Parameters(paramLabel = "ARGS", arity = "1..*", description = "MAP key [hex] B...")
        List<String> words;

        @Override
        public Integer call() {
            CommandLine cl = spec.commandLine();
            String name = mapName(api, words, cl);
            List<String> rest = new ArrayList<>(words.subList(mapWords(words), words.size()));
            if (rest.isEmpty() || !rest.get(0).equals("key")) {
                throw new CommandLine.ParameterException(cl, "usage: jxdp map delete MAP key [hex] B...");
            }
            byte[] key;
            try {
                key = bytes(rest.subList(1, rest.size()), "key");
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, e.getMessage());
            }
            String q = "?key=" + URLEncoder.encode(Hex.format(key).replace(" ", ""), StandardCharsets.UTF_8);
            Object r = api.call("map delete " + name, "DELETE", path(name) + "/entries" + q, null);
            if (api.json) {
                spec.commandLine().getOut().println(Json.write(r));
            }
            return 0;
        }
    }
}

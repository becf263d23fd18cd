package org.jxdp.metrics.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.maps.Errno;
import org.jxdp.engine.maps.MapFlags;
import org.jxdp.hooks.dos.DosRules;
import org.jxdp.hooks.dos.MatchRule;
import org.jxdp.hooks.dos.RulesException;
import org.jxdp.hooks.dos.RulesFile;
import org.jxdp.hooks.dos.RulesInForce;

/**
 * The JSON control API under {@code /api/v1}:
 * <pre>
 *   GET    /api/v1/programs                the running programs
 *   GET    /api/v1/maps                    every map (bpftool's fields, plus entries)
 *   GET    /api/v1/maps/{name}             the map and its elements, keys and values in hex
 *   PUT    /api/v1/maps/{name}/entries     {"key": "0a 00 00 01", "value": "...", "flags": "any|noexist|exist"};
 *                                          with BTF types, key and value may be typed JSON instead:
 *                                          {"key": 7, "value": {"packets": 1, "bytes": 64}}
 *   DELETE /api/v1/maps/{name}/entries     ?key=0a000001, or {"key": "..."}
 *   GET    /api/v1/rules                   the DoS filter's rules in force: counts, source, YAML text
 *   PUT    /api/v1/rules                   new rules (the YAML as the body): checked, then hot reloaded;
 *                                          ?check=true checks only
 * </pre>
 * Write endpoints answer 403 unless an {@link ApiToken} is configured, and 401 without it.
 * Errors are {@code {"error": "..."}} with a 4xx status; a failed map operation carries the
 * errno, {@code {"error": "...", "errno": "EEXIST"}}; refused rules are 422 with every mistake,
 * {@code {"error": "...", "errors": [{"line": 3, "message": "..."}]}}, and the rules in force stay. Maps are safe to use from the server's
 * thread while the workers run.
 */
public final class ControlApi {
    /** Where the API lives. */
    public static final String PREFIX = "/api/v1/";

    private final Supplier<List<ProgramInfo>> programs;
    private final List<BpfMap> maps;
    private final MapTypes types;
    private final ApiToken token;
    private final RulesInForce rules;

    /**
     * @param programs the running programs
     * @param maps their maps
     * @param token what opens the write endpoints, or null to keep them shut
     */
    public ControlApi(List<ProgramInfo> programs, List<BpfMap> maps, ApiToken token) {
        this(programs, maps, token, null);
    }

    /**
     * @param programs the running programs
     * @param maps their maps
     * @param token what opens the write endpoints, or null to keep them shut
     * @param rules the DoS filter's rules, or null when the program is not the DoS filter
     */
    public ControlApi(List<ProgramInfo> programs, List<BpfMap> maps, ApiToken token, RulesInForce rules) {
        this(constant(programs), maps, token, rules);
    }

    private static Supplier<List<ProgramInfo>> constant(List<ProgramInfo> programs) {
        List<ProgramInfo> copy = List.copyOf(programs);
        return () -> copy;
    }

    /**
     * @param programs the programs running at the time of a request (a new version may replace one)
     * @param maps their maps
     * @param token what opens the write endpoints, or null to keep them shut
     * @param rules the DoS filter's rules, or null when the program is not the DoS filter
     */
    public ControlApi(Supplier<List<ProgramInfo>> programs, List<BpfMap> maps, ApiToken token, RulesInForce rules) {
        this(programs, maps, MapTypes.NONE, token, rules);
    }

    /**
     * @param programs the programs running at the time of a request (a new version may replace one)
     * @param maps their maps
     * @param types the maps' BTF types, for typed keys and values
     * @param token what opens the write endpoints, or null to keep them shut
     * @param rules the DoS filter's rules, or null when the program is not the DoS filter
     */
    public ControlApi(Supplier<List<ProgramInfo>> programs, List<BpfMap> maps, MapTypes types, ApiToken token,
                      RulesInForce rules) {
        this.programs = programs;
        this.types = types;
        this.maps = List.copyOf(maps);
        this.token = token;
        this.rules = rules;
    }

    /** Answers a request whose path starts with {@link #PREFIX}. */
    public ApiResponse handle(ApiRequest r) {
        String rest = r.path().substring(PREFIX.length());
        String[] parts = rest.split("/", -1);
        try {
            if (parts.length == 1 && parts[0].equals("programs")) {
                return onlyGet(r, () -> ApiResponse.json(programs.get().stream().map(ProgramInfo::json).toList()));
            }
            if (parts.length == 1 && parts[0].equals("maps")) {
                return onlyGet(r, () -> ApiResponse.json(maps.stream().map(this::describe).toList()));
            }
            if (parts.length == 2 && parts[0].equals("maps") && !parts[1].isEmpty()) {
                Optional<BpfMap> m = map(parts[1]);
                if (m.isEmpty()) {
                    return noMap(parts[1]);
                }
                return onlyGet(r, () -> ApiResponse.json(dump(m.get())));
            }
            if (parts.length == 1 && parts[0].equals("rules")) {
                if (rules == null) {
                    return ApiResponse.error(404, "the running program has no rules: /api/v1/rules belongs to the "
                            + "DoS filter (dos_filter.o)");
                }
                return switch (r.method()) {
                    case "GET", "HEAD" -> ApiResponse.json(describe(rules.current()));
                    case "PUT" -> authorized(r, () -> replaceRules(r));
                    default -> notAllowed(r, "GET, PUT");
                };
            }
            if (parts.length == 3 && parts[0].equals("maps") && parts[2].equals("entries")) {
                Optional<BpfMap> m = map(parts[1]);
                if (m.isEmpty()) {
                    return noMap(parts[1]);
                }
                return switch (r.method()) {
                    case "PUT" -> authorized(r, () -> update(m.get(), r));
                    case "DELETE" -> authorized(r, () -> delete(m.get(), r));
                    default -> notAllowed(r, "PUT, DELETE");
                };
            }
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(400, e.getMessage());
        }
        return ApiResponse.error(404, "no such endpoint: " + r.path());
    }

    private interface Answer {
        ApiResponse get();
    }

    private static ApiResponse onlyGet(ApiRequest r, Answer a) {
        return r.method().equals("GET") || r.method().equals("HEAD") ? a.get() : notAllowed(r, "GET");
    }

    private static ApiResponse notAllowed(ApiRequest r, String allowed) {
        return ApiResponse.error(405, r.method() + " is not allowed on " + r.path() + " (allowed: " + allowed + ")");
    }

    private ApiResponse authorized(ApiRequest r, Answer a) {
        if (token == null) {
            return ApiResponse.error(403, "write endpoints are off: start jxdp with --api-token-file F "
                    + "(or JXDP_API_TOKEN) to enable them");
        }
        if (!token.admits(r.authorization())) {
            return ApiResponse.error(401, "missing or wrong bearer token");
        }
        return a.get();
    }

    private Optional<BpfMap> map(String name) {
        return maps.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    private static ApiResponse noMap(String name) {
        return ApiResponse.error(404, "no map named '" + name + "'");
    }

    /** A map's description, with bpftool's field names (and its BTF key and value types). */
    Map<String, Object> describe(BpfMap m) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", m.id());
        j.put("type", m.type().bpftoolName());
        j.put("name", m.name());
        j.put("flags", m.definition().flags());
        j.put("bytes_key", m.keySize());
        j.put("bytes_value", m.valueSize());
        j.put("max_entries", m.maxEntries());
        j.put("entries", m.size());
        j.put("per_cpu", m.type().perCpu());
        Map<String, Object> btf = types.describe(m);
        if (btf != null) {
            j.put("btf", btf);
        }
        return j;
    }

    /**
     * The map with its elements in key order: {@code "entries": [{"key": "..", "value": ".."}]},
     * per-CPU maps with {@code "values": [{"cpu": 0, "value": ".."}]}, and with BTF types
     * {@code "formatted": {"key": .., "value": ..}} (or {@code "values"}) as bpftool shows them.
     */
    Map<String, Object> dump(BpfMap m) {
        Map<String, Object> j = describe(m);
        List<Object> entries = new ArrayList<>();
        byte[] key = null;
        int perCpu = m.type().perCpu() ? (m.valueSize() + 7) & ~7 : 0;
        // at most max_entries steps (plus one), whatever concurrent writers do
        for (long steps = 0; steps <= (long) m.maxEntries(); steps++) {
            byte[] next = m.nextKey(key);
            if (next == null) {
                break;
            }
            key = next;
            byte[] value = m.lookup(key);
            if (value == null) {
                continue; // deleted meanwhile
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("key", Hex.format(key));
            Map<String, Object> formatted = new LinkedHashMap<>();
            if (types.typedKey(m)) {
                formatted.put("key", types.key(m, key));
            }
            if (perCpu > 0) {
                List<Object> values = new ArrayList<>();
                List<Object> typed = new ArrayList<>();
                for (int cpu = 0; cpu * perCpu < value.length; cpu++) {
                    byte[] v = java.util.Arrays.copyOfRange(value, cpu * perCpu, cpu * perCpu + m.valueSize());
                    values.add(Map.of("cpu", cpu, "value", Hex.format(v)));
                    if (types.typedValue(m)) {
                        typed.add(Map.of("cpu", cpu, "value", types.value(m, v)));
                    }
                }
                e.put("values", values);
                if (types.typedValue(m)) {
                    formatted.put("values", typed);
                }
            } else {
                e.put("value", Hex.format(value));
                if (types.typedValue(m)) {
                    formatted.put("value", types.value(m, value));
                }
            }
            if (!formatted.isEmpty()) {
                e.put("formatted", formatted);
            }
            entries.add(e);
        }
        j.put("entries", entries);
        return j;
    }

    private static Map<String, Object> body(ApiRequest r) {
        if (r.body().isBlank()) {
            return Map.of();
        }
        Object o = Json.parse(r.body());
        if (!(o instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) m;
        return typed;
    }

    /** A key or value: a hex string, or typed JSON (a number, list or object). */
    private static Object given(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing \"" + name + "\"");
        }
        if (v instanceof Boolean) {
            throw new IllegalArgumentException("\"" + name + "\" must be hex or typed JSON, not a boolean");
        }
        return v;
    }

    private static String field(Map<String, Object> body, String name, String fallback) {
        Object v = body.get(name);
        if (v == null) {
            if (fallback == null) {
                throw new IllegalArgumentException("missing \"" + name + "\"");
            }
            return fallback;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("\"" + name + "\" must be a string");
        }
        return s;
    }

    /** A key given in hex (a string) or typed through BTF (a number, list or object). */
    private byte[] key(BpfMap m, Object given) {
        byte[] k = given instanceof String hex ? Hex.parse(hex) : types.encodeKey(m, given);
        if (k.length != m.keySize()) {
            throw new IllegalArgumentException(m.name() + ": key must be " + m.keySize() + " bytes, got " + k.length);
        }
        return k;
    }

    private ApiResponse update(BpfMap m, ApiRequest r) {
        Map<String, Object> b = body(r);
        byte[] key = key(m, given(b, "key"));
        Object givenValue = given(b, "value");
        byte[] value = givenValue instanceof String hex ? Hex.parse(hex) : types.encodeValue(m, givenValue);
        long flags = switch (field(b, "flags", "any").toLowerCase(Locale.ROOT)) {
            case "any" -> MapFlags.BPF_ANY;
            case "noexist" -> MapFlags.BPF_NOEXIST;
            case "exist" -> MapFlags.BPF_EXIST;
            default -> throw new IllegalArgumentException("\"flags\" must be any, noexist or exist");
        };
        if (m.type().perCpu() && value.length == m.valueSize() && value.length != m.userValueSize()) {
            value = everyCpu(m, value);
        }
        if (value.length != m.userValueSize()) {
            throw new IllegalArgumentException(m.name() + ": value must be " + m.userValueSize() + " bytes"
                    + (m.type().perCpu() ? " (every CPU's, each padded to 8) or " + m.valueSize() + " (the same for every CPU)" : "")
                    + ", got " + value.length);
        }
        int rc = m.update(key, value, flags);
        if (rc < 0) {
            return errno(m, "update", rc);
        }
        return ApiResponse.json(Map.of("map", m.name(), "key", Hex.format(key), "updated", true));
    }

    private static byte[] everyCpu(BpfMap m, byte[] value) {
        int stride = (m.valueSize() + 7) & ~7;
        byte[] all = new byte[m.userValueSize()];
        for (int off = 0; off < all.length; off += stride) {
            System.arraycopy(value, 0, all, off, value.length);
        }
        return all;
    }

    private ApiResponse delete(BpfMap m, ApiRequest r) {
        Object given = r.query().get("key");
        if (given == null) {
            given = given(body(r), "key");
        }
        byte[] key = key(m, given);
        int rc = m.delete(key);
        if (rc < 0) {
            return errno(m, "delete", rc);
        }
        return ApiResponse.json(Map.of("map", m.name(), "key", Hex.format(key), "deleted", true));
    }

    /** The source name of rules put through the API, which their errors carry. */
    static final String RULES_SOURCE = "PUT /api/v1/rules";

    /** Rules, counted, with their source and text. */
    static Map<String, Object> describe(RulesInForce.Version v) {
        DosRules d = v.rules();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("source", v.source());
        j.put("generation", v.generation());
        j.put("default_action", d.defaultDrop() ? "drop" : "pass");
        j.put("rules", d.rules().stream().map(MatchRule::name).toList());
        j.put("amplification_ports", d.amplification().size());
        j.put("allow", d.allow().size());
        j.put("deny", d.deny().size());
        j.put("bans", d.bans().size());
        j.put("text", v.text());
        return j;
    }

    private ApiResponse replaceRules(ApiRequest r) {
        String check = r.query().get("check");
        boolean checkOnly = check != null && !check.equals("false") && !check.equals("0");
        if (r.body().isBlank()) {
            throw new IllegalArgumentException("the body must be the rules file's YAML (an empty file is "
                    + "written \"{}\")");
        }
        try {
            if (checkOnly) {
                DosRules d = RulesFile.parse(RULES_SOURCE, r.body());
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("valid", true);
                j.put("rules", d.rules().size());
                return ApiResponse.json(j);
            }
            RulesInForce.Version v = rules.replace(RULES_SOURCE, r.body());
            Map<String, Object> j = describe(v);
            j.remove("text");
            j.put("replaced", true);
            return ApiResponse.json(j);
        } catch (RulesException e) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("error", "rules refused (" + e.errors().size() + " mistake" + (e.errors().size() == 1 ? "" : "s")
                    + "); the rules in force stay");
            j.put("errors", e.errors().stream().map(x -> Map.<String, Object>of("line", x.line(),
                    "message", x.message())).toList());
            return ApiResponse.json(422, j);
        } catch (IllegalStateException e) {
            return ApiResponse.error(409, e.getMessage());
        }
    }

    private static ApiResponse errno(BpfMap m, String op, int rc) {
        int status = switch (-rc) {
            case Errno.ENOENT -> 404;
            case Errno.EEXIST, Errno.E2BIG, Errno.ENOSPC, Errno.EBUSY -> 409;
            default -> 400;
        };
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("error", m.name() + ": " + op + " failed: " + Errno.name(rc));
        j.put("errno", Errno.name(rc).replaceFirst("^-", ""));
        return ApiResponse.json(status, j);
    }
}

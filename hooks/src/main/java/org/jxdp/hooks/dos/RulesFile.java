package org.jxdp.hooks.dos;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a DoS rules file (YAML; the schema is in the README, "DoS filter") into {@link DosRules},
 * naming the line of every mistake. Unknown keys are mistakes too, so a misspelt field is never
 * silently ignored. Rule ids are handed out in file order: the {@code rules:} first, from
 * {@link RuleIds#DOS_RULE_FIRST_USER}, then the {@code amplification:} ports.
 */
public final class RulesFile {
    /** The bundled default rules (a resource beside the bundled filter). */
    public static final String DEFAULT_RULES = "/org/jxdp/hooks/bundled/dos_rules.yaml";

    private static final Set<String> TOP = Set.of("default", "tcp_flag_sanity", "rate_limit", "syn_cookies", "allow",
            "deny", "bans", "amplification", "rules", "min_fragment_size");
    private static final Set<String> RATE = Set.of("packets_per_second", "bits_per_second", "fragments_per_second",
            "ban");
    private static final Set<String> RULE = Set.of("name", "action", "ban", "family", "proto", "src", "dst", "src_port",
            "dst_port", "length", "ttl", "tos", "tcp_flags", "icmp_type", "icmp_code");
    private static final Map<String, Integer> TCP_FLAGS = new LinkedHashMap<>();
    private static final Map<String, Integer> PROTOCOLS = Map.of("tcp", 6, "udp", 17, "icmp", 1, "icmpv6", 58);
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    static {
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
        for (int i = 0; i < names.length; i++) {
            TCP_FLAGS.put(names[i], 1 << i);
        }
    }

    private final String file;
    private final List<RuleError> errors = new ArrayList<>();

    private RulesFile(String file) {
        this.file = file;
    }

    /** Reads and checks the rules file at {@code path}. */
    public static DosRules read(Path path) throws IOException, RulesException {
        return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
    }

    /** The name the bundled default rules go by in messages and summaries. */
    public static final String DEFAULT_RULES_NAME = "dos_rules.yaml (bundled)";

    /** The bundled default rules. */
    public static DosRules defaults() {
        try {
            return parse(DEFAULT_RULES_NAME, defaultsText());
        } catch (RulesException e) {
            throw new IllegalStateException("the bundled DoS rules cannot be read: " + e.getMessage(), e);
        }
    }

    /** The text of the bundled default rules. */
    public static String defaultsText() {
        try (InputStream in = RulesFile.class.getResourceAsStream(DEFAULT_RULES)) {
            if (in == null) {
                throw new IllegalStateException("the bundled DoS rules are missing from this build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("the bundled DoS rules cannot be read: " + e.getMessage(), e);
        }
    }

    /** Checks rules text; {@code file} names it in the errors. */
    public static DosRules parse(String file, String text) throws RulesException {
        RulesFile r = new RulesFile(file);
        DosRules rules = r.parse(text);
        if (!r.errors.isEmpty()) {
            List<RuleError> sorted = new ArrayList<>(r.errors);
            sorted.sort(Comparator.comparingInt(RuleError::line));
            throw new RulesException(sorted);
        }
        return rules;
    }

    private DosRules parse(String text) {
        Optional<Node> root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(1);
            error(line, "not valid YAML: " + e.getProblem());
            return null;
        } catch (YamlEngineException e) {
            error(1, "not valid YAML: " + e.getMessage());
            return null;
        }
        boolean defaultDrop = false;
        boolean sanity = true;
        long pps = 0;
        long bps = 0;
        long fragPps = 0;
        long banNs = 60_000_000_000L;
        long synPps = 0;
        long minFrag = 0;
        List<Cidr> allow = new ArrayList<>();
        List<Cidr> deny = new ArrayList<>();
        List<Ban> bans = new ArrayList<>();
        List<MatchRule> rules = new ArrayList<>();
        List<AmplificationPort> amp = new ArrayList<>();
        if (root.isEmpty()) {
            return new DosRules(false, true, 0, 0, 0, banNs, 0, 0, allow, deny, bans, amp, rules);
        }
        Map<String, NodeTuple> top = mapping(root.get(), TOP, "the rules file");
        if (top == null) {
            return null;
        }
        if (top.containsKey("default")) {
            String d = scalar(top.get("default").getValueNode());
            if ("drop".equals(d)) {
                defaultDrop = true;
            } else if (!"pass".equals(d)) {
                error(top.get("default").getValueNode(), "default must be pass or drop");
            }
        }
        if (top.containsKey("tcp_flag_sanity")) {
            sanity = bool(top.get("tcp_flag_sanity").getValueNode());
        }
        if (top.containsKey("rate_limit")) {
            Map<String, NodeTuple> r = mapping(top.get("rate_limit").getValueNode(), RATE, "rate_limit");
            if (r != null) {
                pps = r.containsKey("packets_per_second") ? count(r.get("packets_per_second").getValueNode()) : 0;
                bps = r.containsKey("bits_per_second") ? count(r.get("bits_per_second").getValueNode()) : 0;
                fragPps = r.containsKey("fragments_per_second")
                        ? count(r.get("fragments_per_second").getValueNode()) : 0;
                if (r.containsKey("ban")) {
                    banNs = duration(r.get("ban").getValueNode());
                }
            }
        }
        if (top.containsKey("syn_cookies")) {
            Map<String, NodeTuple> s = mapping(top.get("syn_cookies").getValueNode(), Set.of("syn_per_second"),
                    "syn_cookies");
            if (s != null && s.containsKey("syn_per_second")) {
                synPps = count(s.get("syn_per_second").getValueNode());
            }
        }
        if (top.containsKey("min_fragment_size")) {
            minFrag = count(top.get("min_fragment_size").getValueNode());
            if (minFrag > 0xffff) {
                error(top.get("min_fragment_size").getValueNode(), "min_fragment_size must be at most 65535");
            }
        }
        if (top.containsKey("allow")) {
            cidrs(top.get("allow").getValueNode(), "allow", allow);
        }
        if (top.containsKey("deny")) {
            cidrs(top.get("deny").getValueNode(), "deny", deny);
        }
        if (top.containsKey("bans")) {
            for (Node n : sequence(top.get("bans").getValueNode(), "bans")) {
                Map<String, NodeTuple> b = mapping(n, Set.of("source", "for"), "a ban");
                if (b == null) {
                    continue;
                }
                if (!b.containsKey("source") || !b.containsKey("for")) {
                    error(n, "a ban needs source and for");
                    continue;
                }
                Cidr c = cidr(b.get("source").getValueNode());
                long d = duration(b.get("for").getValueNode());
                if (c != null && c.prefix() != (c.v6() ? 128 : 32)) {
                    error(b.get("source").getValueNode(), "a ban is of one address, not a prefix (use deny)");
                } else if (c != null) {
                    bans.add(new Ban(c, d, line(n)));
                }
            }
        }
        int nextId = RuleIds.DOS_RULE_FIRST_USER;
        if (top.containsKey("rules")) {
            Set<String> names = new HashSet<>();
            List<Node> list = sequence(top.get("rules").getValueNode(), "rules");
            if (list.size() > RuleIds.DOS_MAX_RULES) {
                error(top.get("rules").getKeyNode(), "at most " + RuleIds.DOS_MAX_RULES + " rules, not " + list.size());
            }
            for (Node n : list) {
                MatchRule m = rule(n, nextId++, names);
                if (m != null) {
                    rules.add(m);
                }
            }
        }
        if (top.containsKey("amplification")) {
            Set<Integer> ports = new HashSet<>();
            for (Node n : sequence(top.get("amplification").getValueNode(), "amplification")) {
                Map<String, NodeTuple> a = mapping(n, Set.of("port", "max_payload", "name"), "an amplification port");
                if (a == null) {
                    continue;
                }
                if (!a.containsKey("port") || !a.containsKey("max_payload")) {
                    error(n, "an amplification port needs port and max_payload");
                    continue;
                }
                Range p = range(a.get("port").getValueNode(), 0xffff);
                long max = count(a.get("max_payload").getValueNode());
                String name = a.containsKey("name") ? scalar(a.get("name").getValueNode()) : null;
                if (p == null) {
                    continue;
                }
                if (p.min() != p.max()) {
                    error(a.get("port").getValueNode(), "an amplification port is one port, not a range");
                    continue;
                }
                if (!ports.add(p.min())) {
                    error(a.get("port").getValueNode(), "port " + p.min() + " is listed twice");
                    continue;
                }
                if (max > 0xffff) {
                    error(a.get("max_payload").getValueNode(), "max_payload must be at most 65535");
                }
                amp.add(new AmplificationPort(nextId++, name != null ? name : Integer.toString(p.min()), line(n),
                        p.min(), (int) max));
            }
        }
        if (nextId > RuleIds.DOS_MAX_RULE_IDS) {
            error(1, "rules and amplification ports together may use ids up to " + (RuleIds.DOS_MAX_RULE_IDS - 1)
                    + ", these need " + (nextId - 1));
        }
        return new DosRules(defaultDrop, sanity, pps, bps, fragPps, banNs, synPps, (int) minFrag, allow, deny, bans, amp,
                rules);
    }

    private MatchRule rule(Node n, int id, Set<String> names) {
        Map<String, NodeTuple> r = mapping(n, RULE, "a rule");
        if (r == null) {
            return null;
        }
        int before = errors.size();
        String name = r.containsKey("name") ? scalar(r.get("name").getValueNode()) : null;
        if (name == null) {
            error(n, "a rule needs a name");
        } else if (!names.add(name)) {
            error(r.get("name").getValueNode(), "rule name '" + name + "' is used twice");
        }
        MatchRule.Action action = null;
        if (!r.containsKey("action")) {
            error(n, "rule needs an action (pass, drop or ban)");
        } else {
            String a = scalar(r.get("action").getValueNode());
            try {
                action = MatchRule.Action.valueOf(String.valueOf(a).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                error(r.get("action").getValueNode(), "action must be pass, drop or ban, not '" + a + "'");
            }
        }
        long banNs = 0;
        if (r.containsKey("ban")) {
            banNs = duration(r.get("ban").getValueNode());
            if (action != MatchRule.Action.BAN) {
                error(r.get("ban").getKeyNode(), "ban is only for action: ban");
            }
        } else if (action == MatchRule.Action.BAN) {
            error(r.get("action").getValueNode(), "action ban needs a ban duration (ban: 10m)");
        }
        int family = 0;
        if (r.containsKey("family")) {
            String f = scalar(r.get("family").getValueNode());
            family = "ipv4".equals(f) ? 4 : "ipv6".equals(f) ? 6 : -1;
            if (family < 0) {
                error(r.get("family").getValueNode(), "family must be ipv4 or ipv6");
                family = 0;
            }
        }
        int proto = 0;
        if (r.containsKey("proto")) {
            Node p = r.get("proto").getValueNode();
            String s = scalar(p);
            if (s != null && PROTOCOLS.containsKey(s)) {
                proto = PROTOCOLS.get(s);
            } else if (s != null && s.matches("\\d{1,3}") && Integer.parseInt(s) <= 255) {
                proto = Integer.parseInt(s);
            } else {
                error(p, "proto must be tcp, udp, icmp, icmpv6 or a protocol number");
            }
        }
        Cidr src = r.containsKey("src") ? cidr(r.get("src").getValueNode()) : null;
        Cidr dst = r.containsKey("dst") ? cidr(r.get("dst").getValueNode()) : null;
        for (Cidr c : new Cidr[] {src, dst}) {
            if (c != null) {
                int f = c.v6() ? 6 : 4;
                if (family != 0 && family != f) {
                    error(n, "the rule's prefixes and family disagree");
                }
                family = f;
            }
        }
        Range sport = field(r, "src_port", 0xffff);
        Range dport = field(r, "dst_port", 0xffff);
        if ((r.containsKey("src_port") || r.containsKey("dst_port")) && proto != 6 && proto != 17) {
            error(n, "ports need proto: tcp or udp");
        }
        Range length = field(r, "length", 0xffff);
        Range ttl = field(r, "ttl", 0xff);
        Range tos = field(r, "tos", 0xff);
        Range icmpType = field(r, "icmp_type", 0xff);
        Range icmpCode = field(r, "icmp_code", 0xff);
        if ((r.containsKey("icmp_type") || r.containsKey("icmp_code")) && proto != 1 && proto != 58) {
            error(n, "icmp_type and icmp_code need proto: icmp or icmpv6");
        }
        int mask = 0;
        int value = 0;
        if (r.containsKey("tcp_flags")) {
            if (proto != 6) {
                error(n, "tcp_flags need proto: tcp");
            }
            Node f = r.get("tcp_flags").getValueNode();
            Map<String, NodeTuple> fm = mapping(f, Set.of("set", "clear"), "tcp_flags");
            if (fm != null) {
                int set = fm.containsKey("set") ? flags(fm.get("set").getValueNode()) : 0;
                int clear = fm.containsKey("clear") ? flags(fm.get("clear").getValueNode()) : 0;
                if ((set & clear) != 0) {
                    error(f, "a flag cannot be both set and clear");
                }
                mask = set | clear;
                value = set;
            }
        }
        if (errors.size() > before) {
            return null;
        }
        return new MatchRule(id, name, line(n), action, banNs, family, proto, src, dst, sport, dport, length, ttl, tos,
                mask, value, icmpType, icmpCode);
    }

    private Range field(Map<String, NodeTuple> r, String key, int max) {
        if (!r.containsKey(key)) {
            return Range.any(max);
        }
        Range x = range(r.get(key).getValueNode(), max);
        return x != null ? x : Range.any(max);
    }

    private int flags(Node n) {
        int bits = 0;
        for (Node f : sequence(n, "a flag list")) {
            String s = scalar(f);
            Integer b = s == null ? null : TCP_FLAGS.get(s.toUpperCase(Locale.ROOT));
            if (b == null) {
                error(f, "'" + s + "' is not a TCP flag (" + String.join(", ", TCP_FLAGS.keySet()) + ")");
            } else {
                bits |= b;
            }
        }
        return bits;
    }

    // ---- YAML nodes ----

    private Map<String, NodeTuple> mapping(Node n, Set<String> allowed, String what) {
        if (!(n instanceof MappingNode m)) {
            error(n, what + " must be a mapping of keys to values");
            return null;
        }
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String k = scalar(t.getKeyNode());
            if (k == null) {
                continue;
            }
            if (!allowed.contains(k)) {
                error(t.getKeyNode(), "unknown key '" + k + "' in " + what + " (known: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            } else if (out.put(k, t) != null) {
                error(t.getKeyNode(), "key '" + k + "' appears twice");
            }
        }
        return out;
    }

    private List<Node> sequence(Node n, String what) {
        if (n instanceof SequenceNode s) {
            return s.getValue();
        }
        error(n, what + " must be a list");
        return List.of();
    }

    private String scalar(Node n) {
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        error(n, "expected a single value here");
        return null;
    }

    private boolean bool(Node n) {
        String s = scalar(n);
        if ("true".equals(s) || "false".equals(s)) {
            return Boolean.parseBoolean(s);
        }
        error(n, "expected true or false");
        return false;
    }

    private long count(Node n) {
        String s = scalar(n);
        if (s != null && s.matches("\\d{1,18}")) {
            return Long.parseLong(s);
        }
        if (s != null) {
            error(n, "expected a whole number, not '" + s + "'");
        }
        return 0;
    }

    private long duration(Node n) {
        String s = scalar(n);
        Matcher m = s == null ? null : DURATION.matcher(s);
        if (m == null || !m.matches()) {
            if (s != null) {
                error(n, "expected a duration such as 500ms, 30s, 10m, 1h or 1d, not '" + s + "'");
            }
            return 0;
        }
        long v = Long.parseLong(m.group(1));
        long unit = switch (m.group(2)) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 86_400_000_000_000L;
        };
        if (v > Long.MAX_VALUE / 4 / unit) {
            error(n, "duration '" + s + "' is too long");
            return 0;
        }
        return v * unit;
    }

    private Range range(Node n, int max) {
        String s = scalar(n);
        if (s == null) {
            return null;
        }
        try {
            return Range.parse(s, max);
        } catch (IllegalArgumentException e) {
            error(n, e.getMessage());
            return null;
        }
    }

    private Cidr cidr(Node n) {
        String s = scalar(n);
        if (s == null) {
            return null;
        }
        try {
            return Cidr.parse(s);
        } catch (IllegalArgumentException e) {
            error(n, e.getMessage());
            return null;
        }
    }

    private void cidrs(Node n, String what, List<Cidr> out) {
        for (Node c : sequence(n, what)) {
            Cidr x = cidr(c);
            if (x != null) {
                out.add(x);
            }
        }
    }

    private static int line(Node n) {
        return n.getStartMark().map(Mark::getLine).orElse(0) + 1;
    }

    private void error(Node n, String message) {
        error(line(n), message);
    }

    private void error(int line, String message) {
        errors.add(new RuleError(file, line, message));
    }
}

package org.jxdp.hooks.dos;

/**
 * The rule ids of the filter's built-in checks, as {@code dos_filter.c} defines them (the index
 * in its {@code rule_hits} counters); a rules file's own rules are numbered from
 * {@link #DOS_RULE_FIRST_USER}.
 */
public final class RuleIds {
    /** The default policy decided. */
    public static final int DOS_RULE_DEFAULT = 0;
    /** Not IPv4/IPv6: passed to the stack. */
    public static final int DOS_RULE_NON_IP = 1;
    /** Truncated or inconsistent headers. */
    public static final int DOS_RULE_MALFORMED = 2;
    /** Source in the allow list. */
    public static final int DOS_RULE_ALLOW = 3;
    /** Source in the deny list. */
    public static final int DOS_RULE_DENY = 4;
    /** Source under a temporary ban. */
    public static final int DOS_RULE_BANNED = 5;
    /** Source over its packet or byte rate: banned. */
    public static final int DOS_RULE_RATE = 6;
    /** Source over its fragment rate: banned. */
    public static final int DOS_RULE_FRAG_RATE = 7;
    /** First fragment without a whole L4 header, or a TCP fragment at offset 8. */
    public static final int DOS_RULE_TINY_FRAGMENT = 8;
    /** Impossible TCP flag set. */
    public static final int DOS_RULE_TCP_FLAGS = 9;
    /** SYN answered with a cookie SYN-ACK (XDP_TX). */
    public static final int DOS_RULE_SYNCOOKIE_SENT = 10;
    /** Handshake ACK with a valid cookie: passed. */
    public static final int DOS_RULE_SYNCOOKIE_OK = 11;
    /** SYN or ACK to a destination in cookie mode that could not be answered or had no valid cookie. */
    public static final int DOS_RULE_SYNCOOKIE_BAD = 12;
    /** The first id a rules file hands out. */
    public static final int DOS_RULE_FIRST_USER = 16;
    /** Size of the filter's rule_hits array. */
    public static final int DOS_MAX_RULE_IDS = 256;
    /** Match rules the filter's rules array holds. */
    public static final int DOS_MAX_RULES = 64;

    private static final String[] BUILT_IN = {"default policy", "non-IP", "malformed", "allow list", "deny list",
        "banned", "rate limit", "fragment rate", "tiny fragment", "TCP flags", "SYN cookie sent", "SYN cookie valid",
        "SYN cookie missing"};

    private RuleIds() {
    }

    /** The name of a built-in rule id, or null for a rules file's id. */
    public static String builtInName(int id) {
        return id >= 0 && id < BUILT_IN.length ? BUILT_IN[id] : null;
    }
}

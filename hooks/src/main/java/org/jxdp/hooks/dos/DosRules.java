package org.jxdp.hooks.dos;

import java.util.List;

/**
 * The contents of a rules file, checked: everything {@link DosMapImage} needs to fill the filter's
 * maps, and the names of the rule ids for reports.
 *
 * @param defaultDrop the default policy drops (else passes)
 * @param tcpFlagSanity drop impossible TCP flag sets
 * @param srcPps packets per second a source may send, 0 for no limit
 * @param srcBps bits per second a source may send, 0 for no limit
 * @param fragPps fragments per second a source may send, 0 for no limit
 * @param banNs how long a source over a rate is banned
 * @param synPps SYNs per second to one destination above which it answers with SYN cookies, 0 never
 * @param minFragmentSize fragments with more to come whose IP length is below this are dropped, 0 none
 * @param allow source prefixes always passed
 * @param deny source prefixes always dropped
 * @param bans temporary bans
 * @param amplification amplification source ports
 * @param rules the match rules, in order
 */
public record DosRules(boolean defaultDrop, boolean tcpFlagSanity, long srcPps, long srcBps, long fragPps, long banNs,
                       long synPps, int minFragmentSize, List<Cidr> allow, List<Cidr> deny, List<Ban> bans,
                       List<AmplificationPort> amplification, List<MatchRule> rules) {

    /** Every rule id a frame can be counted under with these rules: the built-in checks', then the file's, in order. */
    public List<Integer> ids() {
        List<Integer> ids = new java.util.ArrayList<>();
        for (int id = 0; id < RuleIds.DOS_RULE_FIRST_USER; id++) {
            if (RuleIds.builtInName(id) != null) {
                ids.add(id);
            }
        }
        rules.forEach(r -> ids.add(r.id()));
        amplification.forEach(a -> ids.add(a.id()));
        return ids;
    }

    /** The name of rule id {@code id}: a built-in check, a rule's name, or an amplification port. */
    public String ruleName(int id) {
        String b = RuleIds.builtInName(id);
        if (b != null) {
            return b;
        }
        for (MatchRule r : rules) {
            if (r.id() == id) {
                return r.name();
            }
        }
        for (AmplificationPort a : amplification) {
            if (a.id() == id) {
                return "amplification " + a.name() + " (udp/" + a.port() + ")";
            }
        }
        return "rule " + id;
    }
}

package org.jxdp.engine.verifier;

import java.util.HashMap;
import java.util.Map;

/**
 * The correspondence between the ids of an old state and those of a new one while checking
 * that the old covers the new (the kernel's {@code check_ids}): registers the old state links
 * must be linked in the new one too, one to one.
 */
final class IdMap {
    private Map<Integer, Integer> oldToCur;
    private Map<Integer, Integer> curToOld;
    private int fresh;

    /** An id that occurs in no state, for a new value with no id. */
    int fresh() {
        return --fresh;
    }

    /** Records that old id {@code o} is new id {@code c}; false when either is already paired otherwise. */
    boolean link(int o, int c) {
        if (oldToCur == null) {
            oldToCur = new HashMap<>();
            curToOld = new HashMap<>();
        }
        Integer known = oldToCur.get(o);
        if (known != null) {
            return known == c;
        }
        Integer back = curToOld.get(c);
        if (back != null) {
            return false;
        }
        oldToCur.put(o, c);
        curToOld.put(c, o);
        return true;
    }
}

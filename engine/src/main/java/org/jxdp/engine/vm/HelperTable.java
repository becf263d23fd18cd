package org.jxdp.engine.vm;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The helpers a program may call, by id, fixed when the program is loaded: a call to an id that
 * is not here is refused at load time.
 *
 * <p>One helper may be registered as the <em>unwind</em> helper (a uBPF extension used by the
 * conformance suite): when it returns 0 the program stops at once with r0 = 0.
 */
public final class HelperTable {
    private final Helper[] byId;
    private final String[] names;
    private final int unwindId;

    private HelperTable(Helper[] byId, String[] names, int unwindId) {
        this.byId = byId;
        this.names = names;
        this.unwindId = unwindId;
    }

    /** A table with no helpers. */
    public static HelperTable empty() {
        return builder().build();
    }

    /** Starts a table. */
    public static Builder builder() {
        return new Builder();
    }

    /** True when {@code id} is registered. */
    public boolean contains(long id) {
        return id >= 0 && id < byId.length && byId[(int) id] != null;
    }

    /** The helper with this id, or null. */
    public Helper get(int id) {
        return id >= 0 && id < byId.length ? byId[id] : null;
    }

    /** The helper's name, when registered. */
    public Optional<String> name(int id) {
        return contains(id) ? Optional.of(names[id]) : Optional.empty();
    }

    /** The id of the unwind helper, or -1. */
    public int unwindId() {
        return unwindId;
    }

    /** All helpers indexed by id (nulls where none); a copy engines keep for fast dispatch. */
    public Helper[] toArray() {
        return byId.clone();
    }

    /** Builds a {@link HelperTable}. */
    public static final class Builder {
        private final Map<Integer, Helper> helpers = new TreeMap<>();
        private final Map<Integer, String> names = new TreeMap<>();
        private int unwindId = -1;

        /** Registers {@code helper} under {@code id}, replacing any earlier one. */
        public Builder add(int id, String name, Helper helper) {
            if (id < 0 || id > 0xffff) {
                throw new IllegalArgumentException("helper id out of range: " + id);
            }
            helpers.put(id, helper);
            names.put(id, name);
            return this;
        }

        /** Registers an unwind helper: a zero result stops the program with r0 = 0. */
        public Builder addUnwind(int id, String name, Helper helper) {
            add(id, name, helper);
            unwindId = id;
            return this;
        }

        public HelperTable build() {
            int n = helpers.isEmpty() ? 0 : ((TreeMap<Integer, Helper>) helpers).lastKey() + 1;
            Helper[] byId = new Helper[n];
            String[] nm = new String[n];
            helpers.forEach((k, v) -> byId[k] = v);
            names.forEach((k, v) -> nm[k] = v);
            return new HelperTable(byId, nm, unwindId);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("HelperTable[");
        for (int i = 0; i < byId.length; i++) {
            if (byId[i] != null) {
                sb.append(i).append('=').append(names[i]).append(' ');
            }
        }
        return sb.append(']').toString();
    }
}

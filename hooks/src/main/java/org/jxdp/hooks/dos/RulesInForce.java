package org.jxdp.hooks.dos;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jxdp.engine.object.BpfObject;

/**
 * The rules a running filter enforces, and the one way to change them while it runs: a rules
 * file watcher ({@link RulesWatcher}) and the control API ({@code PUT /api/v1/rules}) both call
 * {@link #replace}, which checks the text first and writes the maps only when every rule is good
 * ({@link DosMaps#apply}: each frame sees each map before or after its update, none is stopped,
 * lost or counted twice). Replacements are serialised; readers see the rules of the last
 * replacement that completed.
 */
public final class RulesInForce {
    /**
     * A set of rules with where they came from.
     *
     * @param rules the checked rules
     * @param source the file's name, or what else supplied them ({@code PUT /api/v1/rules})
     * @param text the YAML they were read from
     * @param generation 0 for the rules loaded at start, then one more per replacement
     */
    public record Version(DosRules rules, String source, String text, int generation) {
    }

    private final BpfObject obj;
    private final LongSupplier clock;
    private final List<Consumer<Version>> listeners = new CopyOnWriteArrayList<>();
    private volatile Version current;

    /**
     * The rules {@code rules}, read from {@code text} of {@code source}, already applied to
     * {@code obj} (a loaded dos_filter.o); new bans count from {@code clock} (the filter's
     * {@code bpf_ktime_get_ns}).
     */
    public RulesInForce(BpfObject obj, DosRules rules, String source, String text, LongSupplier clock) {
        this.obj = Objects.requireNonNull(obj, "obj");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.current = new Version(Objects.requireNonNull(rules, "rules"), source, text, 0);
    }

    /** The rules in force now. */
    public Version current() {
        return current;
    }

    /** The filter whose maps hold the rules. */
    public BpfObject object() {
        return obj;
    }

    /** Calls {@code listener} after every replacement, on the replacing thread. */
    public void onReplace(Consumer<Version> listener) {
        listeners.add(listener);
    }

    /**
     * Checks {@code text} and, if every rule is good, writes it into the filter's maps.
     *
     * @param source names the text in errors and in {@link Version#source()}
     * @return the version now in force
     * @throws RulesException with every mistake, each with its line; the rules in force stay
     * @throws IllegalStateException when a map refuses an entry (a full map); the rules may then be
     *     partly applied, as with {@code bpftool map update} failing midway
     */
    public synchronized Version replace(String source, String text) throws RulesException {
        DosRules next = RulesFile.parse(source, text);
        DosMaps.apply(obj, next, clock.getAsLong());
        Version v = new Version(next, source, text, current.generation() + 1);
        current = v;
        for (Consumer<Version> l : listeners) {
            l.accept(v);
        }
        return v;
    }
}

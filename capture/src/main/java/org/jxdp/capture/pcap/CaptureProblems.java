package org.jxdp.capture.pcap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The problems a reader met: every one counted by kind, the first {@link #KEPT} kept with their
 * messages, and each handed to an optional listener as it happens. Problems are the exception
 * in a capture, so reporting one may allocate (its message); reading a sound frame never does.
 */
public final class CaptureProblems {
    /** How many problems are kept with their messages; the rest are only counted. */
    public static final int KEPT = 1000;

    private final String file;
    private final long[] counts = new long[ProblemKind.values().length];
    private final List<CaptureProblem> kept = new ArrayList<>();
    private long total;
    private Consumer<CaptureProblem> listener;

    CaptureProblems(String file) {
        this.file = file;
    }

    /** Hands every later problem to {@code listener} (null: none) as the reader meets it. */
    public void onProblem(Consumer<CaptureProblem> listener) {
        this.listener = listener;
    }

    /** How many problems were met in all. */
    public long count() {
        return total;
    }

    /** How many problems of {@code kind} were met. */
    public long count(ProblemKind kind) {
        return counts[kind.ordinal()];
    }

    /** The counts of the kinds met at least once. */
    public Map<ProblemKind, Long> counts() {
        Map<ProblemKind, Long> m = new EnumMap<>(ProblemKind.class);
        for (ProblemKind k : ProblemKind.values()) {
            if (counts[k.ordinal()] > 0) {
                m.put(k, counts[k.ordinal()]);
            }
        }
        return m;
    }

    /** The first {@link #KEPT} problems, in the order they were met. */
    public List<CaptureProblem> list() {
        return Collections.unmodifiableList(kept);
    }

    void report(long offset, ProblemKind kind, String detail) {
        total++;
        counts[kind.ordinal()]++;
        CaptureProblem p = new CaptureProblem(file, offset, kind, detail);
        if (kept.size() < KEPT) {
            kept.add(p);
        }
        if (listener != null) {
            listener.accept(p);
        }
    }
}

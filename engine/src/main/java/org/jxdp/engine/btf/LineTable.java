package org.jxdp.engine.btf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The line info of one ELF section, ordered by instruction, answering "which source line is
 * instruction {@code i} on": the last record at or before it.
 */
public final class LineTable {
    private static final LineTable EMPTY = new LineTable(List.of());

    private final List<LineInfo> records;
    private final int[] starts;

    private LineTable(List<LineInfo> sorted) {
        this.records = List.copyOf(sorted);
        this.starts = new int[records.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = records.get(i).insnIndex();
        }
    }

    /** A table of the given records, in any order (equal offsets keep their order). */
    static LineTable of(List<LineInfo> records) {
        if (records.isEmpty()) {
            return EMPTY;
        }
        List<LineInfo> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingInt(LineInfo::insnOff));
        return new LineTable(sorted);
    }

    /** A table with no records. */
    public static LineTable empty() {
        return EMPTY;
    }

    /** The records ordered by instruction. */
    public List<LineInfo> records() {
        return records;
    }

    /** True when the section has no line info. */
    public boolean isEmpty() {
        return records.isEmpty();
    }

    /**
     * The line info in effect at instruction index {@code insnIndex} (byte offset / 8) of the
     * section: the last record at or before it; empty before the first record.
     */
    public Optional<LineInfo> at(int insnIndex) {
        int lo = 0;
        int hi = starts.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= insnIndex) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? Optional.empty() : Optional.of(records.get(found));
    }
}

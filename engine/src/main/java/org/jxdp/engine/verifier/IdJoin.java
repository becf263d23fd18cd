package org.jxdp.engine.verifier;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The ids of a joined state: values linked in both states being joined (the same pair of ids)
 * stay linked under one new id; anything else is unlinked.
 */
final class IdJoin {
    private final Map<Long, Integer> pairs = new HashMap<>();
    private final IntSupplier newId;

    IdJoin(IntSupplier newId) {
        this.newId = newId;
    }

    /** The joined id of a value with id {@code a} in one state and {@code b} in the other; 0 for (0, 0). */
    int id(int a, int b) {
        if (a == 0 && b == 0) {
            return 0;
        }
        return pairs.computeIfAbsent((long) a << 32 | (b & 0xffffffffL), k -> newId.getAsInt());
    }
}

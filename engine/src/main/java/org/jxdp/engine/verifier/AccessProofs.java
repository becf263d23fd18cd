package org.jxdp.engine.verifier;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The verifier's proofs about the memory accesses of an accepted program, by instruction: the
 * facts a JIT needs to drop run-time checks. Only instructions that access memory and that some
 * path reaches have one. Immutable.
 * <pre>
 *   AccessProofs proofs = verification.proofs();
 *   MemoryAccessProof p = proofs.at(pc);          // null: no memory access proven here
 *   if (p != null &amp;&amp; p.region() == Region.PACKET) {
 *       // emit a direct access to the packet array at data + offset, without a bounds check
 *   }
 * </pre>
 * A refused program has no proofs ({@link #EMPTY}): a partial exploration proves nothing.
 */
public final class AccessProofs {
    /** No proofs. */
    public static final AccessProofs EMPTY = new AccessProofs(new MemoryAccessProof[0], null);

    private final MemoryAccessProof[] byPc;
    /** The context the proofs hold for; null only for {@link #EMPTY}. */
    private final ContextLayout context;

    AccessProofs(MemoryAccessProof[] byPc, ContextLayout context) {
        this.byPc = byPc.clone();
        this.context = context;
    }

    /**
     * The context field the load at {@code pc} reads on every path ({@code data},
     * {@code data_end}...), or null when the instruction is not a proven context load.
     */
    public ContextLayout.Field contextField(int pc) {
        MemoryAccessProof p = at(pc);
        if (context == null || p == null || p.region() != MemoryAccessProof.Region.CTX
                || p.kind() != MemoryAccessProof.Kind.LOAD || p.minOffset() != p.maxOffset()) {
            return null;
        }
        return context.fieldAt((int) p.minOffset(), p.size());
    }

    /**
     * True for the proofs of an accepted verification (not {@link #EMPTY}): the verifier followed
     * every path to its end, loops included, so every run of the program ends, as the kernel's
     * verifier guarantees. Engines then charge their budget per loop round, not per instruction.
     */
    public boolean boundsRuns() {
        return context != null;
    }

    /** The proof for the access at {@code pc}, or null. */
    public MemoryAccessProof at(int pc) {
        return pc >= 0 && pc < byPc.length ? byPc[pc] : null;
    }

    /** True when the access at {@code pc} is proven inside its region on every path. */
    public boolean provenInBounds(int pc) {
        return at(pc) != null;
    }

    /** Every proof, in instruction order. */
    public List<MemoryAccessProof> all() {
        List<MemoryAccessProof> out = new ArrayList<>();
        for (MemoryAccessProof p : byPc) {
            if (p != null) {
                out.add(p);
            }
        }
        return Collections.unmodifiableList(out);
    }
}

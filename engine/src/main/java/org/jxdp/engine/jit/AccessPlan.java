package org.jxdp.engine.jit;

import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.vm.ProgramEnvironment;
import org.jxdp.engine.verifier.AccessProofs;
import org.jxdp.engine.verifier.ContextLayout;
import org.jxdp.engine.verifier.MemoryAccessProof;
import org.jxdp.engine.verifier.ProgramStructure;

/**
 * Which memory accesses the JIT may compile to a direct array access, without asking
 * {@code Memory} for the region and its bounds. An access qualifies only when it is known, before
 * the program runs, to stay inside one region on every path:
 * <ul>
 * <li>{@link #STACK}: a load or store through r10 at a constant offset inside the current frame
 *     ({@code -512 <= off}, {@code off + size <= 0}). r10 is read-only and always the top of a
 *     frame, so no run can take it elsewhere.</li>
 * <li>{@link #PACKET} and further stack accesses: what a verifier proved about the access, when
 *     the plan is built with {@link Proofs}.</li>
 * <li>{@link #STACK} at a helper call: the map key it reads is proven on the stack, so an
 *     inlined array lookup reads it from the stack's array directly.</li>
 * <li>{@link #CTX_DATA}, {@link #CTX_DATA_END}, {@link #CTX_DATA_META}: a load the verifier
 *     proved reads {@code ctx->data}, {@code data_end} or {@code data_meta}; it reads the packet
 *     region's edges from {@code Memory} (which {@code Memory.mapPacket} keeps equal to the
 *     context's), as the kernel rewrites these loads into loads from its {@code xdp_buff}.</li>
 * </ul>
 * Every other load and store (not atomics) is {@link #GUARDED}: compiled as a packet access
 * behind an inline test that the address is in the packet region and inside its current bounds
 * (kept in locals, reloaded after every call), and through {@code Memory}'s checked accessors
 * when it is not — packet parsing, the bulk of an XDP program's accesses, then costs two integer
 * comparisons instead of a region lookup. A direct access still indexes
 * a JVM array, whose own bounds check stays as defence in depth: if a proof were wrong, the run
 * would end with an internal fault, never touch memory outside the array.
 */
final class AccessPlan {
    /** Through {@code Memory}: region lookup and bounds check. */
    static final int CHECKED = 0;
    /** Directly into the stack's byte array. */
    static final int STACK = 1;
    /** Directly into the packet's byte array. */
    static final int PACKET = 2;
    /** Into the packet's byte array when the address is inside the packet, else through {@code Memory}. */
    static final int GUARDED = 3;
    /**
     * Directly into the array behind the address's region, which the verifier proved is a map
     * value: the array is {@code Memory}'s for that region id; an index outside it (a region
     * this context has not bound yet) goes through {@code Memory}, which binds it.
     */
    static final int VALUE = 4;
    /**
     * A context load the verifier proved reads {@code data}: the packet region's
     * {@code Memory.packetData}, no call to the context region.
     */
    static final int CTX_DATA = 5;
    /** A context load proven to read {@code data_end}: the packet region's upper bound. */
    static final int CTX_DATA_END = 6;
    /** A context load proven to read {@code data_meta}: the packet region's lower bound. */
    static final int CTX_DATA_META = 7;

    /**
     * What a verifier proved about the access at {@code pc}: {@link #STACK} or {@link #PACKET}
     * when it stays inside that region, {@link #CHECKED} when it is proven to be elsewhere (a map
     * value, the context), {@link #GUARDED} when nothing is known.
     */
    interface Proofs {
        /** No verifier: nothing known about any access. */
        Proofs NONE = pc -> GUARDED;

        int region(int pc);

        /**
         * What the context load at {@code pc} was proven to yield on every path (a packet edge
         * or a number), or null when it is not a proven context load.
         */
        default ContextLayout.Yield contextYield(int pc) {
            return null;
        }

        /** True when a verifier accepted the program, so that every run of it ends. */
        default boolean boundsRuns() {
            return false;
        }

        /**
         * For a {@link #VALUE} access, the region of the one map whose values the verifier proved
         * it touches on every path, or -1 when that is not known (several maps, an inner map of a
         * map-in-map, no environment to ask).
         */
        default int valueRegion(int pc) {
            return -1;
        }

        /**
         * The verifier's proofs: an access proven inside the stack or the packet ({@code data}
         * to {@code data_end}) on every path is {@link #STACK} or {@link #PACKET}; a load or store
         * proven inside a map value is {@link #VALUE}; one into another region (the context, a
         * ring buffer record) is {@link #CHECKED}, except context loads proven to read a packet
         * edge ({@link #contextYield}); the packet's metadata, several regions or no proof is
         * {@link #GUARDED}.
         */
        static Proofs of(AccessProofs proofs) {
            return of(proofs, null);
        }

        /**
         * {@link #of(AccessProofs)}, with the map value regions {@code env} gives for the maps
         * the proofs name ({@link #valueRegion}).
         */
        static Proofs of(AccessProofs proofs, ProgramEnvironment env) {
            return new Proofs() {
                @Override
                public int region(int pc) {
                    return regionOf(proofs, pc);
                }

                @Override
                public ContextLayout.Yield contextYield(int pc) {
                    ContextLayout.Field f = proofs.contextField(pc);
                    return f == null ? null : f.yields();
                }

                @Override
                public boolean boundsRuns() {
                    return proofs.boundsRuns();
                }

                @Override
                public int valueRegion(int pc) {
                    MemoryAccessProof p = proofs.at(pc);
                    // mapId < 0: several maps, or the inner maps of a map-in-map (one region each)
                    return env == null || p == null || p.mapId() < 0 ? -1 : env.mapValueRegion(p.mapId());
                }
            };
        }

        private static int regionOf(AccessProofs proofs, int pc) {
            MemoryAccessProof p = proofs.at(pc);
            MemoryAccessProof.Region r = p == null ? null : p.region();
            if (r == MemoryAccessProof.Region.STACK) {
                return STACK;
            }
            if (r == MemoryAccessProof.Region.PACKET) {
                return PACKET;
            }
            if (r == MemoryAccessProof.Region.MAP_VALUE && p.kind() != MemoryAccessProof.Kind.ATOMIC) {
                return VALUE;
            }
            return r == null || r == MemoryAccessProof.Region.PACKET_META ? GUARDED : CHECKED;
        }
    }

    private final byte[] plan;
    /** Per pc: the constant region of a {@link #VALUE} access ({@link Proofs#valueRegion}), or -1. */
    private final int[] valueRegions;
    private final boolean usesStack;
    private final boolean usesPacket;

    private AccessPlan(byte[] plan, int[] valueRegions) {
        this.plan = plan;
        this.valueRegions = valueRegions;
        boolean s = false;
        boolean p = false;
        for (byte b : plan) {
            s |= b == STACK;
            p |= b == PACKET || b == GUARDED;
        }
        this.usesStack = s;
        this.usesPacket = p;
    }

    /** The plan for {@code program}, from what can be seen in the code and from {@code proofs}. */
    static AccessPlan of(Program program, ProgramStructure structure, Proofs proofs) {
        byte[] plan = new byte[program.length()];
        int[] valueRegions = new int[program.length()];
        java.util.Arrays.fill(valueRegions, -1);
        for (int pc = 0; pc < program.length(); pc++) {
            if (structure.isLddwTail(pc)) {
                continue;
            }
            long insn = program.slot(pc);
            int code = Insn.opcode(insn);
            int cls = code & 0x07;
            int mode = code & 0xe0;
            boolean load = cls == 0x01 && (mode == 0x60 || mode == 0x80);
            boolean store = (cls == 0x02 || cls == 0x03) && mode == 0x60;
            if (code == 0x85 && Insn.src(insn) == 0) {
                // a helper call: STACK when the map key it reads is proven on the stack
                if (proofs.region(pc) == STACK) {
                    plan[pc] = STACK;
                }
                continue;
            }
            if (!load && !store) {
                continue;
            }
            int base = load ? Insn.src(insn) : Insn.dst(insn);
            int size = switch (code & 0x18) {
                case 0x10 -> 1;
                case 0x08 -> 2;
                case 0x00 -> 4;
                default -> 8;
            };
            int off = Insn.off(insn);
            int proven = proofs.region(pc);
            ContextLayout.Yield field = load && mode == 0x60 ? proofs.contextYield(pc) : null;
            if (base == 10 && off >= -512 && off + size <= 0) {
                plan[pc] = STACK;
            } else if (field == ContextLayout.Yield.PACKET) {
                plan[pc] = CTX_DATA;
            } else if (field == ContextLayout.Yield.PACKET_END) {
                plan[pc] = CTX_DATA_END;
            } else if (field == ContextLayout.Yield.PACKET_META) {
                plan[pc] = CTX_DATA_META;
            } else {
                plan[pc] = (byte) proven;
                if (proven == VALUE) {
                    valueRegions[pc] = proofs.valueRegion(pc);
                }
            }
        }
        return new AccessPlan(plan, valueRegions);
    }

    /**
     * How the access at {@code pc} is compiled: {@link #CHECKED}, {@link #STACK}, {@link #PACKET},
     * {@link #GUARDED}, {@link #VALUE}, or for a load one of the {@code CTX_} kinds.
     */
    int at(int pc) {
        return plan[pc];
    }

    /**
     * The region every value of the one map that the {@link #VALUE} access at {@code pc} touches
     * lies in, or -1 when it is not known at compile time (then the region is the pointer's).
     */
    int valueRegion(int pc) {
        return valueRegions[pc];
    }

    boolean usesStack() {
        return usesStack;
    }

    boolean usesPacket() {
        return usesPacket;
    }
}

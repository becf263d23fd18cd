package org.jxdp.engine.verifier;

import java.util.function.IntFunction;

/**
 * The abstract value of one register or spilled stack slot (the kernel's
 * {@code struct bpf_reg_state}). Immutable.
 * <pre>
 *   scalar:   num = the value's bounds
 *   pointer:  address = base(type, aux) + off + v,  v in num (the variable offset, usually 0)
 *
 *   packet:   base = data; every packet pointer with the same id has the same v, and
 *             [base + v, base + v + range) is known to lie before data_end
 *             (range &lt; 0: the pointer is known to be at or past data_end)
 * </pre>
 * {@code id} links registers that must learn together: copies of a map lookup result (a null
 * check on one is a null check on all), packet pointers with the same variable offset, copies of
 * a scalar. {@code aux} depends on the type: the map id of map pointers and map values, the frame
 * number of stack pointers, the entry instruction of functions, the size of helper memory.
 */
final class Value {
    /** {@code range} of a packet pointer known to be past data_end (kernel BEYOND_PKT_END). */
    static final int BEYOND_PKT_END = -2;
    /** {@code range} of a packet pointer known to be at or past data_end (kernel AT_PKT_END). */
    static final int AT_PKT_END = -1;

    static final Value NOT_INIT = new Value(RegType.NOT_INIT, false, Scalar.ZERO, 0, 0, 0, 0, 0, -1);
    static final Value UNKNOWN = scalar(Scalar.UNKNOWN);

    final RegType type;
    /** The pointer may be NULL (a lookup result before its null check). */
    final boolean maybeNull;
    /** A scalar's value, a pointer's variable offset. */
    final Scalar num;
    /** A pointer's fixed offset. */
    final int off;
    /** A packet pointer's known-good range. */
    final int range;
    final int id;
    final int aux;
    /** The acquired reference this pointer holds (ring buffer records), or 0. */
    final int ref;
    /** For a scalar that was a packet pointer until a helper moved the packet: that call's index; else -1. */
    final int invalidatedAt;

    private Value(RegType type, boolean maybeNull, Scalar num, int off, int range, int id, int aux, int ref,
            int invalidatedAt) {
        this.type = type;
        this.maybeNull = maybeNull;
        this.num = num;
        this.off = off;
        this.range = range;
        this.id = id;
        this.aux = aux;
        this.ref = ref;
        this.invalidatedAt = invalidatedAt;
    }

    static Value scalar(Scalar s) {
        return new Value(RegType.SCALAR_VALUE, false, s, 0, 0, 0, 0, 0, -1);
    }

    static Value constant(long v) {
        return scalar(Scalar.constant(v));
    }

    /** A pointer of {@code type} at fixed offset {@code off}, no variable part. */
    static Value pointer(RegType type, int aux, int off) {
        return new Value(type, false, Scalar.ZERO, off, 0, 0, aux, 0, -1);
    }

    /** A pointer that may be NULL, linked to its copies by {@code id}. */
    static Value nullable(RegType type, int aux, int id) {
        return new Value(type, true, Scalar.ZERO, 0, 0, id, aux, 0, -1);
    }

    /** An unknown scalar that was a packet pointer until the helper call at {@code pc} moved the packet. */
    static Value invalidated(int pc) {
        return new Value(RegType.SCALAR_VALUE, false, Scalar.UNKNOWN, 0, 0, 0, 0, 0, pc);
    }

    Value withNum(Scalar s) {
        return new Value(type, maybeNull, s, off, range, id, aux, ref, -1);
    }

    Value withOff(int o) {
        return new Value(type, maybeNull, num, o, range, id, aux, ref, invalidatedAt);
    }

    Value withRange(int r) {
        return new Value(type, maybeNull, num, off, r, id, aux, ref, invalidatedAt);
    }

    Value withId(int i) {
        return new Value(type, maybeNull, num, off, range, i, aux, ref, invalidatedAt);
    }

    Value withRef(int r) {
        return new Value(type, maybeNull, num, off, range, id, aux, r, invalidatedAt);
    }

    /** The same pointer, known not to be NULL. */
    Value nonNull() {
        return new Value(type, false, num, off, range, type == RegType.PTR_TO_MAP_VALUE ? 0 : id, aux, ref, -1);
    }

    boolean isScalar() {
        return type == RegType.SCALAR_VALUE;
    }

    boolean isPointer() {
        return type.isPointer();
    }

    boolean isInit() {
        return type != RegType.NOT_INIT;
    }

    /** True for a scalar known to be {@code v}. */
    boolean isConst(long v) {
        return isScalar() && num.isConst() && num.value() == v;
    }

    /** True when the pointer's variable offset is the constant 0. */
    boolean fixedOffset() {
        return num.isConst() && num.value() == 0;
    }

    /** A packet pointer at {@code data} itself: offset 0, no variable part (kernel reg_is_init_pkt_pointer). */
    boolean isInitPacketPointer() {
        return type == RegType.PTR_TO_PACKET && off == 0 && fixedOffset();
    }

    // ---------------------------------------------------------------- order

    /**
     * True when every concrete value {@code cur} stands for is one {@code old} stands for, given
     * the id correspondence {@code ids} built so far (extended here).
     */
    static boolean covers(Value old, Value cur, IdMap ids) {
        if (old.type == RegType.NOT_INIT) {
            return true;
        }
        if (old.type != cur.type) {
            return false;
        }
        if (old.type == RegType.SCALAR_VALUE) {
            return old.num.covers(cur.num) && (old.id == 0 || ids.link(old.id, cur.id == 0 ? ids.fresh() : cur.id));
        }
        if (old.aux != cur.aux || old.off != cur.off || (cur.maybeNull && !old.maybeNull)) {
            return false;
        }
        if (!old.num.covers(cur.num)) {
            return false;
        }
        if (old.type.isPacket()) {
            if (old.range < 0 || cur.range < 0) {
                if (old.range != cur.range && old.range != 0) {
                    return false;
                }
            } else if (old.range > cur.range) {
                return false;
            }
        }
        if (old.id != 0) {
            if (!ids.link(old.id, cur.id == 0 ? ids.fresh() : cur.id)) {
                return false;
            }
        } else if (cur.id != 0 && old.type.isPacket()) {
            return false;
        }
        if ((old.ref == 0) != (cur.ref == 0) || old.ref != 0 && !ids.link(old.ref, cur.ref)) {
            return false;
        }
        return true;
    }

    /**
     * The smallest value holding both, or null when they are too different to join without
     * losing what the program relies on (different pointer kinds, offsets, maps, nullness; and,
     * when {@code keepConstants}, two different constants, which are loop counters, flags and
     * actions whose exact values decide branches).
     */
    static Value join(Value a, Value b, IdJoin ids, boolean keepConstants) {
        if (a.type == RegType.NOT_INIT || b.type == RegType.NOT_INIT) {
            return NOT_INIT;
        }
        if (a.type != b.type) {
            return null;
        }
        if (a.type == RegType.SCALAR_VALUE) {
            if (keepConstants && a.num.isConst() && b.num.isConst() && a.num.value() != b.num.value()) {
                return null;
            }
            int id = a.id != 0 && b.id != 0 ? ids.id(a.id, b.id) : 0;
            int inv = a.invalidatedAt == b.invalidatedAt ? a.invalidatedAt : -1;
            return new Value(RegType.SCALAR_VALUE, false, a.num.join(b.num), 0, 0, id, 0, 0, inv);
        }
        if (a.aux != b.aux || a.off != b.off || a.maybeNull != b.maybeNull || a.ref != 0 || b.ref != 0) {
            return null;
        }
        int range = 0;
        if (a.type.isPacket()) {
            range = a.range < 0 || b.range < 0 ? (a.range == b.range ? a.range : 0) : Math.min(a.range, b.range);
        }
        int id = ids.id(a.id, b.id);
        return new Value(a.type, a.maybeNull, a.num.join(b.num), a.off, range, id, a.aux, 0, -1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Value v && type == v.type && maybeNull == v.maybeNull && num.equals(v.num) && off == v.off
                && range == v.range && id == v.id && aux == v.aux && ref == v.ref;
    }

    @Override
    public int hashCode() {
        return ((type.ordinal() * 31 + num.hashCode()) * 31 + off) * 31 + id;
    }

    // ---------------------------------------------------------------- text

    /** The kernel log's notation ({@code pkt(off=14,r=34)}), naming maps with {@code mapName}. */
    String format(IntFunction<String> mapName) {
        switch (type) {
            case NOT_INIT:
                return "?";
            case SCALAR_VALUE: {
                String s = num.isConst() ? Long.toString(num.value()) : num.toString();
                if (invalidatedAt >= 0) {
                    s += " (a packet pointer until the call at insn " + invalidatedAt + " moved the packet)";
                }
                return id != 0 && !num.isConst() ? s.replaceFirst("^scalar\\(?", "scalar(id=" + id
                        + (num.toString().equals("scalar") ? ")" : ",")) : s;
            }
            case PTR_TO_STACK: {
                String base = aux == 0 ? "fp" : "fp[" + aux + "]";
                String o = off == 0 ? "0" : Integer.toString(off);
                return base + o + (fixedOffset() ? "" : "+" + num);
            }
            case PTR_TO_CTX:
                return "ctx(" + (off != 0 ? "off=" + off : "") + (fixedOffset() ? "" : ",var=" + num) + ")";
            default:
                break;
        }
        StringBuilder b = new StringBuilder(type.text);
        if (maybeNull) {
            b.append("_or_null");
        }
        b.append('(');
        String sep = "";
        if (type == RegType.PTR_TO_MAP_VALUE || type == RegType.CONST_PTR_TO_MAP || type == RegType.PTR_TO_MAP_KEY) {
            b.append("map=").append(mapName.apply(aux));
            sep = ",";
        } else if (type == RegType.PTR_TO_FUNC) {
            b.append("insn=").append(aux);
            sep = ",";
        } else if (type == RegType.PTR_TO_MEM) {
            b.append("size=").append(aux);
            sep = ",";
        }
        if (id != 0) {
            b.append(sep).append("id=").append(id);
            sep = ",";
        }
        if (off != 0) {
            b.append(sep).append("off=").append(off);
            sep = ",";
        }
        if (type == RegType.PTR_TO_PACKET || type == RegType.PTR_TO_PACKET_META) {
            b.append(sep).append("r=").append(range == BEYOND_PKT_END ? "beyond_end" : range == AT_PKT_END
                    ? "at_end" : Integer.toString(range));
            sep = ",";
        }
        if (!fixedOffset()) {
            b.append(sep).append("var=").append(num);
        }
        return b.append(')').toString();
    }

    @Override
    public String toString() {
        return format(i -> "#" + i);
    }
}

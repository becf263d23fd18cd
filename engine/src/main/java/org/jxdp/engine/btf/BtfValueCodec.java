package org.jxdp.engine.btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between the bytes of a value (a map key or value) and a plain Java form, by the
 * value's BTF type, as {@code bpftool map dump} formats them:
 * <pre>
 *   int, enum, pointer      Long (unsigned values above Long.MAX_VALUE wrap; enums also accept names)
 *   float, double           Double
 *   char or u8 array        byte[]
 *   other array             List (one element per entry)
 *   struct, union           Map from member name to member (in declaration order), bitfields included
 *   typedef, const, ...     the type they name
 * </pre>
 * Encoding accepts the same forms (and any Number for integers); absent struct members are zero.
 * Bytes are little endian, the layout of the BPF target.
 */
public final class BtfValueCodec {
    private final Btf btf;

    public BtfValueCodec(Btf btf) {
        this.btf = btf;
    }

    /** The Java form of {@code bytes} as type {@code typeId}. */
    public Object decode(int typeId, byte[] bytes) throws BtfException {
        return decode(typeId, bytes, 0, 0);
    }

    /** The bytes of {@code value} as type {@code typeId}. */
    public byte[] encode(int typeId, Object value) throws BtfException {
        long size = btf.sizeOf(typeId);
        if (size < 0 || size > 1 << 20) {
            throw new BtfException(BtfParser.SECTION, "type " + typeId, -1, "cannot encode a value of " + size + " bytes");
        }
        byte[] out = new byte[(int) size];
        encode(typeId, value, out, 0, 0);
        return out;
    }

    private Object decode(int typeId, byte[] b, int off, int depth) throws BtfException {
        if (depth > Btf.MAX_RESOLVE_DEPTH) {
            throw new BtfException(BtfParser.SECTION, "type " + typeId, -1, "types nest too deeply to decode");
        }
        BtfType t = btf.resolve(typeId);
        if (t instanceof BtfType.Int i) {
            if (i.bits() > 64 || i.size() > 8) {
                return slice(b, off, (int) i.size());
            }
            long v = readLong(b, off, (int) i.size());
            if (i.bitOffset() != 0 || i.bits() < i.size() * 8) {
                v = bits(v, i.bitOffset(), i.bits(), i.isSigned());
            } else if (i.isSigned()) {
                v = signExtend(v, (int) i.size() * 8);
            }
            return v;
        }
        if (t instanceof BtfType.Enumeration e) {
            long v = readLong(b, off, (int) e.size());
            return e.signed() ? signExtend(v, (int) e.size() * 8) : v;
        }
        if (t instanceof BtfType.Ptr) {
            return readLong(b, off, 8);
        }
        if (t instanceof BtfType.Float f) {
            return f.size() == 4 ? (double) Float.intBitsToFloat((int) readLong(b, off, 4))
                    : Double.longBitsToDouble(readLong(b, off, 8));
        }
        if (t instanceof BtfType.Array a) {
            long es = btf.sizeOf(a.elemType());
            if (es == 1 && btf.resolve(a.elemType()) instanceof BtfType.Int) {
                return slice(b, off, (int) a.nelems());
            }
            List<Object> out = new ArrayList<>();
            for (long n = 0; n < a.nelems(); n++) {
                out.add(decode(a.elemType(), b, off + (int) (n * es), depth + 1));
            }
            return out;
        }
        if (t instanceof BtfType.Composite c) {
            Map<String, Object> out = new LinkedHashMap<>();
            int anon = 0;
            for (BtfType.Member m : c.members()) {
                String name = m.name().isEmpty() ? "(anon" + anon++ + ")" : m.name();
                if (m.bitfieldSize() > 0) {
                    int start = (int) (m.bitOffset() / 8);
                    int shift = (int) (m.bitOffset() % 8);
                    long raw = readLong(b, off + start, Math.min(8, b.length - off - start));
                    boolean signed = btf.resolve(m.type()) instanceof BtfType.Int mi && mi.isSigned();
                    out.put(name, bits(raw, shift, m.bitfieldSize(), signed));
                } else {
                    out.put(name, decode(m.type(), b, off + (int) m.byteOffset(), depth + 1));
                }
            }
            return out;
        }
        long size = btf.sizeOf(typeId);
        return slice(b, off, (int) size);
    }

    private void encode(int typeId, Object v, byte[] out, int off, int depth) throws BtfException {
        if (depth > Btf.MAX_RESOLVE_DEPTH) {
            throw new BtfException(BtfParser.SECTION, "type " + typeId, -1, "types nest too deeply to encode");
        }
        BtfType t = btf.resolve(typeId);
        if (v instanceof byte[] raw) {
            long size = btf.sizeOf(typeId);
            if (raw.length != size) {
                throw error(typeId, "expects " + size + " bytes, got " + raw.length);
            }
            System.arraycopy(raw, 0, out, off, raw.length);
            return;
        }
        if (t instanceof BtfType.Int || t instanceof BtfType.Ptr || t instanceof BtfType.Enumeration) {
            long size = btf.sizeOf(typeId);
            writeLong(out, off, (int) size, integer(t, typeId, v));
            return;
        }
        if (t instanceof BtfType.Float f) {
            if (!(v instanceof Number n)) {
                throw error(typeId, "expects a number, got " + describe(v));
            }
            writeLong(out, off, (int) f.size(), f.size() == 4 ? Float.floatToIntBits(n.floatValue())
                    : Double.doubleToLongBits(n.doubleValue()));
            return;
        }
        if (t instanceof BtfType.Array a) {
            if (!(v instanceof List<?> list)) {
                throw error(typeId, "expects a list or " + btf.sizeOf(typeId) + " bytes, got " + describe(v));
            }
            if (list.size() > a.nelems()) {
                throw error(typeId, "holds " + a.nelems() + " elements, got " + list.size());
            }
            long es = btf.sizeOf(a.elemType());
            for (int n = 0; n < list.size(); n++) {
                encode(a.elemType(), list.get(n), out, off + (int) (n * es), depth + 1);
            }
            return;
        }
        if (t instanceof BtfType.Composite c) {
            if (!(v instanceof Map<?, ?> map)) {
                throw error(typeId, "expects a map of members, got " + describe(v));
            }
            for (Object k : map.keySet()) {
                if (c.members().stream().noneMatch(m -> m.name().equals(k))) {
                    throw error(typeId, "has no member '" + k + "'");
                }
            }
            for (BtfType.Member m : c.members()) {
                Object mv = map.get(m.name());
                if (mv == null) {
                    continue;
                }
                if (m.bitfieldSize() > 0) {
                    int start = (int) (m.bitOffset() / 8);
                    int shift = (int) (m.bitOffset() % 8);
                    int n = Math.min(8, out.length - off - start);
                    long cur = readLong(out, off + start, n);
                    long mask = (m.bitfieldSize() >= 64 ? -1L : (1L << m.bitfieldSize()) - 1) << shift;
                    long val = (integer(btf.resolve(m.type()), m.type(), mv) << shift) & mask;
                    writeLong(out, off + start, n, (cur & ~mask) | val);
                } else {
                    encode(m.type(), mv, out, off + (int) m.byteOffset(), depth + 1);
                }
            }
            return;
        }
        throw error(typeId, "cannot encode " + describe(v) + " as " + btf.render(typeId));
    }

    private long integer(BtfType t, int typeId, Object v) throws BtfException {
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof String s && t instanceof BtfType.Enumeration e) {
            for (BtfType.Enumerator en : e.values()) {
                if (en.name().equals(s)) {
                    return en.value();
                }
            }
            throw error(typeId, "has no enumerator '" + s + "'");
        }
        throw error(typeId, "expects an integer, got " + describe(v));
    }

    private BtfException error(int typeId, String what) {
        return new BtfException(BtfParser.SECTION, "type " + typeId + " (" + btf.render(typeId) + ")", -1, what);
    }

    private static String describe(Object v) {
        return v == null ? "null" : v.getClass().getSimpleName() + " " + v;
    }

    private static byte[] slice(byte[] b, int off, int len) {
        byte[] out = new byte[Math.max(0, Math.min(len, b.length - off))];
        System.arraycopy(b, off, out, 0, out.length);
        return out;
    }

    private static long readLong(byte[] b, int off, int size) {
        long v = 0;
        for (int i = Math.min(size, 8) - 1; i >= 0; i--) {
            v = v << 8 | (off + i < b.length ? b[off + i] & 0xff : 0);
        }
        return v;
    }

    private static void writeLong(byte[] b, int off, int size, long v) {
        ByteBuffer buf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
        System.arraycopy(buf.array(), 0, b, off, Math.min(size, 8));
    }

    private static long bits(long v, int offset, int count, boolean signed) {
        long x = v >>> offset;
        if (count >= 64) {
            return x;
        }
        x &= (1L << count) - 1;
        return signed ? signExtend(x, count) : x;
    }

    private static long signExtend(long v, int bits) {
        return bits >= 64 ? v : (v << (64 - bits)) >> (64 - bits);
    }
}

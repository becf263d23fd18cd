package org.jxdp.engine.btf;

import static org.jxdp.engine.btf.BtfUapi.BTF_KIND_ARRAY;
import static org.jxdp.engine.btf.BtfUapi.BTF_KIND_CONST;
import static org.jxdp.engine.btf.BtfUapi.BTF_KIND_DATASEC;
import static org.jxdp.engine.btf.BtfUapi.BTF_KIND_DECL_TAG;
import static org.jxdp.engine.btf.BtfUapi.BTF_KIND_ENUM;
import static org.jxdp.engine.btf.BtfUapi.BTF_KIND_ENUM64;
import static org.jxdp.engine.btf.BtfUapi.BTF_KIND_FLOAT;
import static org.jxdp.engine.btf.BtfUapi.BTF_KIND_FUNC;
import static org.jxdp.engine.btf.BtfUapi.BTF_KIND_FUNC_PROTO;
import static org.jxdp.engine.btf.BtfUapi.BTF_KIND_FWD;
import static org.jxdp.engine.btf.BtfUapi.BTF_KIND_INT;
import static org.jxdp.engine.btf.BtfUapi.BTF_KIND_MAX;
import static org.jxdp.engine.btf.BtfUapi.BTF_KIND_PTR;
import static org.jxdp.engine.btf.BtfUapi.BTF_KIND_RESTRICT;
import static org.jxdp.engine.btf.BtfUapi.BTF_KIND_STRUCT;
import static org.jxdp.engine.btf.BtfUapi.BTF_KIND_TYPEDEF;
import static org.jxdp.engine.btf.BtfUapi.BTF_KIND_TYPE_TAG;
import static org.jxdp.engine.btf.BtfUapi.BTF_KIND_UNION;
import static org.jxdp.engine.btf.BtfUapi.BTF_KIND_VAR;
import static org.jxdp.engine.btf.BtfUapi.BTF_KIND_VOLATILE;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a .BTF section: the header, the string table, then every type in order, then checks
 * that the types refer to each other sensibly. Every count in the input is checked against the
 * bytes that remain before anything is allocated for it.
 * <pre>
 *   0               2       3       4               8
 *   +---------------+-------+-------+---------------+
 *   |  magic 0xeB9F |version| flags |    hdr_len    |
 *   +---------------+-------+-------+---------------+
 *   |   type_off    |   type_len    |    str_off    |   offsets count from the end
 *   +---------------+---------------+---------------+   of the header (hdr_len)
 *   |    str_len    |  (hdr_len - 24 more bytes, ignored)
 *   +---------------+
 *   hdr_len: [type_off, +type_len) btf_type records    [str_off, +str_len) NUL-terminated strings
 * </pre>
 */
final class BtfParser {
    static final String SECTION = ".BTF";
    /** {@code sizeof(struct btf_header)}. */
    static final int HEADER_SIZE = 24;
    /** {@code sizeof(struct btf_type)}. */
    static final int TYPE_SIZE = 12;
    /** The bits of {@code info} that mean something: kind_flag, kind, vlen (the kernel's {@code BTF_INFO_MASK}). */
    static final long INFO_MASK = 0x9f00ffffL;

    private final SectionBytes in;
    private StringTable strings;
    private StringTable.Decoder names;
    private final List<BtfType> types = new ArrayList<>();
    private final List<Long> offsets = new ArrayList<>();
    private final List<ForwardRef> forwardRefs = new ArrayList<>();

    private BtfParser(SectionBytes in) {
        this.in = in;
    }

    static Btf parse(byte[] section) throws BtfException {
        ByteOrder order = SectionBytes.orderFromMagic(SECTION, section);
        BtfParser p = new BtfParser(new SectionBytes(SECTION, section.clone(), order));
        return p.run();
    }

    private Btf run() throws BtfException {
        in.require(0, 8, "header", "the fixed part of btf_header (magic, version, flags, hdr_len)");
        int version = in.u8(2, "header");
        if (version != BtfUapi.BTF_VERSION) {
            throw new BtfException(SECTION, "header", 2, "unsupported BTF version " + version + " (only 1 exists)");
        }
        int flags = in.u8(3, "header");
        long hdrLen = in.u32(4, "header");
        if (hdrLen < HEADER_SIZE) {
            throw new BtfException(SECTION, "header", 4,
                    "hdr_len " + hdrLen + " is smaller than struct btf_header (" + HEADER_SIZE + " bytes)");
        }
        if (hdrLen > in.length()) {
            throw new BtfException(SECTION, "header", 4,
                    "hdr_len " + hdrLen + " is past the end of the section (" + in.length() + " bytes)");
        }
        long typeOff = in.u32(8, "header");
        long typeLen = in.u32(12, "header");
        long strOff = in.u32(16, "header");
        long strLen = in.u32(20, "header");
        long dataLen = in.length() - hdrLen;
        checkSubsection("type section", 8, typeOff, typeLen, dataLen);
        checkSubsection("string table", 16, strOff, strLen, dataLen);
        if (typeLen > 0 && typeOff < strOff + strLen && strOff < typeOff + typeLen) {
            throw new BtfException(SECTION, "header", 8, "the type section [0x" + Long.toHexString(hdrLen + typeOff)
                    + ", 0x" + Long.toHexString(hdrLen + typeOff + typeLen) + ") overlaps the string table [0x"
                    + Long.toHexString(hdrLen + strOff) + ", 0x" + Long.toHexString(hdrLen + strOff + strLen) + ")");
        }
        strings = StringTable.read(in, (int) (hdrLen + strOff), (int) strLen);
        names = strings.decoder(SECTION);
        types.add(new BtfType.Void());
        offsets.add(-1L);
        long pos = hdrLen + typeOff;
        long end = pos + typeLen;
        while (pos < end) {
            pos = readType(pos, end);
        }
        for (ForwardRef r : forwardRefs) {
            if (r.id() >= types.size()) {
                throw new BtfException(SECTION, r.place(), r.at(), "type id " + r.id() + " does not exist (the last is "
                        + (types.size() - 1) + ")");
            }
        }
        long[] offs = new long[offsets.size()];
        for (int i = 0; i < offs.length; i++) {
            offs[i] = offsets.get(i);
        }
        Btf btf = new Btf(in.order(), flags, types, offs, strings);
        new BtfTypeChecks(btf).run();
        return btf;
    }

    private void checkSubsection(String what, int field, long off, long len, long dataLen) throws BtfException {
        if (off > dataLen || len > dataLen - off) {
            throw new BtfException(SECTION, "header", field, what + " [" + off + ", " + (off + len)
                    + ") relative to the header's end is outside the " + dataLen + " bytes that follow the header");
        }
    }

    /** Reads the type at {@code pos}; returns where the next one starts. */
    private long readType(long pos, long end) throws BtfException {
        int id = types.size();
        String place = "type " + id;
        if (id > BtfUapi.BTF_MAX_TYPE) {
            throw new BtfException(SECTION, place, pos, "more than BTF_MAX_TYPE (" + BtfUapi.BTF_MAX_TYPE + ") types");
        }
        if (end - pos < TYPE_SIZE) {
            throw new BtfException(SECTION, place, pos, "a btf_type needs " + TYPE_SIZE + " bytes but only "
                    + (end - pos) + " remain in the type section");
        }
        long nameOff = in.u32(pos, place);
        long info = in.u32(pos + 4, place);
        long sizeOrType = in.u32(pos + 8, place);
        int kind = (int) (info >>> 24) & 0x1f;
        int vlen = (int) info & 0xffff;
        boolean kflag = (info >>> 31) != 0;
        if (kind == 0 || kind > BTF_KIND_MAX) {
            throw new BtfException(SECTION, place, pos + 4, "unknown kind " + kind + " (info 0x" + Long.toHexString(info) + ")");
        }
        if ((info & ~INFO_MASK) != 0) {
            throw new BtfException(SECTION, place, pos + 4, "unused bits set in info 0x" + Long.toHexString(info));
        }
        String kindName = BtfUapi.kindName(kind);
        place = "type " + id + " (" + kindName + ")";
        String name = names.at(nameOff, place, pos, "name offset");
        long extra = extraBytes(kind, vlen);
        long body = pos + TYPE_SIZE;
        if (extra > end - body) {
            throw new BtfException(SECTION, place, pos, kindName + " with vlen " + vlen + " needs " + extra
                    + " bytes after its btf_type but only " + (end - body) + " remain in the type section");
        }
        if (vlen != 0 && !usesVlen(kind)) {
            throw new BtfException(SECTION, place, pos + 4, kindName + " must have vlen 0, not " + vlen);
        }
        if (kflag && !usesKindFlag(kind)) {
            throw new BtfException(SECTION, place, pos + 4, kindName + " must not have kind_flag set");
        }
        int type = refersToType(kind) ? typeId(sizeOrType, place, pos + 8) : 0;
        BtfType t;
        switch (kind) {
            case BTF_KIND_INT: {
                long word = in.u32(body, place);
                int encoding = (int) (word >>> 24) & 0x0f;
                int bitOffset = (int) (word >>> 16) & 0xff;
                int bits = (int) word & 0xff;
                checkSize(place, pos, sizeOrType, new long[] {1, 2, 4, 8, 16});
                if ((word & 0xf000ff00L) != 0) {
                    throw new BtfException(SECTION, place, body, "reserved bits set in the int word 0x" + Long.toHexString(word));
                }
                if (encoding != 0 && encoding != BtfUapi.BTF_INT_SIGNED && encoding != BtfUapi.BTF_INT_CHAR
                        && encoding != BtfUapi.BTF_INT_BOOL) {
                    throw new BtfException(SECTION, place, body, "unknown int encoding " + encoding);
                }
                if (bits == 0 || bits > 128 || bitOffset + bits > sizeOrType * 8) {
                    throw new BtfException(SECTION, place, body, "bit offset " + bitOffset + " and nr_bits " + bits
                            + " do not fit in " + sizeOrType + " bytes");
                }
                t = new BtfType.Int(id, name, sizeOrType, encoding, bitOffset, bits);
                break;
            }
            case BTF_KIND_PTR:
                t = new BtfType.Ptr(id, name, type);
                break;
            case BTF_KIND_ARRAY:
                t = new BtfType.Array(id, name, typeId(in.u32(body, place), place, body),
                        typeId(in.u32(body + 4, place), place, body + 4), in.u32(body + 8, place));
                break;
            case BTF_KIND_STRUCT:
            case BTF_KIND_UNION: {
                List<BtfType.Member> members = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    long m = body + 12L * i;
                    String mplace = place + " member " + i;
                    String mname = names.at(in.u32(m, mplace), mplace, m, "name offset");
                    int mtype = typeId(in.u32(m + 4, mplace), mplace, m + 4);
                    long off = in.u32(m + 8, mplace);
                    members.add(kflag ? new BtfType.Member(mname, mtype, off & 0xffffff, (int) (off >>> 24))
                            : new BtfType.Member(mname, mtype, off, 0));
                }
                t = kind == BTF_KIND_STRUCT ? new BtfType.Struct(id, name, sizeOrType, kflag, members)
                        : new BtfType.Union(id, name, sizeOrType, kflag, members);
                break;
            }
            case BTF_KIND_ENUM: {
                checkSize(place, pos, sizeOrType, new long[] {1, 2, 4, 8});
                List<BtfType.Enumerator> values = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    long e = body + 8L * i;
                    String eplace = place + " enumerator " + i;
                    String ename = names.at(in.u32(e, eplace), eplace, e, "name offset");
                    long v = kflag ? in.s32(e + 4, eplace) : in.u32(e + 4, eplace);
                    values.add(new BtfType.Enumerator(ename, v));
                }
                t = new BtfType.Enum(id, name, sizeOrType, kflag, values);
                break;
            }
            case BTF_KIND_ENUM64: {
                checkSize(place, pos, sizeOrType, new long[] {1, 2, 4, 8});
                List<BtfType.Enumerator> values = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    long e = body + 12L * i;
                    String eplace = place + " enumerator " + i;
                    String ename = names.at(in.u32(e, eplace), eplace, e, "name offset");
                    long v = in.u32(e + 4, eplace) | in.u32(e + 8, eplace) << 32;
                    values.add(new BtfType.Enumerator(ename, v));
                }
                t = new BtfType.Enum64(id, name, sizeOrType, kflag, values);
                break;
            }
            case BTF_KIND_FWD:
                t = new BtfType.Fwd(id, name, kflag);
                break;
            case BTF_KIND_TYPEDEF:
                t = new BtfType.Typedef(id, name, type);
                break;
            case BTF_KIND_VOLATILE:
                t = new BtfType.Volatile(id, name, type);
                break;
            case BTF_KIND_CONST:
                t = new BtfType.Const(id, name, type);
                break;
            case BTF_KIND_RESTRICT:
                t = new BtfType.Restrict(id, name, type);
                break;
            case BTF_KIND_TYPE_TAG:
                t = new BtfType.TypeTag(id, name, type);
                break;
            case BTF_KIND_FUNC:
                if (vlen > BtfUapi.BTF_FUNC_EXTERN) {
                    throw new BtfException(SECTION, place, pos + 4, "unknown function linkage " + vlen);
                }
                t = new BtfType.Func(id, name, type, vlen);
                break;
            case BTF_KIND_FUNC_PROTO: {
                List<BtfType.Param> params = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    long p = body + 8L * i;
                    String pplace = place + " param " + i;
                    String pname = names.at(in.u32(p, pplace), pplace, p, "name offset");
                    params.add(new BtfType.Param(pname, typeId(in.u32(p + 4, pplace), pplace, p + 4)));
                }
                t = new BtfType.FuncProto(id, name, type, params);
                break;
            }
            case BTF_KIND_VAR: {
                long linkage = in.u32(body, place);
                if (linkage > BtfUapi.BTF_VAR_GLOBAL_EXTERN) {
                    throw new BtfException(SECTION, place, body, "unknown variable linkage " + linkage);
                }
                t = new BtfType.Var(id, name, type, (int) linkage);
                break;
            }
            case BTF_KIND_DATASEC: {
                List<BtfType.VarSecinfo> vars = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    long v = body + 12L * i;
                    String vplace = place + " var_secinfo " + i;
                    vars.add(new BtfType.VarSecinfo(typeId(in.u32(v, vplace), vplace, v), in.u32(v + 4, vplace),
                            in.u32(v + 8, vplace)));
                }
                t = new BtfType.Datasec(id, name, sizeOrType, vars);
                break;
            }
            case BTF_KIND_FLOAT:
                checkSize(place, pos, sizeOrType, new long[] {2, 4, 8, 12, 16});
                t = new BtfType.Float(id, name, sizeOrType);
                break;
            case BTF_KIND_DECL_TAG: {
                int componentIdx = in.s32(body, place);
                if (componentIdx < -1) {
                    throw new BtfException(SECTION, place, body, "component_idx " + componentIdx + " is below -1");
                }
                if (name.isEmpty()) {
                    throw new BtfException(SECTION, place, pos, "a DECL_TAG must have a name (the attribute)");
                }
                t = new BtfType.DeclTag(id, name, type, componentIdx);
                break;
            }
            default:
                throw new IllegalStateException("kind " + kind + " passed the kind check");
        }
        types.add(t);
        offsets.add(pos);
        return body + extra;
    }

    /** The bytes of kind-specific records after the btf_type. */
    private static long extraBytes(int kind, int vlen) {
        switch (kind) {
            case BTF_KIND_INT:
            case BTF_KIND_VAR:
            case BTF_KIND_DECL_TAG:
                return 4;
            case BTF_KIND_ARRAY:
                return 12;
            case BTF_KIND_STRUCT:
            case BTF_KIND_UNION:
            case BTF_KIND_DATASEC:
            case BTF_KIND_ENUM64:
                return 12L * vlen;
            case BTF_KIND_ENUM:
            case BTF_KIND_FUNC_PROTO:
                return 8L * vlen;
            default:
                return 0;
        }
    }

    private static boolean usesVlen(int kind) {
        switch (kind) {
            case BTF_KIND_STRUCT:
            case BTF_KIND_UNION:
            case BTF_KIND_ENUM:
            case BTF_KIND_ENUM64:
            case BTF_KIND_FUNC:
            case BTF_KIND_FUNC_PROTO:
            case BTF_KIND_DATASEC:
                return true;
            default:
                return false;
        }
    }

    private static boolean refersToType(int kind) {
        switch (kind) {
            case BTF_KIND_PTR:
            case BTF_KIND_TYPEDEF:
            case BTF_KIND_VOLATILE:
            case BTF_KIND_CONST:
            case BTF_KIND_RESTRICT:
            case BTF_KIND_TYPE_TAG:
            case BTF_KIND_FUNC:
            case BTF_KIND_FUNC_PROTO:
            case BTF_KIND_VAR:
            case BTF_KIND_DECL_TAG:
                return true;
            default:
                return false;
        }
    }

    private static boolean usesKindFlag(int kind) {
        switch (kind) {
            case BTF_KIND_STRUCT:
            case BTF_KIND_UNION:
            case BTF_KIND_ENUM:
            case BTF_KIND_ENUM64:
            case BTF_KIND_FWD:
            case BTF_KIND_DECL_TAG:
            case BTF_KIND_TYPE_TAG:
                return true;
            default:
                return false;
        }
    }

    /**
     * A u32 type id field. A type may refer to one that comes later, so ids beyond the types read
     * so far are kept and checked once the whole section is read.
     */
    private int typeId(long raw, String place, long at) throws BtfException {
        if (raw >= types.size()) {
            if (raw > BtfUapi.BTF_MAX_TYPE) {
                throw new BtfException(SECTION, place, at, "type id " + raw + " is larger than BTF_MAX_TYPE ("
                        + BtfUapi.BTF_MAX_TYPE + ")");
            }
            forwardRefs.add(new ForwardRef((int) raw, place, at));
        }
        return (int) raw;
    }

    /** A reference to a type id not read yet, checked at the end. */
    private record ForwardRef(int id, String place, long at) {
    }

    private static void checkSize(String place, long pos, long size, long[] allowed) throws BtfException {
        for (long a : allowed) {
            if (size == a) {
                return;
            }
        }
        throw new BtfException(SECTION, place, pos + 8, "size " + size + " is not one of " + Arrays.toString(allowed));
    }
}

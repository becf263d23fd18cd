package org.jxdp.engine.btf;

import java.util.List;

/**
 * One type of a .BTF type section, by kind, with its trailing records decoded. Every type
 * starts with a {@code struct btf_type}:
 * <pre>
 *   0               4               8               12
 *   +---------------+---------------+---------------+------------------------+
 *   |   name_off    |     info      | size or type  | kind-specific records  |
 *   +---------------+---------------+---------------+------------------------+
 *    string offset   kind_flag:1     size: INT, STRUCT, UNION, ENUM, ENUM64,
 *                    kind:5          DATASEC, FLOAT; type: every other kind
 *                    vlen:16         that refers to another type
 * </pre>
 * Ids count from 1 in the order of the section; id 0 is {@code void}. Names are "" for
 * anonymous types. Sizes, offsets and counts that are u32 in the format are non-negative longs
 * here. Instances are immutable; {@link Btf} is what answers questions across types.
 */
public sealed interface BtfType {

    /** The type id (0 for void). */
    int id();

    /** The name, "" when anonymous. */
    String name();

    /** The kind, a {@code BTF_KIND_*} constant of {@link BtfUapi} (0 for void). */
    int kind();

    /** The kernel's name of the kind ({@code STRUCT}), {@code VOID} for type 0. */
    default String kindName() {
        return kind() == 0 ? "VOID" : BtfUapi.kindName(kind());
    }

    /** A kind whose {@code type} field names another type (which may be 0, void). */
    sealed interface Referring extends BtfType {
        /** The id of the type this one refers to. */
        int type();
    }

    /** TYPEDEF, VOLATILE, CONST, RESTRICT and TYPE_TAG: names or qualifiers that {@link Btf#resolve} skips. */
    sealed interface Modifier extends Referring {
    }

    /** STRUCT or UNION. */
    sealed interface Composite extends BtfType {
        /** The size in bytes. */
        long size();

        /** True when kind_flag is set: member offsets then carry a bitfield size in their top 8 bits. */
        boolean bitfieldOffsets();

        /** The members in declaration order. */
        List<Member> members();
    }

    /** ENUM or ENUM64. */
    sealed interface Enumeration extends BtfType {
        /** The size in bytes (1, 2, 4 or 8). */
        long size();

        /** True when kind_flag is set: the values are signed. */
        boolean signed();

        /** The enumerators in declaration order. */
        List<Enumerator> values();
    }

    /** Type 0. */
    record Void() implements BtfType {
        @Override
        public int id() {
            return 0;
        }

        @Override
        public String name() {
            return "";
        }

        @Override
        public int kind() {
            return 0;
        }
    }

    /**
     * BTF_KIND_INT. After the btf_type, one u32:
     * <pre>
     *   31    28 27      24 23          16 15          8 7            0
     *   +-------+----------+--------------+-------------+--------------+
     *   |   0   | encoding |  bit offset  |      0      |   nr_bits    |
     *   +-------+----------+--------------+-------------+--------------+
     * </pre>
     *
     * @param size size in bytes (1, 2, 4, 8 or 16)
     * @param encoding {@code BTF_INT_SIGNED}, {@code BTF_INT_CHAR}, {@code BTF_INT_BOOL} or 0
     * @param bitOffset the value's first bit within the bytes
     * @param bits the number of value bits
     */
    record Int(int id, String name, long size, int encoding, int bitOffset, int bits) implements BtfType {
        @Override
        public int kind() {
            return BtfUapi.BTF_KIND_INT;
        }

        /** True for a signed integer. */
        public boolean isSigned() {
            return (encoding & BtfUapi.BTF_INT_SIGNED) != 0;
        }
    }

    /** BTF_KIND_PTR: a pointer (8 bytes on BPF) to {@code type}. */
    record Ptr(int id, String name, int type) implements Referring {
        @Override
        public int kind() {
            return BtfUapi.BTF_KIND_PTR;
        }
    }

    /**
     * BTF_KIND_ARRAY. After the btf_type, a {@code struct btf_array}:
     * <pre>
     *   +---------------+---------------+---------------+
     *   |  elem type    |  index_type   |    nelems     |
     *   +---------------+---------------+---------------+
     * </pre>
     */
    record Array(int id, String name, int elemType, int indexType, long nelems) implements BtfType {
        @Override
        public int kind() {
            return BtfUapi.BTF_KIND_ARRAY;
        }
    }

    /**
     * One {@code struct btf_member} of a STRUCT or UNION: name_off, type, offset (12 bytes). With
     * kind_flag the offset is {@code bitfield_size << 24 | bit_offset}; without, all bit offset.
     *
     * @param bitOffset the offset in bits from the start of the enclosing struct or union
     * @param bitfieldSize the bitfield width, 0 when the member is not a bitfield
     */
    record Member(String name, int type, long bitOffset, int bitfieldSize) {
        /** The byte that holds the member's first bit. */
        public long byteOffset() {
            return bitOffset / 8;
        }
    }

    /** BTF_KIND_STRUCT. */
    record Struct(int id, String name, long size, boolean bitfieldOffsets, List<Member> members) implements Composite {
        public Struct {
            members = List.copyOf(members);
        }

        @Override
        public int kind() {
            return BtfUapi.BTF_KIND_STRUCT;
        }
    }

    /** BTF_KIND_UNION. */
    record Union(int id, String name, long size, boolean bitfieldOffsets, List<Member> members) implements Composite {
        public Union {
            members = List.copyOf(members);
        }

        @Override
        public int kind() {
            return BtfUapi.BTF_KIND_UNION;
        }
    }

    /**
     * One enumerator: {@code struct btf_enum} (name_off, s32/u32 val) or {@code struct btf_enum64}
     * (name_off, val_lo32, val_hi32).
     *
     * @param value the value, sign- or zero-extended as the enumeration's kind_flag says
     */
    record Enumerator(String name, long value) {
    }

    /** BTF_KIND_ENUM: 32-bit enumerators. */
    record Enum(int id, String name, long size, boolean signed, List<Enumerator> values) implements Enumeration {
        public Enum {
            values = List.copyOf(values);
        }

        @Override
        public int kind() {
            return BtfUapi.BTF_KIND_ENUM;
        }
    }

    /** BTF_KIND_ENUM64: 64-bit enumerators. */
    record Enum64(int id, String name, long size, boolean signed, List<Enumerator> values) implements Enumeration {
        public Enum64 {
            values = List.copyOf(values);
        }

        @Override
        public int kind() {
            return BtfUapi.BTF_KIND_ENUM64;
        }
    }

    /** BTF_KIND_FWD: a struct (or, with kind_flag, a union) declared but not defined. */
    record Fwd(int id, String name, boolean union) implements BtfType {
        @Override
        public int kind() {
            return BtfUapi.BTF_KIND_FWD;
        }
    }

    /** BTF_KIND_TYPEDEF. */
    record Typedef(int id, String name, int type) implements Modifier {
        @Override
        public int kind() {
            return BtfUapi.BTF_KIND_TYPEDEF;
        }
    }

    /** BTF_KIND_VOLATILE. */
    record Volatile(int id, String name, int type) implements Modifier {
        @Override
        public int kind() {
            return BtfUapi.BTF_KIND_VOLATILE;
        }
    }

    /** BTF_KIND_CONST. */
    record Const(int id, String name, int type) implements Modifier {
        @Override
        public int kind() {
            return BtfUapi.BTF_KIND_CONST;
        }
    }

    /** BTF_KIND_RESTRICT. */
    record Restrict(int id, String name, int type) implements Modifier {
        @Override
        public int kind() {
            return BtfUapi.BTF_KIND_RESTRICT;
        }
    }

    /** BTF_KIND_TYPE_TAG: the attribute string is the name. */
    record TypeTag(int id, String name, int type) implements Modifier {
        @Override
        public int kind() {
            return BtfUapi.BTF_KIND_TYPE_TAG;
        }
    }

    /**
     * BTF_KIND_FUNC: {@code type} is its FUNC_PROTO.
     *
     * @param linkage {@code BTF_FUNC_STATIC}, {@code BTF_FUNC_GLOBAL} or {@code BTF_FUNC_EXTERN}
     *     (the vlen field)
     */
    record Func(int id, String name, int type, int linkage) implements Referring {
        @Override
        public int kind() {
            return BtfUapi.BTF_KIND_FUNC;
        }
    }

    /** One {@code struct btf_param} of a FUNC_PROTO: name_off, type (8 bytes). */
    record Param(String name, int type) {
    }

    /**
     * BTF_KIND_FUNC_PROTO: the return type is in {@code type} (0 for void), then vlen params. A
     * last param with type 0 and no name means {@code ...}.
     */
    record FuncProto(int id, String name, int returnType, List<Param> params) implements BtfType {
        public FuncProto {
            params = List.copyOf(params);
        }

        @Override
        public int kind() {
            return BtfUapi.BTF_KIND_FUNC_PROTO;
        }

        /** True when the last parameter is {@code ...}. */
        public boolean isVariadic() {
            return !params.isEmpty() && params.get(params.size() - 1).type() == 0;
        }
    }

    /**
     * BTF_KIND_VAR: after the btf_type, a {@code struct btf_var} holding the linkage.
     *
     * @param linkage {@code BTF_VAR_STATIC}, {@code BTF_VAR_GLOBAL_ALLOCATED} or
     *     {@code BTF_VAR_GLOBAL_EXTERN}
     */
    record Var(int id, String name, int type, int linkage) implements Referring {
        @Override
        public int kind() {
            return BtfUapi.BTF_KIND_VAR;
        }
    }

    /**
     * One {@code struct btf_var_secinfo} of a DATASEC: type, offset, size (12 bytes).
     *
     * @param type the VAR (or, in {@code .ksyms}, FUNC) placed in the section
     * @param offset its byte offset in the ELF section
     * @param size its size in bytes
     */
    record VarSecinfo(int type, long offset, long size) {
    }

    /**
     * BTF_KIND_DATASEC: a data section ({@code .data}, {@code .maps}...) and the variables in it.
     * In an object clang wrote, size and the offsets are 0 until the loader fills them in from the
     * ELF section and symbols ({@link Btf#withDatasecLayout}).
     */
    record Datasec(int id, String name, long size, List<VarSecinfo> vars) implements BtfType {
        public Datasec {
            vars = List.copyOf(vars);
        }

        @Override
        public int kind() {
            return BtfUapi.BTF_KIND_DATASEC;
        }
    }

    /** BTF_KIND_FLOAT: size in bytes (2, 4, 8, 12 or 16). */
    record Float(int id, String name, long size) implements BtfType {
        @Override
        public int kind() {
            return BtfUapi.BTF_KIND_FLOAT;
        }
    }

    /**
     * BTF_KIND_DECL_TAG: the attribute string is the name, {@code type} the tagged declaration;
     * after the btf_type a {@code struct btf_decl_tag} holding the s32 component index.
     *
     * @param componentIdx -1 for the declaration itself, else the member or parameter index
     */
    record DeclTag(int id, String name, int type, int componentIdx) implements Referring {
        @Override
        public int kind() {
            return BtfUapi.BTF_KIND_DECL_TAG;
        }
    }
}

package org.jxdp.engine.btf;

/**
 * The constants of the BPF Type Format under their Linux names: {@code include/uapi/linux/btf.h}
 * (magic, kinds, integer encodings, linkages, limits) and the CO-RE relocation kinds of
 * {@code enum bpf_core_relo_kind} ({@code include/uapi/linux/bpf.h}).
 *
 * <p>The {@code info} word of every {@code struct btf_type} packs the kind, its flag and its
 * count of trailing records:
 * <pre>
 *   31  30  29 28         24 23        16 15                  0
 *   +---+------+-------------+------------+---------------------+
 *   |kf |  0   |    kind     |     0      |        vlen         |
 *   +---+------+-------------+------------+---------------------+
 * </pre>
 */
public final class BtfUapi {
    private BtfUapi() {
    }

    // ---- header ----
    /** The first two bytes of .BTF and .BTF.ext, read in the byte order of the object. */
    public static final int BTF_MAGIC = 0xeB9F;
    /** The only BTF format version there is. */
    public static final int BTF_VERSION = 1;
    /** The largest type id the kernel accepts. */
    public static final int BTF_MAX_TYPE = 0x000fffff;
    /** The largest string offset the kernel accepts. */
    public static final int BTF_MAX_NAME_OFFSET = 0x00ffffff;
    /** The largest vlen (member, enumerator, parameter or variable count). */
    public static final int BTF_MAX_VLEN = 0xffff;

    // ---- kinds (bits 24-28 of info) ----
    /** Not a kind: the kernel's placeholder for "unknown"; never valid in a type section. */
    public static final int BTF_KIND_UNKN = 0;
    /** Integer: size, then a u32 with encoding, bit offset and bit count. */
    public static final int BTF_KIND_INT = 1;
    /** Pointer to {@code type}. */
    public static final int BTF_KIND_PTR = 2;
    /** Array: a {@code struct btf_array} (element type, index type, element count). */
    public static final int BTF_KIND_ARRAY = 3;
    /** Struct: size, then vlen {@code struct btf_member}. */
    public static final int BTF_KIND_STRUCT = 4;
    /** Union: size, then vlen {@code struct btf_member}. */
    public static final int BTF_KIND_UNION = 5;
    /** Enumeration with 32-bit values: size, then vlen {@code struct btf_enum}; kind_flag = signed. */
    public static final int BTF_KIND_ENUM = 6;
    /** Forward declaration of a struct (kind_flag 0) or union (kind_flag 1). */
    public static final int BTF_KIND_FWD = 7;
    /** Typedef naming {@code type}. */
    public static final int BTF_KIND_TYPEDEF = 8;
    /** {@code volatile} qualifier of {@code type}. */
    public static final int BTF_KIND_VOLATILE = 9;
    /** {@code const} qualifier of {@code type}. */
    public static final int BTF_KIND_CONST = 10;
    /** {@code restrict} qualifier of {@code type}. */
    public static final int BTF_KIND_RESTRICT = 11;
    /** Function: {@code type} is its FUNC_PROTO, vlen is its linkage. */
    public static final int BTF_KIND_FUNC = 12;
    /** Function prototype: {@code type} is the return type, then vlen {@code struct btf_param}. */
    public static final int BTF_KIND_FUNC_PROTO = 13;
    /** Variable: {@code type} is its type, then a {@code struct btf_var} (linkage). */
    public static final int BTF_KIND_VAR = 14;
    /** Data section: size, then vlen {@code struct btf_var_secinfo}. */
    public static final int BTF_KIND_DATASEC = 15;
    /** Floating point number of {@code size} bytes. */
    public static final int BTF_KIND_FLOAT = 16;
    /** Declaration tag on {@code type}, then a {@code struct btf_decl_tag} (component index). */
    public static final int BTF_KIND_DECL_TAG = 17;
    /** Type tag on {@code type}. */
    public static final int BTF_KIND_TYPE_TAG = 18;
    /** Enumeration with 64-bit values: size, then vlen {@code struct btf_enum64}; kind_flag = signed. */
    public static final int BTF_KIND_ENUM64 = 19;
    /** The highest kind this parser knows. */
    public static final int BTF_KIND_MAX = BTF_KIND_ENUM64;

    // ---- BTF_KIND_INT encoding (bits 24-27 of the int word) ----
    /** The integer is signed. */
    public static final int BTF_INT_SIGNED = 1 << 0;
    /** The integer is a character (for pretty printing). */
    public static final int BTF_INT_CHAR = 1 << 1;
    /** The integer is a boolean (for pretty printing). */
    public static final int BTF_INT_BOOL = 1 << 2;

    // ---- BTF_KIND_FUNC linkage (vlen) ----
    /** A static function. */
    public static final int BTF_FUNC_STATIC = 0;
    /** A global function. */
    public static final int BTF_FUNC_GLOBAL = 1;
    /** An extern function (defined elsewhere, e.g. a kfunc). */
    public static final int BTF_FUNC_EXTERN = 2;

    // ---- BTF_KIND_VAR linkage (struct btf_var) ----
    /** A static variable. */
    public static final int BTF_VAR_STATIC = 0;
    /** A global variable allocated in this object. */
    public static final int BTF_VAR_GLOBAL_ALLOCATED = 1;
    /** An extern variable (defined elsewhere, e.g. a ksym or kconfig value). */
    public static final int BTF_VAR_GLOBAL_EXTERN = 2;

    // ---- enum bpf_core_relo_kind ----
    /** CO-RE: the byte offset of a field. */
    public static final int BPF_CORE_FIELD_BYTE_OFFSET = 0;
    /** CO-RE: the byte size of a field. */
    public static final int BPF_CORE_FIELD_BYTE_SIZE = 1;
    /** CO-RE: whether a field exists in the target. */
    public static final int BPF_CORE_FIELD_EXISTS = 2;
    /** CO-RE: whether a field is signed. */
    public static final int BPF_CORE_FIELD_SIGNED = 3;
    /** CO-RE: the left shift that extracts a bitfield from a u64. */
    public static final int BPF_CORE_FIELD_LSHIFT_U64 = 4;
    /** CO-RE: the right shift that extracts a bitfield from a u64. */
    public static final int BPF_CORE_FIELD_RSHIFT_U64 = 5;
    /** CO-RE: the type id in the program's own BTF. */
    public static final int BPF_CORE_TYPE_ID_LOCAL = 6;
    /** CO-RE: the type id in the target BTF. */
    public static final int BPF_CORE_TYPE_ID_TARGET = 7;
    /** CO-RE: whether a type exists in the target. */
    public static final int BPF_CORE_TYPE_EXISTS = 8;
    /** CO-RE: the byte size of a type. */
    public static final int BPF_CORE_TYPE_SIZE = 9;
    /** CO-RE: whether an enumerator exists in the target. */
    public static final int BPF_CORE_ENUMVAL_EXISTS = 10;
    /** CO-RE: the value of an enumerator in the target. */
    public static final int BPF_CORE_ENUMVAL_VALUE = 11;
    /** CO-RE: whether a type matches the target's type of the same name. */
    public static final int BPF_CORE_TYPE_MATCHES = 12;

    private static final String[] KIND_NAMES = {
        "UNKN", "INT", "PTR", "ARRAY", "STRUCT", "UNION", "ENUM", "FWD", "TYPEDEF", "VOLATILE", "CONST",
        "RESTRICT", "FUNC", "FUNC_PROTO", "VAR", "DATASEC", "FLOAT", "DECL_TAG", "TYPE_TAG", "ENUM64",
    };

    private static final String[] CORE_RELO_NAMES = {
        "field_byte_offset", "field_byte_size", "field_exists", "field_signed", "field_lshift_u64",
        "field_rshift_u64", "type_id_local", "type_id_target", "type_exists", "type_size", "enumval_exists",
        "enumval_value", "type_matches",
    };

    /** The kernel's short name of a kind ({@code STRUCT} for {@code BTF_KIND_STRUCT}), or {@code UNKN(n)}. */
    public static String kindName(int kind) {
        return kind > BTF_KIND_UNKN && kind <= BTF_KIND_MAX ? KIND_NAMES[kind] : "UNKN(" + kind + ")";
    }

    /** libbpf's name of a CO-RE relocation kind ({@code field_byte_offset}), or {@code unknown(n)}. */
    public static String coreReloKindName(int kind) {
        return kind >= 0 && kind < CORE_RELO_NAMES.length ? CORE_RELO_NAMES[kind] : "unknown(" + kind + ")";
    }
}

package org.jxdp.engine.btf;

import java.nio.ByteOrder;

/**
 * Test-only: a hand-built .BTF with every kind and every flag a kind can carry (signed and
 * unsigned ENUM and ENUM64, FWD union, bitfields, every linkage, decl tags on a member and a
 * parameter, a type tag, a variadic prototype), and the ids tests look up in it.
 */
final class EveryKind {
    private EveryKind() {
    }

    static final int INT = 1;
    static final int PTR_TO_INT = 2;
    static final int ARRAY_OF_INT = 3;
    static final int STRUCT_FLOW = 4;
    static final int UNION_ADDR = 5;
    static final int ENUM_SIGNED = 6;
    static final int ENUM_UNSIGNED = 7;
    static final int FWD_UNION = 8;
    static final int TYPEDEF_U32 = 9;
    static final int VOLATILE = 10;
    static final int CONST = 11;
    static final int RESTRICT = 12;
    static final int FUNC_PROTO = 13;
    static final int FUNC = 14;
    static final int VAR = 15;
    static final int DATASEC = 16;
    static final int FLOAT = 17;
    static final int DECL_TAG_MEMBER = 18;
    static final int TYPE_TAG = 19;
    static final int ENUM64 = 20;
    static final int UINT = 21;
    static final int STRUCT_BITS = 22;
    static final int FUNC_EXTERN = 23;
    static final int VAR_STATIC = 24;
    static final int DECL_TAG_PARAM = 25;
    static final int ENUM64_SIGNED = 26;
    static final int PTR_TO_TAG = 27;
    static final int ARRAY_2D = 28;
    static final int FWD_STRUCT = 29;
    static final int VAR_EXTERN = 30;

    static byte[] build(ByteOrder order) {
        BtfBuilder b = new BtfBuilder(order);
        b.integer("int", 4, BtfUapi.BTF_INT_SIGNED, 32); // 1
        b.ptr(INT); // 2
        b.array(INT, UINT, 4); // 3
        b.struct("flow", 24, b.member("saddr", TYPEDEF_U32, 0), b.member("daddr", TYPEDEF_U32, 32),
                b.member("addr", UNION_ADDR, 64), b.member("", STRUCT_BITS, 128), b.member("next", PTR_TO_INT, 128 + 64)); // 4
        b.composite(BtfUapi.BTF_KIND_UNION, "addr", 4, false, b.member("v4", TYPEDEF_U32, 0),
                b.member("bytes", ARRAY_OF_INT, 0)); // 5
        b.enumeration("signed_e", 4, true, new Object[] {"NEG", -5L}, new Object[] {"POS", 7L}); // 6
        b.enumeration("unsigned_e", 4, false, new Object[] {"BIG", 0xfffffff0L}); // 7
        b.raw("later", BtfBuilder.info(BtfUapi.BTF_KIND_FWD, true, 0), 0); // 8
        b.typedef("__u32", UINT); // 9
        b.ref(BtfUapi.BTF_KIND_VOLATILE, "", INT); // 10
        b.ref(BtfUapi.BTF_KIND_CONST, "", VOLATILE); // 11
        b.ref(BtfUapi.BTF_KIND_RESTRICT, "", PTR_TO_INT); // 12
        b.funcProto(INT, b.param("ctx", PTR_TO_INT), b.param("n", TYPEDEF_U32), b.param("", 0)); // 13
        b.func("handler", FUNC_PROTO, BtfUapi.BTF_FUNC_GLOBAL); // 14
        b.var("counter", TYPEDEF_U32, BtfUapi.BTF_VAR_GLOBAL_ALLOCATED); // 15
        b.datasec(".data", 8, VAR, 0, 4, VAR_STATIC, 4, 4); // 16
        b.raw("double", BtfBuilder.info(BtfUapi.BTF_KIND_FLOAT, false, 0), 8); // 17
        b.raw("member_tag", BtfBuilder.info(BtfUapi.BTF_KIND_DECL_TAG, false, 0), STRUCT_FLOW, 1); // 18
        b.ref(BtfUapi.BTF_KIND_TYPE_TAG, "user", INT); // 19
        b.enum64("wide", 8, false, new Object[] {"HUGE", 0xfedcba9876543210L}, new Object[] {"ONE", 1L}); // 20
        b.integer("unsigned int", 4, 0, 32); // 21
        b.composite(BtfUapi.BTF_KIND_STRUCT, "bits", 8, true, b.member("a", UINT, 3L << 24),
                b.member("b", UINT, 5L << 24 | 3), b.member("c", INT, 32)); // 22
        b.func("helper", FUNC_PROTO, BtfUapi.BTF_FUNC_EXTERN); // 23
        b.var("local", INT, BtfUapi.BTF_VAR_STATIC); // 24
        b.raw("param_tag", BtfBuilder.info(BtfUapi.BTF_KIND_DECL_TAG, false, 0), FUNC, 0); // 25
        b.enum64("swide", 8, true, new Object[] {"MIN", Long.MIN_VALUE}, new Object[] {"M1", -1L}); // 26
        b.ptr(TYPE_TAG); // 27
        b.array(ARRAY_OF_INT, UINT, 3); // 28
        b.raw("task", BtfBuilder.info(BtfUapi.BTF_KIND_FWD, false, 0), 0); // 29
        b.var("jiffies", 0, BtfUapi.BTF_VAR_GLOBAL_EXTERN); // 30
        return b.build();
    }
}

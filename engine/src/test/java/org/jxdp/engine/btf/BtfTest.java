package org.jxdp.engine.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The questions the loader asks of a parsed .BTF: types by id and name, resolution, sizes, members, C names. */
class BtfTest {

    private static Btf everyKind() throws BtfException {
        return Btf.parse(EveryKind.build(ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void decodesEveryKindWithItsRecords() throws BtfException {
        Btf btf = everyKind();
        assertThat(btf.maxTypeId()).isEqualTo(30);
        assertThat(btf.type(0)).isEqualTo(new BtfType.Void());
        assertThat(btf.type(EveryKind.INT)).isEqualTo(new BtfType.Int(1, "int", 4, BtfUapi.BTF_INT_SIGNED, 0, 32));
        assertThat(btf.type(EveryKind.INT, BtfType.Int.class).isSigned()).isTrue();
        assertThat(btf.type(EveryKind.ARRAY_OF_INT)).isEqualTo(new BtfType.Array(3, "", EveryKind.INT, EveryKind.UINT, 4));
        BtfType.Struct bits = btf.type(EveryKind.STRUCT_BITS, BtfType.Struct.class);
        assertThat(bits.bitfieldOffsets()).isTrue();
        assertThat(bits.members()).containsExactly(new BtfType.Member("a", EveryKind.UINT, 0, 3),
                new BtfType.Member("b", EveryKind.UINT, 3, 5), new BtfType.Member("c", EveryKind.INT, 32, 0));
        assertThat(btf.type(EveryKind.UNION_ADDR, BtfType.Union.class).members()).extracting(BtfType.Member::name)
                .containsExactly("v4", "bytes");
        assertThat(btf.type(EveryKind.ENUM_SIGNED, BtfType.Enum.class).values())
                .containsExactly(new BtfType.Enumerator("NEG", -5), new BtfType.Enumerator("POS", 7));
        assertThat(btf.type(EveryKind.ENUM_UNSIGNED, BtfType.Enum.class).values())
                .containsExactly(new BtfType.Enumerator("BIG", 0xfffffff0L));
        assertThat(btf.type(EveryKind.ENUM64, BtfType.Enum64.class).values().get(0).value()).isEqualTo(0xfedcba9876543210L);
        assertThat(btf.type(EveryKind.ENUM64_SIGNED, BtfType.Enum64.class).values().get(0).value()).isEqualTo(Long.MIN_VALUE);
        assertThat(btf.type(EveryKind.FWD_UNION)).isEqualTo(new BtfType.Fwd(8, "later", true));
        assertThat(btf.type(EveryKind.FUNC)).isEqualTo(new BtfType.Func(14, "handler", EveryKind.FUNC_PROTO,
                BtfUapi.BTF_FUNC_GLOBAL));
        assertThat(btf.type(EveryKind.FUNC_EXTERN, BtfType.Func.class).linkage()).isEqualTo(BtfUapi.BTF_FUNC_EXTERN);
        BtfType.FuncProto proto = btf.type(EveryKind.FUNC_PROTO, BtfType.FuncProto.class);
        assertThat(proto.isVariadic()).isTrue();
        assertThat(proto.params()).startsWith(new BtfType.Param("ctx", EveryKind.PTR_TO_INT));
        assertThat(btf.type(EveryKind.VAR_STATIC)).isEqualTo(new BtfType.Var(24, "local", EveryKind.INT,
                BtfUapi.BTF_VAR_STATIC));
        assertThat(btf.type(EveryKind.DATASEC, BtfType.Datasec.class).vars()).containsExactly(
                new BtfType.VarSecinfo(EveryKind.VAR, 0, 4), new BtfType.VarSecinfo(EveryKind.VAR_STATIC, 4, 4));
        assertThat(btf.type(EveryKind.DECL_TAG_MEMBER)).isEqualTo(new BtfType.DeclTag(18, "member_tag",
                EveryKind.STRUCT_FLOW, 1));
        assertThat(btf.type(EveryKind.TYPE_TAG)).isEqualTo(new BtfType.TypeTag(19, "user", EveryKind.INT));
        assertThat(btf.type(EveryKind.FLOAT)).isEqualTo(new BtfType.Float(17, "double", 8));
        assertThat(btf.offsetOf(1)).isEqualTo(24);
        assertThat(btf.offsetOf(2)).isEqualTo(24 + 16);
        assertThat(btf.offsetOf(0)).isEqualTo(-1);
        assertThat(btf.types()).hasSize(31);
        assertThat(Btf.parse(EveryKind.build(ByteOrder.BIG_ENDIAN)).types()).isEqualTo(btf.types());
    }

    @Test
    void unknownIdsAndWrongKindsAreReported() throws BtfException {
        Btf btf = everyKind();
        assertThatThrownBy(() -> btf.type(31)).isInstanceOf(BtfException.class)
                .hasMessage(".BTF: type 31: no such type (the last id is 30)");
        assertThatThrownBy(() -> btf.type(-1)).hasMessage(".BTF: type 4294967295: no such type (the last id is 30)");
        assertThatThrownBy(() -> btf.type(EveryKind.INT, BtfType.Struct.class))
                .hasMessage(".BTF: type 1 at offset 0x18: is INT 'int', not a STRUCT");
        assertThatThrownBy(() -> btf.name(40)).isInstanceOf(BtfException.class);
    }

    @Test
    void resolvesThroughTypedefsQualifiersAndTags() throws BtfException {
        Btf btf = everyKind();
        assertThat(btf.resolve(EveryKind.CONST).id()).isEqualTo(EveryKind.INT);
        assertThat(btf.resolve(EveryKind.TYPEDEF_U32).id()).isEqualTo(EveryKind.UINT);
        assertThat(btf.resolve(EveryKind.TYPE_TAG).id()).isEqualTo(EveryKind.INT);
        assertThat(btf.resolveId(EveryKind.RESTRICT)).isEqualTo(EveryKind.PTR_TO_INT);
        assertThat(btf.resolveId(EveryKind.PTR_TO_TAG)).as("a pointer is not skipped").isEqualTo(EveryKind.PTR_TO_TAG);
        assertThat(btf.resolveId(0)).isZero();
    }

    @Test
    void sizesOfEveryKindThatHasOne() throws BtfException {
        Btf btf = everyKind();
        Map<Integer, Long> sizes = Map.ofEntries(Map.entry(EveryKind.INT, 4L), Map.entry(EveryKind.PTR_TO_INT, 8L),
                Map.entry(EveryKind.ARRAY_OF_INT, 16L), Map.entry(EveryKind.ARRAY_2D, 48L),
                Map.entry(EveryKind.STRUCT_FLOW, 24L), Map.entry(EveryKind.UNION_ADDR, 4L),
                Map.entry(EveryKind.ENUM_SIGNED, 4L), Map.entry(EveryKind.ENUM64, 8L), Map.entry(EveryKind.FLOAT, 8L),
                Map.entry(EveryKind.TYPEDEF_U32, 4L), Map.entry(EveryKind.CONST, 4L), Map.entry(EveryKind.RESTRICT, 8L),
                Map.entry(EveryKind.TYPE_TAG, 4L), Map.entry(EveryKind.VAR, 4L), Map.entry(EveryKind.DATASEC, 8L));
        for (Map.Entry<Integer, Long> e : sizes.entrySet()) {
            assertThat(btf.sizeOf(e.getKey())).as(btf.render(e.getKey())).isEqualTo(e.getValue());
        }
        for (int id : List.of(0, EveryKind.FUNC, EveryKind.FUNC_PROTO, EveryKind.FWD_UNION, EveryKind.DECL_TAG_MEMBER,
                EveryKind.VAR_EXTERN)) {
            assertThatThrownBy(() -> btf.sizeOf(id)).as("type " + id).isInstanceOf(BtfException.class)
                    .hasMessageEndingWith(" has no size");
        }
        assertThatThrownBy(() -> btf.sizeOf(EveryKind.FWD_UNION))
                .hasMessage(".BTF: type 8 at offset 0x" + Long.toHexString(btf.offsetOf(8)) + ": FWD 'later' has no size");
        assertThatThrownBy(() -> btf.sizeOf(0)).hasMessage(".BTF: type 0: void has no size");
        assertThatThrownBy(() -> btf.sizeOf(EveryKind.VAR_EXTERN)).hasMessage(".BTF: type 30 at offset 0x"
                + Long.toHexString(btf.offsetOf(30)) + ": VAR 'jiffies' is made of void, which has no size");
    }

    @Test
    void findsMembersIncludingThoseOfAnonymousMembers() throws BtfException {
        Btf btf = everyKind();
        assertThat(btf.member(EveryKind.STRUCT_FLOW, "daddr").orElseThrow().byteOffset()).isEqualTo(4);
        assertThat(btf.member(EveryKind.STRUCT_FLOW, "next").orElseThrow()).isEqualTo(
                new BtfType.Member("next", EveryKind.PTR_TO_INT, 192, 0));
        // "c" and the bitfield "b" live in the anonymous struct bits at bit 128
        assertThat(btf.member(EveryKind.STRUCT_FLOW, "c").orElseThrow().byteOffset()).isEqualTo(20);
        assertThat(btf.member(EveryKind.STRUCT_FLOW, "b").orElseThrow()).isEqualTo(
                new BtfType.Member("b", EveryKind.UINT, 131, 5));
        assertThat(btf.member(EveryKind.UNION_ADDR, "bytes").orElseThrow().byteOffset()).isZero();
        assertThat(btf.member(EveryKind.STRUCT_FLOW, "nosuch")).isEmpty();
        assertThatThrownBy(() -> btf.member(EveryKind.PTR_TO_INT, "x"))
                .hasMessage(".BTF: type 2 at offset 0x28: is PTR (anon), not a struct or union");
    }

    @Test
    void findsByName() throws BtfException {
        Btf btf = everyKind();
        assertThat(btf.datasec(".data").orElseThrow().id()).isEqualTo(EveryKind.DATASEC);
        assertThat(btf.var("counter").orElseThrow().id()).isEqualTo(EveryKind.VAR);
        assertThat(btf.func("handler").orElseThrow().id()).isEqualTo(EveryKind.FUNC);
        assertThat(btf.func("counter")).isEmpty();
        assertThat(btf.datasec(".maps")).isEmpty();
        assertThat(btf.find("later", BtfType.Fwd.class)).isPresent();
        assertThat(btf.idsNamed("int")).containsExactly(EveryKind.INT);
        assertThat(btf.idsNamed("nosuch")).isEmpty();
    }

    @Test
    void rendersTypesInCSyntax() throws BtfException {
        Btf btf = everyKind();
        assertThat(btf.render(0)).isEqualTo("void");
        assertThat(btf.render(EveryKind.INT)).isEqualTo("int");
        assertThat(btf.render(EveryKind.PTR_TO_INT)).isEqualTo("int *");
        assertThat(btf.render(EveryKind.ARRAY_OF_INT)).isEqualTo("int [4]");
        assertThat(btf.render(EveryKind.ARRAY_2D)).isEqualTo("int [3][4]");
        assertThat(btf.render(EveryKind.STRUCT_FLOW)).isEqualTo("struct flow");
        assertThat(btf.render(EveryKind.UNION_ADDR)).isEqualTo("union addr");
        assertThat(btf.render(EveryKind.ENUM64)).isEqualTo("enum wide");
        assertThat(btf.render(EveryKind.FWD_UNION)).isEqualTo("union later");
        assertThat(btf.render(EveryKind.FWD_STRUCT)).isEqualTo("struct task");
        assertThat(btf.render(EveryKind.TYPEDEF_U32)).isEqualTo("__u32");
        assertThat(btf.render(EveryKind.CONST)).isEqualTo("const volatile int");
        assertThat(btf.render(EveryKind.RESTRICT)).isEqualTo("int *restrict");
        assertThat(btf.render(EveryKind.FUNC_PROTO)).isEqualTo("int (int *, __u32, ...)");
        assertThat(btf.render(EveryKind.FUNC)).isEqualTo("int handler(int *, __u32, ...)");
        assertThat(btf.render(EveryKind.VAR)).isEqualTo("__u32 counter");
        assertThat(btf.render(EveryKind.DATASEC)).isEqualTo("section .data");
        assertThat(btf.render(EveryKind.FLOAT)).isEqualTo("double");
        assertThat(btf.render(EveryKind.PTR_TO_TAG)).isEqualTo("__attribute__((btf_type_tag(\"user\"))) int *");
        assertThat(btf.render(EveryKind.DECL_TAG_MEMBER)).isEqualTo("btf_decl_tag(\"member_tag\") on struct flow component 1");
        assertThat(btf.render(EveryKind.VAR_EXTERN)).isEqualTo("void jiffies");
        assertThat(btf.render(99)).isEqualTo("<no type 99>");

        BtfBuilder b = new BtfBuilder();
        int i = b.integer("int", 4, BtfUapi.BTF_INT_SIGNED, 32); // 1
        int arr = b.array(i, i, 4); // 2
        int ptrArr = b.ptr(arr); // 3
        int c = b.integer("char", 1, BtfUapi.BTF_INT_SIGNED, 8); // 4
        int constChar = b.ref(BtfUapi.BTF_KIND_CONST, "", c); // 5
        int ptrConstChar = b.ptr(constChar); // 6
        int constPtr = b.ref(BtfUapi.BTF_KIND_CONST, "", ptrConstChar); // 7
        int proto = b.funcProto(0); // 8
        int ptrProto = b.ptr(proto); // 9
        int arrOfFnPtrs = b.array(ptrProto, i, 2); // 10
        int anon = b.struct("", 4, b.member("x", i, 0)); // 11
        int ptrPtr = b.ptr(b.ptr(anon)); // 13
        int constArr = b.ref(BtfUapi.BTF_KIND_CONST, "", arr); // 14
        int ptrConstArr = b.ptr(constArr); // 15
        Btf own = Btf.parse(b.build());
        assertThat(own.render(ptrArr)).isEqualTo("int (*)[4]");
        assertThat(own.render(ptrConstChar)).isEqualTo("const char *");
        assertThat(own.render(constPtr)).isEqualTo("const char *const");
        assertThat(own.render(ptrProto)).isEqualTo("void (*)(void)");
        assertThat(own.render(arrOfFnPtrs)).isEqualTo("void (*[2])(void)");
        assertThat(own.render(ptrPtr)).isEqualTo("struct {...} **");
        assertThat(own.render(ptrConstArr)).isEqualTo("const int (*)[4]");
    }

    /** What clang writes for real declarations, rendered back. */
    @Test
    void rendersClangsTypesLikeTheirDeclarations(@TempDir Path dir) throws Exception {
        Btf btf = Btf.parse(TestObjects.sections(TestObjects.compile("kinds.c", dir, "bpf"), dir).btf());
        assertThat(btf.render(btf.var("fp").orElseThrow().id())).isEqualTo("int (*fp)(struct xdp_md *, int)");
        assertThat(btf.render(btf.var("buf").orElseThrow().id())).isEqualTo("char buf[3][5]");
        assertThat(btf.render(btf.var("rp").orElseThrow().id())).isEqualTo("struct bits *restrict rp");
        assertThat(btf.render(btf.var("gbits").orElseThrow().id())).isEqualTo("const volatile struct bits gbits");
        assertThat(btf.render(btf.var("gc").orElseThrow().id())).isEqualTo("color_t gc");
        assertThat(btf.render(btf.func("prog").orElseThrow().id())).isEqualTo("int prog(struct xdp_md *)");
        int xdpMd = btf.find("xdp_md", BtfType.Struct.class).orElseThrow().id();
        assertThat(btf.member(xdpMd, "data_end").orElseThrow().byteOffset()).isEqualTo(4);
        assertThat(btf.member(xdpMd, "rx_queue_index").orElseThrow().byteOffset()).isEqualTo(16);
        assertThat(btf.sizeOf(xdpMd)).isEqualTo(24);
        int bits = btf.find("bits", BtfType.Struct.class).orElseThrow().id();
        assertThat(btf.member(bits, "ch").orElseThrow().byteOffset()).as("inside the anonymous union").isEqualTo(8);
        assertThat(btf.sizeOf(btf.var("buf").orElseThrow().id())).isEqualTo(15);
    }

    @Test
    void datasecLayoutComesFromTheElf() throws BtfException {
        Btf btf = everyKind();
        Btf laid = btf.withDatasecLayout(".data", 64, Map.of("counter", 8L, "local", 32L));
        assertThat(laid.datasec(".data").orElseThrow()).isEqualTo(new BtfType.Datasec(EveryKind.DATASEC, ".data", 64,
                List.of(new BtfType.VarSecinfo(EveryKind.VAR, 8, 4), new BtfType.VarSecinfo(EveryKind.VAR_STATIC, 32, 4))));
        assertThat(btf.datasec(".data").orElseThrow().size()).as("the original is unchanged").isEqualTo(8);
        assertThat(laid.type(EveryKind.STRUCT_FLOW)).isEqualTo(btf.type(EveryKind.STRUCT_FLOW));
        assertThatThrownBy(() -> btf.withDatasecLayout(".data", 64, Map.of("counter", 62L, "local", 0L)))
                .hasMessageEndingWith("variable 'counter' at offset 62 with size 4 does not fit in the section's 64 bytes");
    }
}

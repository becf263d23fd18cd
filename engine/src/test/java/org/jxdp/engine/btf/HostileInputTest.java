package org.jxdp.engine.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Well-formed sections built to make a naive parser slow or hungry: names that are suffixes of
 * one long string, anonymous members that fan out, thousands of maps, self-referring
 * prototypes. Each finishes quickly, with an answer or a {@link BtfException}.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HostileInputTest {

    private static String longName(int length) {
        return "x".repeat(length);
    }

    /** 15,000 types named by offsets 1, 2, 3... into one 200 KB string would decode 3 GB of names. */
    @Test
    void namesInsideOneLongStringAreBounded() {
        BtfBuilder b = new BtfBuilder();
        b.str(longName(200_000));
        for (int i = 0; i < 15_000; i++) {
            b.raw("", BtfBuilder.info(BtfUapi.BTF_KIND_FWD, false, 0), 0);
        }
        byte[] section = b.build();
        java.nio.ByteBuffer p = java.nio.ByteBuffer.wrap(section).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 15_000; i++) {
            p.putInt(24 + 12 * i, 1 + i);
        }
        assertThatThrownBy(() -> Btf.parse(section)).isInstanceOf(BtfException.class)
                .hasMessageMatching("\\.BTF: type \\d+ \\(FWD\\) at offset 0x[0-9a-f]+: the strings referred to so far add up "
                        + "to more than 865544 bytes, 4 times the string table \\(offsets into the middle of long strings\\?\\)");
    }

    @Test
    void lineTextsInsideOneLongStringAreBounded() throws BtfException {
        BtfBuilder b = new BtfBuilder();
        int text = b.str(longName(100_000));
        long[][] records = new long[20_000][];
        for (int i = 0; i < records.length; i++) {
            records[i] = new long[] {8L * i, text + i, text + i, 1 << 10};
        }
        byte[] ext = b.ext(b.extInfo(8), b.extInfo(16, "xdp", records), null);
        Btf btf = Btf.parse(b.build());
        assertThatThrownBy(() -> BtfExt.parse(ext, btf)).isInstanceOf(BtfException.class)
                .hasMessageContaining("the strings referred to so far add up to more than");
    }

    /** Real objects name each string once: the budget is far above what they use. */
    @Test
    void repeatedNamesCostNothing() throws BtfException {
        BtfBuilder b = new BtfBuilder();
        for (int i = 0; i < 20_000; i++) {
            b.raw(longName(100), BtfBuilder.info(BtfUapi.BTF_KIND_FWD, false, 0), 0);
        }
        assertThat(Btf.parse(b.build()).maxTypeId()).isEqualTo(20_000);
    }

    /** Five levels of 1,000 anonymous members each: 10^15 paths, each composite searched once. */
    @Test
    void memberSearchThroughFanningAnonymousMembersIsLinear() throws BtfException {
        BtfBuilder b = new BtfBuilder();
        int level = b.struct("leaf", 4, b.member("x", 0, 0));
        for (int depth = 0; depth < 5; depth++) {
            Object[][] members = new Object[1000][];
            for (int i = 0; i < members.length; i++) {
                members[i] = b.member("", level, 0);
            }
            level = b.struct("", 4, members);
        }
        Btf btf = Btf.parse(b.build());
        assertThat(btf.member(level, "nosuch")).isEmpty();
        assertThat(btf.member(level, "x").orElseThrow().byteOffset()).isZero();
    }

    /** A struct whose anonymous members are itself: the search stops at the depth bound. */
    @Test
    void memberSearchThroughASelfContainingStructEnds() throws BtfException {
        BtfBuilder b = new BtfBuilder();
        Object[][] members = new Object[500][];
        for (int i = 0; i < members.length; i++) {
            members[i] = b.member("", 1, 0);
        }
        b.struct("", 4, members);
        assertThat(Btf.parse(b.build()).member(1, "x")).isEmpty();
    }

    /**
     * 60,000 maps in .maps: the overlap check sorts instead of comparing every pair (which takes
     * 6 s on the development machine; this takes well under 1 s).
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.SECONDS)
    void manyMapsDecodeQuickly() throws BtfException {
        BtfBuilder b = new BtfBuilder();
        int intType = b.integer("int", 4, BtfUapi.BTF_INT_SIGNED, 32);
        int array = b.array(intType, intType, 2);
        int def = b.struct("", 8, b.member("type", b.ptr(array), 0));
        int var = b.var("m", def, 1);
        long[] entries = new long[60_000 * 3];
        for (int i = 0; i < 60_000; i++) {
            entries[3 * i] = var;
            entries[3 * i + 1] = 8L * i;
            entries[3 * i + 2] = 8;
        }
        b.datasec(".maps", 8 * 60_000, entries);
        assertThat(MapDefinition.decodeAll(Btf.parse(b.build()))).hasSize(60_000);
    }

    /** A prototype with 3,000 parameters that point back at it: rendering is bounded. */
    @Test
    void renderingASelfReferringPrototypeIsBounded() throws BtfException {
        BtfBuilder b = new BtfBuilder();
        Object[][] params = new Object[3000][];
        for (int i = 0; i < params.length; i++) {
            params[i] = b.param("p", 2);
        }
        b.funcProto(0, params); // 1
        b.ptr(1); // 2
        Btf btf = Btf.parse(b.build());
        String text = btf.render(2);
        assertThat(text).startsWith("void (*)(").contains("...");
        assertThat(text.length()).isLessThan(100_000);
    }
}

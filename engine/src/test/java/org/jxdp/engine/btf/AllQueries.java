package org.jxdp.engine.btf;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test-only: parses a .BTF (and .BTF.ext) and asks every question of every type, as the
 * robustness tests and the fuzz target need: the only exception allowed out of any of it is a
 * {@link BtfException} that names an offset in its section.
 */
final class AllQueries {
    private AllQueries() {
    }

    /** Parses and queries; returns the number of types, or -1 when the input was refused (properly). */
    static int run(byte[] btfBytes, byte[] extBytes) {
        Btf btf;
        try {
            btf = Btf.parse(btfBytes);
        } catch (BtfException e) {
            assertNamesAnOffset(e, ".BTF");
            return -1;
        }
        for (BtfType t : btf.types().subList(1, btf.types().size())) {
            query(btf, t);
        }
        try {
            MapDefinition.decodeAll(btf);
        } catch (BtfException e) {
            assertNamesAnOffset(e, ".BTF");
        }
        if (extBytes != null) {
            try {
                BtfExt ext = BtfExt.parse(extBytes, btf);
                for (String s : ext.sections()) {
                    LineTable lines = ext.lineInfo(s);
                    int end = lines.isEmpty() ? 0 : lines.records().get(lines.records().size() - 1).insnIndex();
                    for (int i = -1; i <= end + 1; i += Math.max(1, end / 64)) {
                        lines.at(i).ifPresent(l -> assertThat(l.location()).isNotNull());
                    }
                    ext.funcInfo(s).forEach(f -> assertThat(f.insnIndex()).isNotNegative());
                    ext.coreRelos(s).forEach(r -> assertThat(r.kindName()).isNotEmpty());
                }
            } catch (BtfException e) {
                assertNamesAnOffset(e, ".BTF.ext");
            }
        }
        return btf.maxTypeId();
    }

    private static void query(Btf btf, BtfType t) {
        assertThat(btf.render(t.id())).isNotNull();
        try {
            btf.resolve(t.id());
            btf.sizeOf(t.id());
        } catch (BtfException e) {
            assertNamesAnOffset(e, ".BTF");
        }
        if (t instanceof BtfType.Composite) {
            for (BtfType.Member m : ((BtfType.Composite) t).members()) {
                try {
                    assertThat(btf.member(t.id(), m.name())).isPresent();
                    assertThat(btf.member(t.id(), m.name() + "\0")).isEmpty(); // no BTF string holds a NUL
                } catch (BtfException e) {
                    assertNamesAnOffset(e, ".BTF");
                }
            }
        }
    }

    static void assertNamesAnOffset(BtfException e, String section) {
        assertThat(e.section()).isEqualTo(section);
        assertThat(e.offset()).as(e.getMessage()).isNotNegative();
        assertThat(e.getMessage()).startsWith(section + ": ").contains(" at offset 0x" + Long.toHexString(e.offset()) + ": ");
    }
}

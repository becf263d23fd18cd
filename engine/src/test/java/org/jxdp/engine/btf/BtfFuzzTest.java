package org.jxdp.engine.btf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Jazzer target over {@link Btf#parse} and {@link BtfExt#parse} and every query after them.
 * Without {@code JAZZER_FUZZ=1} it replays its seed corpus ({@code BtfFuzzTestInputs}: sections
 * of programs compiled from this package's test resources) as a regression test; with it, it
 * fuzzes for {@code maxDuration}.
 */
class BtfFuzzTest {

    /**
     * Input: a little-endian u16 n, then n bytes of .BTF, then the rest as .BTF.ext (none when
     * empty). Each section parses and answers every question, or is refused with a
     * {@link BtfException} naming an offset; nothing else may escape, and nothing may hang.
     */
    @FuzzTest(maxDuration = "60s")
    void sectionsParseOrAreRefused(byte[] data) {
        if (data.length < 2) {
            return;
        }
        int n = Math.min((data[0] & 0xff) | (data[1] & 0xff) << 8, data.length - 2);
        byte[] btf = Arrays.copyOfRange(data, 2, 2 + n);
        byte[] ext = 2 + n < data.length ? Arrays.copyOfRange(data, 2 + n, data.length) : null;
        AllQueries.run(btf, ext);
    }
}

package org.jxdp.engine.object;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer target over the object loader (ELF, BTF, relocations, maps, linking): any bytes load or
 * are refused with an {@link org.jxdp.engine.elf.ElfException}; nothing else may escape. Seeds
 * are small objects built with clang; with {@code JAZZER_FUZZ=1} it fuzzes for maxDuration.
 */
class ObjectLoaderFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void anyBytesLoadOrAreRefusedWithAReason(byte[] data) {
        MalformedObjectsTest.outcome("fuzz.o", data);
    }
}

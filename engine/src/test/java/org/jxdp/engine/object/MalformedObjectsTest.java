package org.jxdp.engine.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.elf.ElfException;
import org.jxdp.engine.testing.SharedFiles;

/**
 * Malformed objects are refused with a message that names the file and the section, symbol or
 * offset; no other exception escapes, whatever the bytes.
 */
class MalformedObjectsTest {

    private static List<Path> samples() throws IOException {
        Path root = SharedFiles.resolve("samples");
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".md")).sorted().toList();
        }
    }

    /** Opens {@code data}; returns null when loaded, the message when refused; fails on anything else. */
    static String outcome(String name, byte[] data) {
        try {
            BpfObject.open(name, data, LoadOptions.defaults());
            return null;
        } catch (ElfException e) {
            assertThat(e.getMessage()).startsWith(name + ": ").doesNotContain("\n");
            return e.getMessage();
        }
    }

    @Test
    void theInvalidSamplesAreRefusedNamingTheirFault() throws IOException {
        Path dir = SharedFiles.resolve("samples/invalid");
        assertThat(outcome("a", Files.readAllBytes(dir.resolve("58087ea4ff41695f3186d628a3250b26dc8d237a"))))
                .endsWith("name of symbol 4: string offset 512 is outside its string table (449 bytes)");
        assertThat(outcome("b", Files.readAllBytes(dir.resolve("806cc077e56f0ec32236c99055714f63649e7a38"))))
                .contains("the section header table at offset 0x510 size 1024 runs past the end of the file");
        assertThat(outcome("c", Files.readAllBytes(dir.resolve("af99e766f6ba44fd7f2135c3e325c817224b99a3"))))
                .contains("name of section 17");
        assertThat(outcome("d", Files.readAllBytes(dir.resolve("c049438cf649269921736e7306231385350dea58"))))
                .contains("name of section 3");
    }

    @Test
    void everyTruncationOfEverySampleIsHandled() throws IOException {
        int refused = 0;
        for (Path p : samples()) {
            byte[] all = Files.readAllBytes(p);
            int step = Math.max(1, all.length / 97);
            for (int n = 0; n < all.length; n += step) {
                if (outcome(p.getFileName() + "[0.." + n + ")", java.util.Arrays.copyOf(all, n)) != null) {
                    refused++;
                }
            }
        }
        assertThat(refused).isGreaterThan(100);
    }

    @Test
    void randomBitFlipsInEverySampleAreHandled() throws IOException {
        SplittableRandom rnd = new SplittableRandom(7);
        for (Path p : samples()) {
            byte[] all = Files.readAllBytes(p);
            for (int i = 0; i < 120; i++) {
                byte[] copy = all.clone();
                for (int f = 0; f < 1 + rnd.nextInt(4); f++) {
                    int at = rnd.nextInt(copy.length);
                    copy[at] ^= (byte) (1 << rnd.nextInt(8));
                }
                outcome(p.getFileName() + "~" + i, copy);
            }
        }
    }

    @Test
    void notAnElfFileIsSaidSo() {
        assertThatThrownBy(() -> BpfObject.open("x.o", new byte[100], LoadOptions.defaults()))
                .isInstanceOf(ElfException.class).hasMessage("x.o: not an ELF file (bad magic at offset 0)");
        assertThatThrownBy(() -> BpfObject.open("y.o", new byte[3], LoadOptions.defaults()))
                .hasMessage("y.o: not enough data for an ELF header (3 bytes, 64 needed)");
    }
}

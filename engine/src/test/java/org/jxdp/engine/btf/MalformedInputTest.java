package org.jxdp.engine.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.testing.SharedFiles;

/**
 * Malformed input of every sort: the malformed objects of {@code samples/invalid}, every
 * truncation of a sample's sections, thousands of seeded bit flips. Each either parses (and
 * then answers every question) or is refused with a {@link BtfException} naming an offset;
 * nothing else may escape. Runs without any external tool.
 */
class MalformedInputTest {

    /** The .BTF and .BTF.ext of every sample object that has them, read with the test's ELF reader. */
    private static List<byte[][]> sampleSections() throws IOException {
        List<byte[][]> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(SharedFiles.resolve("samples"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".o")).sorted().toList()) {
                Map<String, byte[]> sections = ElfSections.read(Files.readAllBytes(p));
                if (sections.containsKey(".BTF") && sections.containsKey(".BTF.ext")) {
                    out.add(new byte[][] {sections.get(".BTF"), sections.get(".BTF.ext")});
                }
            }
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(9);
        return out;
    }

    @Test
    void theInvalidSamplesParseOrAreRefused() throws IOException {
        int withBtf = 0;
        int refused = 0;
        try (Stream<Path> s = Files.list(SharedFiles.resolve("samples/invalid"))) {
            for (Path p : s.sorted().toList()) {
                Map<String, byte[]> sections = ElfSections.read(Files.readAllBytes(p));
                if (!sections.containsKey(".BTF")) {
                    continue;
                }
                withBtf++;
                if (AllQueries.run(sections.get(".BTF"), sections.get(".BTF.ext")) < 0) {
                    refused++;
                }
            }
        }
        assertThat(withBtf).isGreaterThanOrEqualTo(4);
        assertThat(refused).as("the object whose BTF libbpf refuses too").isEqualTo(1);
    }

    /** The old-format BTF that libbpf refuses ("Invalid argument") is refused here with its place. */
    @Test
    void theOldFormatBtfIsRefusedAtItsFirstType() throws IOException {
        byte[] elf = Files.readAllBytes(SharedFiles.resolve("samples/invalid/58087ea4ff41695f3186d628a3250b26dc8d237a"));
        assertThatThrownBy(() -> Btf.parse(ElfSections.read(elf).get(".BTF")))
                .hasMessage(".BTF: type 1 at offset 0x1c: unknown kind 0 (info 0x10000)");
    }

    @Test
    void everyTruncationOfTheSmallestSampleBtfIsRefused() throws IOException {
        byte[][] smallest = sampleSections().stream().min(Comparator.comparingInt(s -> s[0].length)).orElseThrow();
        byte[] btf = smallest[0];
        for (int n = 0; n < btf.length; n++) {
            assertThat(AllQueries.run(Arrays.copyOf(btf, n), null)).as("a prefix of %d bytes cuts the string table", n)
                    .isEqualTo(-1);
        }
        assertThat(AllQueries.run(btf, smallest[1])).isPositive();
    }

    @Test
    void everyTruncationOfTheSmallestSampleExtIsRefused() throws Exception {
        byte[][] smallest = sampleSections().stream().min(Comparator.comparingInt(s -> s[1].length)).orElseThrow();
        Btf btf = Btf.parse(smallest[0]);
        for (int n = 0; n < smallest[1].length; n++) {
            byte[] prefix = Arrays.copyOf(smallest[1], n);
            BtfException e = catchThrowableOfType(BtfException.class, () -> BtfExt.parse(prefix, btf));
            assertThat(e).as("a prefix of %d bytes cuts the header or a subsection", n).isNotNull();
            AllQueries.assertNamesAnOffset(e, ".BTF.ext");
        }
        assertThat(BtfExt.parse(smallest[1], btf).sections()).isNotEmpty();
    }

    @Test
    void thousandsOfBitFlipsAreRefusedOrParse() throws IOException {
        List<byte[][]> samples = sampleSections();
        Random random = new Random(0x6a786470L);
        int parsed = 0;
        int refused = 0;
        for (int round = 0; round < 4000; round++) {
            byte[][] s = samples.get(random.nextInt(samples.size()));
            byte[] btf = s[0].clone();
            byte[] ext = s[1].clone();
            byte[] target = random.nextBoolean() ? btf : ext;
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) {
                int bit = random.nextInt(target.length * 8);
                target[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            if (AllQueries.run(btf, ext) < 0) {
                refused++;
            } else {
                parsed++;
            }
        }
        assertThat(parsed).isPositive();
        assertThat(refused).isPositive();
    }

    @Test
    void randomWordsInTheTypeSectionAreRefusedOrParse() throws IOException {
        List<byte[][]> samples = sampleSections();
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            byte[] btf = samples.get(random.nextInt(samples.size()))[0].clone();
            int at = 24 + random.nextInt((btf.length - 24) / 4) * 4;
            int word = random.nextInt(4) == 0 ? random.nextInt(64) : random.nextInt();
            btf[at] = (byte) word;
            btf[at + 1] = (byte) (word >> 8);
            btf[at + 2] = (byte) (word >> 16);
            btf[at + 3] = (byte) (word >> 24);
            AllQueries.run(btf, null);
        }
    }
}

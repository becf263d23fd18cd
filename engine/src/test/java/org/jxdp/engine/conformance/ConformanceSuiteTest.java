package org.jxdp.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jxdp.engine.conformance.ConformanceRunner.Outcome;
import org.jxdp.engine.conformance.ConformanceRunner.Status;
import org.jxdp.engine.testing.SharedFiles;
import org.jxdp.engine.vm.EngineKind;

/** The bpf_conformance suite in ../shared: every engine passes all of it. */
class ConformanceSuiteTest {
    private static final String ENGINES = "org.jxdp.engine.testing.Engines#all";

    private static List<Outcome> runAll(String dir, EngineKind e) throws IOException {
        Path root = SharedFiles.resolve("conformance/bpf_conformance/" + dir);
        return ConformanceRunner.collect(List.of(root)).stream().map(f -> ConformanceRunner.run(f, e)).toList();
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void everyVectorPassesWithNoSkips(EngineKind e) throws IOException {
        List<Outcome> outcomes = runAll("tests", e);
        List<String> notPassed = outcomes.stream().filter(o -> o.status() != Status.PASS)
                .map(o -> o.file().getFileName() + " " + o.status() + ": " + o.reason()).toList();
        assertThat(notPassed).isEmpty();
        assertThat(outcomes).hasSize(313);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void everyUnusedFieldVectorIsRefusedAtLoadTime(EngineKind e) throws IOException {
        List<Outcome> unused = runAll("negative", e).stream()
                .filter(o -> o.file().getFileName().toString().startsWith("unused-")).toList();
        assertThat(unused).hasSize(45);
        assertThat(unused).allSatisfy(o -> {
            assertThat(o.status()).as(o.file().toString()).isEqualTo(Status.PASS);
            assertThat(o.reason()).as(o.file().toString()).startsWith("refused: insn 0 (");
        });
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void theRunnerSelfTestsFailWhereTheyAreMeantTo(EngineKind e) throws IOException {
        Map<String, Status> byName = runAll("negative", e).stream()
                .filter(o -> !o.file().getFileName().toString().startsWith("unused-"))
                .collect(Collectors.toMap(o -> o.file().getFileName().toString(), Outcome::status));
        assertThat(byName).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("error.data", Status.FAIL),
                Map.entry("incorrect_return_value_high_bits.data", Status.FAIL),
                Map.entry("invalid_imm32_dec_range.data", Status.FAIL),
                Map.entry("invalid_imm32_hex_range.data", Status.FAIL),
                Map.entry("invalid_label.data", Status.FAIL),
                Map.entry("invalid_mnemonic.data", Status.FAIL),
                Map.entry("invalid_offset.data", Status.FAIL),
                Map.entry("invalid_offset_range.data", Status.FAIL),
                Map.entry("invalid_operand_count.data", Status.FAIL),
                Map.entry("invalid_lock.data", Status.PASS),
                Map.entry("invalid_lock2.data", Status.PASS),
                Map.entry("invalid_register.data", Status.PASS),
                Map.entry("invalid_unknown_directive.data", Status.SKIP),
                Map.entry("empty.data", Status.SKIP),
                Map.entry("empty_instructions.data", Status.SKIP)));
    }
}

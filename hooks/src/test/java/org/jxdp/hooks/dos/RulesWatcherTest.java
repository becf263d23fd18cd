package org.jxdp.hooks.dos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxdp.hooks.dos.DosCases.DROP;
import static org.jxdp.hooks.dos.DosCases.PASS;
import static org.jxdp.hooks.dos.DosFrames.frame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.XdpTestRun;

/** Hot reload: a changed rules file reaches the running filter's maps; a broken one is reported and ignored. */
class RulesWatcherTest {
    @TempDir
    Path dir;

    private static final byte[] FROM_DENIED = frame().eth(0x0800).ipv4(5, 40, 0, 64, 6, 0xcb007109L, 0x0a020202L)
            .tcp(1, 80, 0x10).pad(60).get();
    private static final byte[] SSDP = frame().eth(0x0800).ipv4(5, 36, 0, 64, 17, 0x08080808L, 0x0a020202L)
            .udp(1900, 5555, 16).pad(60).get();

    @Test
    void aChangedFileIsAppliedAndABrokenOneKeepsTheRulesInForce() throws Exception {
        Path file = Files.writeString(dir.resolve("r.yaml"), "amplification: [{port: 1900, max_payload: 0}]\n");
        BpfObject obj = DosFilter.open(1, EngineKind.JIT);
        DosRules first = RulesFile.read(file);
        DosMaps.apply(obj, first, DosFilter.START_NS);
        BpfProgram prog = obj.program(DosFilter.PROGRAM);
        List<String> lines = new ArrayList<>();
        try (RulesWatcher w = new RulesWatcher(inForce(obj, first, file), file, lines::add)) {
            assertThat(w.poll()).as("unchanged").isFalse();
            assertThat(XdpTestRun.run(prog, FROM_DENIED, 1).retval()).isEqualTo(PASS);
            assertThat(XdpTestRun.run(prog, SSDP, 1).retval()).isEqualTo(DROP);

            Files.writeString(file, "deny: [203.0.113.0/24]\nrules: [{name: r, action: drop, proto: tcp}]\n");
            assertThat(w.poll()).isTrue();
            assertThat(XdpTestRun.run(prog, FROM_DENIED, 1).retval()).isEqualTo(DROP);
            assertThat(XdpTestRun.run(prog, SSDP, 1).retval()).as("port 1900 no longer listed").isEqualTo(PASS);
            assertThat(obj.map("amp_ports").nextKey(null)).isNull();

            Files.writeString(file, "deny: []\nrules: [{name: r, action: maybe}]\n");
            assertThat(w.poll()).isFalse();
            assertThat(lines).last().isEqualTo(file + ":2: action must be pass, drop or ban, not 'maybe' "
                    + "(rules not reloaded)");
            assertThat(XdpTestRun.run(prog, FROM_DENIED, 1).retval()).as("old rules stay").isEqualTo(DROP);

            Files.writeString(file, "deny: []\n");
            assertThat(w.poll()).isTrue();
            assertThat(XdpTestRun.run(prog, FROM_DENIED, 1).retval()).isEqualTo(PASS);
            assertThat(obj.map("deny_v4").nextKey(null)).isNull();
            assertThat(w.reloads()).isEqualTo(2);
            assertThat(lines).as("mistakes only").allMatch(l -> l.endsWith("(rules not reloaded)"));
        }
    }

    @Test
    void reloadsWhileFramesRunLoseNoFrame() throws Exception {
        Path file = Files.writeString(dir.resolve("r.yaml"), "deny: [203.0.113.0/24]\n");
        BpfObject obj = DosFilter.open(1, EngineKind.JIT);
        DosRules first = RulesFile.read(file);
        DosMaps.apply(obj, first, DosFilter.START_NS);
        BpfProgram prog = obj.program(DosFilter.PROGRAM);
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong runs = new AtomicLong();
        AtomicLong odd = new AtomicLong();
        Thread t = new Thread(() -> {
            while (!done.get()) {
                XdpTestRun.Result r = XdpTestRun.run(prog, FROM_DENIED, 1);
                if (r.fault() != null || (r.retval() != PASS && r.retval() != DROP)) {
                    odd.incrementAndGet();
                }
                runs.incrementAndGet();
            }
        });
        t.start();
        try (RulesWatcher w = new RulesWatcher(inForce(obj, first, file), file, s -> { })) {
            for (int i = 0; i < 40; i++) {
                Files.writeString(file, i % 2 == 0 ? "deny: []\nrules: [{name: a, action: pass}]\n"
                        : "deny: [203.0.113.0/24, 198.51.100.0/24]\n");
                assertThat(w.poll()).isTrue();
            }
            assertThat(w.reloads()).isEqualTo(40);
        } finally {
            done.set(true);
            t.join();
        }
        assertThat(runs.get()).isPositive();
        assertThat(odd.get()).as("runs that faulted or gave no verdict").isZero();
        assertThat(XdpTestRun.run(prog, FROM_DENIED, 1).retval()).as("the last file denies").isEqualTo(DROP);
    }

    static RulesInForce inForce(BpfObject obj, DosRules rules, Path file) throws java.io.IOException {
        return new RulesInForce(obj, rules, file.toString(), Files.readString(file), () -> DosFilter.START_NS);
    }

    @Test
    void aReplacementIsCheckedFirstNumberedAndTold() throws Exception {
        BpfObject obj = DosFilter.open(1, EngineKind.INTERP);
        DosRules first = RulesFile.defaults();
        DosMaps.apply(obj, first, DosFilter.START_NS);
        RulesInForce r = new RulesInForce(obj, first, RulesFile.DEFAULT_RULES_NAME, RulesFile.defaultsText(),
                () -> DosFilter.START_NS);
        List<RulesInForce.Version> told = new ArrayList<>();
        r.onReplace(told::add);
        BpfProgram prog = obj.program(DosFilter.PROGRAM);
        assertThat(r.current().generation()).isZero();
        assertThat(XdpTestRun.run(prog, FROM_DENIED, 1).retval()).isEqualTo(PASS);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.replace("api", "deny: [203.0.113.0/33]\n"))
                .isInstanceOf(RulesException.class).hasMessageStartingWith("api:1: ");
        assertThat(r.current().generation()).as("refused: nothing changed").isZero();
        assertThat(told).isEmpty();

        RulesInForce.Version v = r.replace("api", "deny: [203.0.113.0/24]\n");
        assertThat(v.generation()).isEqualTo(1);
        assertThat(v.source()).isEqualTo("api");
        assertThat(v.text()).isEqualTo("deny: [203.0.113.0/24]\n");
        assertThat(r.current()).isSameAs(v);
        assertThat(told).containsExactly(v);
        assertThat(XdpTestRun.run(prog, FROM_DENIED, 1).retval()).isEqualTo(DROP);
    }
}

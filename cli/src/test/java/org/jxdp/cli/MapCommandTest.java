package org.jxdp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.metrics.MetricsRegistry;
import org.jxdp.metrics.TestAccess;
import org.jxdp.metrics.api.ApiToken;
import org.jxdp.metrics.api.ControlApi;
import org.jxdp.metrics.api.Json;
import org.jxdp.metrics.api.ProgramInfo;
import org.jxdp.metrics.http.HttpRoutes;
import org.jxdp.metrics.http.MetricsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jxdp map list|dump|update|delete --api URL} against a real server on loopback. */
class MapCommandTest {
    static BpfObject obj;
    static MetricsRegistry registry;
    static MetricsServer server;
    static String api;
    @TempDir
    static Path dir;
    static Path tokenFile;

    @BeforeAll
    static void start() throws Exception {
        obj = TestAccess.load(2);
        BpfProgram p = TestAccess.program(obj);
        registry = new MetricsRegistry();
        server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), new HttpRoutes(registry, () -> true,
                new ControlApi(List.of(ProgramInfo.of(p, "by_port.o", "jit", 2)), obj.maps(), ApiToken.of("t0k"))));
        api = "http://127.0.0.1:" + server.address().getPort();
        tokenFile = Files.writeString(dir.resolve("token"), "t0k\n");
        BpfMap ports = obj.map("ports");
        ports.update(new byte[] {0x35, 0, 0, 0}, new byte[] {2, 0, 0, 0, 0, 0, 0, 0}, 0);
    }

    @AfterAll
    static void stop() {
        server.close();
        registry.close();
    }

    record Run(int status, String out, String err) {
    }

    static Run jxdp(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void listIsShapedLikeBpftool() {
        Run r = jxdp("map", "list", "--api", api);
        assertThat(r.status()).as(r.err()).isZero();
        int id = obj.map("ports").id();
        assertThat(r.out()).isEqualTo(id + ": hash  name ports  flags 0x0\n"
                + "\tkey 4B  value 8B  max_entries 1024  entries " + obj.map("ports").size() + "\n");
        Run j = jxdp("map", "show", "--api", api, "--json");
        assertThat(Json.parse(j.out().strip())).asList().singleElement()
                .satisfies(m -> assertThat(((Map<?, ?>) m).get("name")).isEqualTo("ports"));
    }

    @Test
    void updateDumpAndDelete() {
        Run u = jxdp("map", "update", "ports", "key", "0x39", "0x30", "0", "0", "value", "hex", "07", "0", "0", "0",
                "0", "0", "0", "0", "--api", api, "--api-token-file", tokenFile.toString());
        assertThat(u.status()).as(u.err()).isZero();
        assertThat(obj.map("ports").lookup(new byte[] {0x39, 0x30, 0, 0})).containsExactly(7, 0, 0, 0, 0, 0, 0, 0);

        Run d = jxdp("map", "dump", "name", "ports", "--api", api);
        assertThat(d.status()).as(d.err()).isZero();
        assertThat(d.out()).contains("key: 35 00 00 00  value: 02 00 00 00 00 00 00 00\n")
                .contains("key: 39 30 00 00  value: 07 00 00 00 00 00 00 00\n")
                .endsWith("Found " + obj.map("ports").size() + " elements\n");

        Run again = jxdp("map", "update", "ports", "key", "57", "48", "0", "0", "value", "1", "0", "0", "0", "0", "0",
                "0", "0", "noexist", "--api", api, "--api-token-file", tokenFile.toString());
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("jxdp: map update ports: ports: update failed: EEXIST\n");

        Run del = jxdp("map", "delete", "id", Integer.toString(obj.map("ports").id()), "key", "hex", "39", "30", "00",
                "00", "--api", api, "--api-token-file", tokenFile.toString());
        assertThat(del.status()).as(del.err()).isZero();
        assertThat(obj.map("ports").lookup(new byte[] {0x39, 0x30, 0, 0})).isNull();
    }

    @Test
    void refusalsAreOneLine() {
        Run noToken = jxdp("map", "delete", "ports", "key", "1", "0", "0", "0", "--api", api);
        assertThat(noToken.status()).isEqualTo(1);
        assertThat(noToken.err()).isEqualTo("jxdp: map delete ports: missing or wrong bearer token\n");
        Run noMap = jxdp("map", "dump", "nope", "--api", api);
        assertThat(noMap.err()).isEqualTo("jxdp: map dump nope: no map named 'nope'\n");
        Run badByte = jxdp("map", "update", "ports", "key", "300", "0", "0", "0", "value", "0", "--api", api);
        assertThat(badByte.status()).isEqualTo(2);
        assertThat(badByte.err()).startsWith("key: '300' is no byte");
        Run down = jxdp("map", "list", "--api", "http://127.0.0.1:1");
        assertThat(down.status()).isEqualTo(1);
        assertThat(down.err()).isEqualTo("jxdp: --api http://127.0.0.1:1: cannot connect (is jxdp running with --metrics?)\n");
    }
}

package org.jxdp.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jxdp.engine.asm.Assembler;
import org.jxdp.engine.asm.AssemblyException;
import org.jxdp.engine.isa.Program;

/** The programs and packets the benchmarks run, from this module's resources. */
final class BenchPrograms {
    private BenchPrograms() {
    }

    /** Assembles the resource {@code name} (beside this class). */
    static Program load(String name) {
        try (InputStream in = BenchPrograms.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing benchmark resource " + name);
            }
            return Assembler.assemble(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (AssemblyException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }

    /** A 64-byte Ethernet / IPv4 / TCP SYN frame to port 80 from 192.0.2.1. */
    static byte[] tcpSyn() {
        int[] frame = {
            // Ethernet: dst, src, type 0x0800
            0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00,
            // IPv4: v4 ihl 5, tos, len 50, id, flags DF, ttl 64, proto 6, csum, src, dst
            0x45, 0x00, 0x00, 0x32, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00,
            192, 0, 2, 1, 198, 51, 100, 7,
            // TCP: sport 40000, dport 80, seq, ack, off 5, flags SYN, window, csum, urg
            0x9c, 0x40, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0,
            // padding to 64 bytes
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        };
        byte[] b = new byte[frame.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) frame[i];
        }
        return b;
    }
}

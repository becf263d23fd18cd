package org.jxdp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jxdp.capture.pcap.CaptureReader;
import org.jxdp.capture.pcap.CaptureRecord;

/**
 * Reading alone, on one core: every record of a capture file (a pcap or pcapng of millions of
 * frames, larger than the CPU's caches, as {@code jxdp gen} makes them) read with
 * {@link CaptureReader}, first without touching the frames' bytes, then copied into a
 * slot-sized array behind 256 bytes of headroom as a replay does. Prints frames per second for
 * each of {@code rounds} rounds (the first ones warm the JIT up).
 * <pre>
 *   java -cp bench/target/benchmarks.jar org.jxdp.bench.CaptureReadBenchmark /tmp/mix.pcap [rounds]
 * </pre>
 */
public final class CaptureReadBenchmark {
    private CaptureReadBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || !Files.isRegularFile(Path.of(args[0]))) {
            System.err.println("usage: CaptureReadBenchmark CAPTURE [ROUNDS]  (a pcap or pcapng file)");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        byte[] slot = new byte[4096];
        CaptureRecord r = new CaptureRecord();
        for (int round = 1; round <= rounds; round++) {
            for (boolean copy : new boolean[] {false, true}) {
                long frames = 0;
                long sum = 0;
                long t0 = System.nanoTime();
                try (CaptureReader in = CaptureReader.open(file)) {
                    while (in.next(r)) {
                        if (copy) {
                            sum += r.copyTo(slot, 256, slot.length - 256) + slot[256 + 12];
                        } else {
                            sum += r.capturedLength() + (r.timestampNanos() & 1);
                        }
                        frames++;
                    }
                }
                long ns = System.nanoTime() - t0;
                System.out.printf(Locale.ROOT, "round %d %-12s %,d frames in %,d ms: %.1f M frames/s (%.1f ns a frame)%s%n",
                        round, copy ? "read+copy" : "read", frames, ns / 1_000_000, frames * 1e3 / ns,
                        (double) ns / Math.max(1, frames), sum == 42 ? " " : "");
            }
        }
    }
}

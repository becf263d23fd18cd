package org.jxdp.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.maps.MapDefinition;
import org.jxdp.engine.maps.MapFactory;
import org.jxdp.engine.maps.MapType;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Memory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A program's view of a hash map the size a DoS filter keeps per source (65,536 elements,
 * 16-byte keys, 16-byte values, far larger than the CPU's first two cache levels; and, to tell
 * the cache misses from the work, one of 1,024), as the program's helpers call it:
 * {@code bpf_map_lookup_elem} with the key on the stack, and, for a key not there,
 * {@code bpf_map_update_elem}.
 * <ul>
 *   <li>{@code hit}: every key is in the map (a working set of three quarters of max_entries,
 *       in random order);
 *   <li>{@code flood}: keys drawn from 4 million, as spoofed sources are: nearly every lookup
 *       misses and inserts, which in an LRU map evicts.
 * </ul>
 * <pre>
 *   java -jar bench/target/benchmarks.jar HashMapBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class HashMapBenchmark {
    private static final int KEY = 16;
    private static final int VALUE = 16;
    private static final int KEY_OFFSET = 256;
    private static final int VALUE_OFFSET = 320;

    @Param({"BPF_MAP_TYPE_LRU_HASH", "BPF_MAP_TYPE_HASH"})
    public String type;

    @Param({"hit", "flood"})
    public String keys;

    /** max_entries: 65,536 (megabytes of keys, values and links: cache misses), or 1,024 (all in cache). */
    @Param({"65536", "1024"})
    public int entries;

    private BpfMap map;
    private ExecutionContext ctx;
    private byte[] stack;
    private long[] words;
    private int next;
    private long keyAddress;
    private long valueAddress;

    @Setup(Level.Trial)
    public void setUp() {
        BpfRuntime runtime = new BpfRuntime(1);
        MapType t = MapType.valueOf(type);
        map = MapFactory.create(MapDefinition.of("bench", t, KEY, VALUE, entries, 0), runtime);
        ctx = runtime.newContext(0);
        stack = ctx.stack();
        keyAddress = Memory.address(Memory.REGION_STACK, KEY_OFFSET);
        valueAddress = Memory.address(Memory.REGION_STACK, VALUE_OFFSET);
        SplittableRandom random = new SplittableRandom(42);
        int distinct = keys.equals("hit") ? entries * 3 / 4 : 4 << 20;
        long[] pool = new long[distinct];
        for (int i = 0; i < distinct; i++) {
            pool[i] = random.nextLong();
        }
        words = new long[1 << 22];
        for (int i = 0; i < words.length; i++) {
            words[i] = pool[i < distinct ? i : random.nextInt(distinct)];
        }
        if (keys.equals("hit")) {
            for (long k : pool) {
                putKey(k);
                map.updateElem(ctx, keyAddress, valueAddress, 0);
            }
        }
    }

    private void putKey(long k) {
        for (int i = 0; i < 8; i++) {
            stack[KEY_OFFSET + i] = (byte) (k >>> (8 * i));
            stack[KEY_OFFSET + 8 + i] = (byte) (k >>> (8 * i + 3));
        }
    }

    /** One lookup, and an update when the key is not there; returns the value's address. */
    @Benchmark
    public long lookupOrInsert() {
        putKey(words[next++ & (words.length - 1)]);
        long v = map.lookupElem(ctx, keyAddress);
        if (v == 0) {
            map.updateElem(ctx, keyAddress, valueAddress, 0);
        }
        return v;
    }
}

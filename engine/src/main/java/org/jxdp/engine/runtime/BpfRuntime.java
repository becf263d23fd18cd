package org.jxdp.engine.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jxdp.engine.maps.ArrayMap;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.HelperTable;
import org.jxdp.engine.vm.ProgramEnvironment;
import org.jxdp.engine.vm.Memory;

/**
 * What the programs of one jxdp instance share: the maps (by id, with the regions their values
 * live in), the number of workers, the clock, and where {@code bpf_trace_printk} output goes. It
 * makes the workers' execution contexts, and maps a map's value region into a context the first
 * time a program there touches it (per-CPU maps map each worker's own copy).
 *
 * <p>Maps may be added while workers run (hot reload); their contexts pick new regions up on
 * first use. Reads of the map table are lock-free.
 */
public final class BpfRuntime {
    private final int cpus;
    private volatile BpfMap[] maps = new BpfMap[0];
    private volatile BpfMap[] byRegion = new BpfMap[0];
    private volatile Executable[] programs = new Executable[0];
    private volatile String[] programNames = new String[0];
    private int nextRegion = Memory.FIRST_DYNAMIC_REGION;
    private volatile BpfClock clock = BpfClock.monotonic();
    private volatile Consumer<String> trace = s -> System.err.println(s);
    private final long seed;

    /** A runtime for {@code cpus} workers. */
    public BpfRuntime(int cpus) {
        this(cpus, System.nanoTime());
    }

    /** A runtime for {@code cpus} workers whose random generators start from {@code seed}. */
    public BpfRuntime(int cpus, long seed) {
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus must be at least 1: " + cpus);
        }
        this.cpus = cpus;
        this.seed = seed;
    }

    /** The number of workers ("CPUs"). */
    public int cpus() {
        return cpus;
    }

    /** Adds {@code map}, giving it an id and, if it needs one, a value region. */
    public synchronized <M extends BpfMap> M register(M map) {
        int id = maps.length;
        int region = -1;
        if (map.hasValueRegion()) {
            region = nextRegion++;
            BpfMap[] r = java.util.Arrays.copyOf(byRegion, region + 1);
            r[region] = map;
            byRegion = r;
        }
        map.register(id, region);
        BpfMap[] m = java.util.Arrays.copyOf(maps, id + 1);
        m[id] = map;
        maps = m;
        return map;
    }

    /** The map with id {@code id}, or null. */
    public BpfMap map(long id) {
        BpfMap[] m = maps;
        return id >= 0 && id < m.length ? m[(int) id] : null;
    }

    /** The map whose values are in region {@code region}, or null. */
    public BpfMap mapOfRegion(int region) {
        BpfMap[] r = byRegion;
        return region >= 0 && region < r.length ? r[region] : null;
    }

    /** All maps, in id order. */
    public List<BpfMap> maps() {
        return List.of(maps);
    }

    /** Adds a loaded program (for prog arrays) and returns its id. */
    public synchronized int registerProgram(String name, Executable program) {
        int id = programs.length;
        Executable[] p = java.util.Arrays.copyOf(programs, id + 1);
        p[id] = program;
        String[] n = java.util.Arrays.copyOf(programNames, id + 1);
        n[id] = name;
        programs = p;
        programNames = n;
        return id;
    }

    /** The program with id {@code id}, or null. */
    public Executable program(long id) {
        Executable[] p = programs;
        return id >= 0 && id < p.length ? p[(int) id] : null;
    }

    /** The id of {@code program}, or -1. */
    public int programId(Executable program) {
        Executable[] p = programs;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == program) {
                return i;
            }
        }
        return -1;
    }

    /** The name a program was registered under, or null. */
    public String programName(long id) {
        String[] n = programNames;
        return id >= 0 && id < n.length ? n[(int) id] : null;
    }

    /** The clock the time helpers read. */
    public BpfClock clock() {
        return clock;
    }

    public BpfRuntime clock(BpfClock c) {
        this.clock = c;
        return this;
    }

    /** Where {@code bpf_trace_printk} lines go (default: standard error). */
    public Consumer<String> trace() {
        return trace;
    }

    public BpfRuntime trace(Consumer<String> sink) {
        this.trace = sink;
        return this;
    }

    /** A context for worker {@code cpu} (0 .. cpus - 1). */
    public ExecutionContext newContext(int cpu) {
        if (cpu < 0 || cpu >= cpus) {
            throw new IllegalArgumentException("cpu " + cpu + " outside 0.." + (cpus - 1));
        }
        ExecutionContext ctx = new ExecutionContext().processorId(cpu);
        ctx.state(new WorkerState(this, cpu, seed * 31 + cpu + 1));
        ctx.memory().binder((memory, id) -> bind(memory, id, cpu));
        return ctx;
    }

    private boolean bind(Memory memory, int region, int cpu) {
        BpfMap m = mapOfRegion(region);
        if (m == null) {
            return false;
        }
        byte[] storage = m.valueStorage(cpu);
        if (storage == null) {
            return false;
        }
        memory.reserve(region, m.name());
        if (memory.bytes(region) == storage) {
            return false;
        }
        memory.map(region, storage, 0, storage.length, m.programWritable());
        return true;
    }

    /**
     * The environment programs loaded into this runtime see: {@code helpers}, and this runtime's
     * maps by id; direct value access (global data) is allowed on single-element arrays.
     */
    public ProgramEnvironment environment(HelperTable helpers) {
        return new ProgramEnvironment() {
            @Override
            public HelperTable helpers() {
                return helpers;
            }

            @Override
            public boolean mapExists(long id) {
                return map(id) != null;
            }

            @Override
            public long mapValueAddress(long id, long offset) {
                BpfMap m = map(id);
                if (!(m instanceof ArrayMap) || m.maxEntries() != 1 || offset < 0 || offset >= m.valueSize()) {
                    return -1;
                }
                return Memory.address(m.valueRegion(), (int) offset);
            }

            @Override
            public int mapValueRegion(long id) {
                BpfMap m = map(id);
                return m != null && m.hasValueRegion() ? m.valueRegion() : -1;
            }
        };
    }

    /** The names of the maps, for messages. */
    public List<String> mapNames() {
        List<String> out = new ArrayList<>();
        for (BpfMap m : maps) {
            out.add(m.name());
        }
        return out;
    }
}

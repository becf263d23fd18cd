package org.jxdp.engine.maps;

import org.jxdp.engine.runtime.BpfRuntime;

/**
 * Creates the map a definition describes and registers it with a runtime. A type jxdp does not
 * implement is refused with its kernel name.
 */
public final class MapFactory {
    private MapFactory() {
    }

    /**
     * Creates and registers the map {@code def} describes.
     *
     * @throws IllegalArgumentException when the definition is invalid for its type, naming the
     *     map and the kernel's error
     * @throws UnsupportedOperationException when jxdp does not implement the type
     */
    public static BpfMap create(MapDefinition def, BpfRuntime runtime) {
        int cpus = runtime.cpus();
        BpfMap map;
        switch (def.type()) {
            case BPF_MAP_TYPE_ARRAY:
            case BPF_MAP_TYPE_PERCPU_ARRAY:
                map = new ArrayMap(def, cpus);
                break;
            case BPF_MAP_TYPE_HASH:
            case BPF_MAP_TYPE_PERCPU_HASH:
            case BPF_MAP_TYPE_LRU_HASH:
            case BPF_MAP_TYPE_LRU_PERCPU_HASH:
                map = new HashMap(def, cpus);
                break;
            case BPF_MAP_TYPE_PROG_ARRAY:
                map = new ProgArrayMap(def, cpus, runtime);
                break;
            case BPF_MAP_TYPE_LPM_TRIE:
                map = new LpmTrieMap(def, cpus);
                break;
            case BPF_MAP_TYPE_QUEUE:
            case BPF_MAP_TYPE_STACK:
                map = new QueueStackMap(def, cpus);
                break;
            case BPF_MAP_TYPE_BLOOM_FILTER:
                map = new BloomFilterMap(def, cpus);
                break;
            case BPF_MAP_TYPE_RINGBUF:
                map = new RingBufMap(def, cpus);
                break;
            case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
                map = new PerfEventArrayMap(def, cpus);
                break;
            case BPF_MAP_TYPE_DEVMAP:
                map = new DevMap(def, cpus, runtime);
                break;
            case BPF_MAP_TYPE_DEVMAP_HASH:
                map = new DevMapHash(def, cpus, runtime);
                break;
            case BPF_MAP_TYPE_CPUMAP:
                map = new CpuMap(def, cpus, runtime);
                break;
            case BPF_MAP_TYPE_ARRAY_OF_MAPS:
                map = new ArrayOfMapsMap(def, cpus, runtime);
                break;
            case BPF_MAP_TYPE_HASH_OF_MAPS:
                map = new HashOfMapsMap(def, cpus, runtime);
                break;
            case BPF_MAP_TYPE_XSKMAP:
                map = new XskMap(def, cpus);
                break;
            default:
                throw new UnsupportedOperationException(def.name() + ": map type " + def.type().name()
                        + " is not supported by jxdp");
        }
        return runtime.register(map);
    }
}

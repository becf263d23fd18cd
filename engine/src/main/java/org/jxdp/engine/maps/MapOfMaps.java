package org.jxdp.engine.maps;

import static org.jxdp.engine.maps.Errno.EBADF;
import static org.jxdp.engine.maps.Errno.EINVAL;

import org.jxdp.engine.runtime.BpfRuntime;

/**
 * What {@code BPF_MAP_TYPE_ARRAY_OF_MAPS} and {@code BPF_MAP_TYPE_HASH_OF_MAPS} share
 * ({@code kernel/bpf/map_in_map.c}): values are maps. User space stores a map by its id in the
 * runtime (the 4-byte value; the kernel takes an fd and gives back an id) and reads the id
 * back; a program's lookup returns the inner map's pointer, which it passes to helpers.
 *
 * <p>Every inner map must match the template the outer map was created with
 * ({@link MapDefinition#inner()}): same type, key size, value size and flags, and for arrays the
 * same max_entries unless the template has {@link MapFlags#BPF_F_INNER_MAP}. A map that does
 * not match is -EINVAL; an id that names no map is -EBADF. Maps of maps do not nest.
 */
public abstract class MapOfMaps extends BpfMap {
    protected final BpfRuntime runtime;
    protected final MapDefinition template;

    protected MapOfMaps(MapDefinition def, int cpus, BpfRuntime runtime) {
        super(def, cpus);
        this.runtime = runtime;
        this.template = def.inner();
        if (template == null) {
            throw new IllegalArgumentException(def.name() + ": a " + def.type().bpftoolName()
                    + " needs an inner map template (-EINVAL)");
        }
        if (template.type() == MapType.BPF_MAP_TYPE_ARRAY_OF_MAPS || template.type() == MapType.BPF_MAP_TYPE_HASH_OF_MAPS) {
            throw new IllegalArgumentException(def.name() + ": maps of maps do not nest (-EINVAL)");
        }
        if (def.valueSize() != 4) {
            throw new IllegalArgumentException(def.name() + ": a " + def.type().bpftoolName()
                    + " value is a 4-byte map id, not " + def.valueSize() + " bytes (-EINVAL)");
        }
    }

    /** The template inner maps must match. */
    public MapDefinition template() {
        return template;
    }

    /** True when {@code m} may be stored in this map (the kernel's map_meta_equal). */
    public boolean compatible(BpfMap m) {
        if (m instanceof MapOfMaps) {
            return false;
        }
        MapDefinition d = m.definition();
        if (d.type() != template.type() || d.keySize() != template.keySize() || d.valueSize() != template.valueSize()
                || d.flags() != template.flags()) {
            return false;
        }
        boolean array = template.type() == MapType.BPF_MAP_TYPE_ARRAY
                || template.type() == MapType.BPF_MAP_TYPE_PERCPU_ARRAY;
        return !array || (template.flags() & MapFlags.BPF_F_INNER_MAP) != 0 || d.maxEntries() == template.maxEntries();
    }

    /** The map a 4-byte value names, for {@link #errnoOf} to judge. */
    protected BpfMap resolve(byte[] value) {
        long id = (value[0] & 0xffL) | (value[1] & 0xffL) << 8 | (value[2] & 0xffL) << 16 | (value[3] & 0xffL) << 24;
        return runtime.map(id);
    }

    /** 0 when {@code m} (from {@link #resolve}) may be stored, else -EBADF or -EINVAL. */
    protected int errnoOf(BpfMap m) {
        if (m == null) {
            return -EBADF;
        }
        return compatible(m) ? 0 : -EINVAL;
    }

    /** The 4-byte value user space reads back: the inner map's id. */
    protected static byte[] idOf(BpfMap m) {
        int id = m.id();
        return new byte[] {(byte) id, (byte) (id >>> 8), (byte) (id >>> 16), (byte) (id >>> 24)};
    }
}

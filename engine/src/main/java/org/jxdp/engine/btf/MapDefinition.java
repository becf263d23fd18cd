package org.jxdp.engine.btf;

import java.util.List;
import java.util.Optional;

/**
 * One BTF-defined map of libbpf's {@code .maps} section, decoded from the VAR that declares it:
 * <pre>
 *   struct {
 *       __uint(type, BPF_MAP_TYPE_HASH);     // int (*type)[1]       : N is the array's nelems
 *       __type(key, struct flow);            // struct flow *key     : key_size = sizeof(*key)
 *       __type(value, __u64);                // __u64 *value
 *       __uint(max_entries, 1024);           // int (*max_entries)[1024]
 *   } flows SEC(".maps");
 * </pre>
 * Plain data, independent of ELF; {@link #decodeAll} and {@link #decode} build it from a
 * {@link Btf} and follow libbpf's rules ({@code parse_btf_map_def}): every member must be one
 * libbpf knows, {@code key}/{@code value} must be pointers, an explicit {@code key_size} must
 * agree with the key type, {@code values} only in PROG_ARRAY and map-in-map types, pinning
 * only {@link #LIBBPF_PIN_NONE} or {@link #LIBBPF_PIN_BY_NAME}. Attributes that are absent are 0.
 *
 * @param name the variable's name (for an inner map, the outer name followed by {@code .inner})
 * @param mapType a {@code BPF_MAP_TYPE_*} number (0 when the definition has no {@code type})
 * @param keySize the key size in bytes
 * @param keyTypeId the key's BTF type (the pointee of {@code key}), 0 when only {@code key_size} was given
 * @param valueSize the value size in bytes (4 for PROG_ARRAY and map-in-map types with {@code values})
 * @param valueTypeId the value's BTF type, 0 when only {@code value_size} was given
 * @param maxEntries {@code max_entries}
 * @param mapFlags {@code map_flags} ({@code BPF_F_NO_PREALLOC}...)
 * @param numaNode {@code numa_node}
 * @param pinning {@code pinning}
 * @param mapExtra {@code map_extra}
 * @param innerMap the definition of the inner map of a map-in-map, from {@code __array(values, struct {...})}
 * @param initialValues where the {@code values} initialiser's pointers are, when there is a {@code values} member
 * @param structTypeId the BTF STRUCT that holds the definition
 * @param sectionOffset the variable's byte offset in the {@code .maps} ELF section (from its
 *     DATASEC entry; -1 for an inner map, which has no variable of its own)
 * @param sectionSize the variable's size in bytes in the section, initialiser included (0 for an inner map)
 */
public record MapDefinition(String name, int mapType, long keySize, int keyTypeId, long valueSize, int valueTypeId,
        long maxEntries, long mapFlags, long numaNode, int pinning, long mapExtra, Optional<MapDefinition> innerMap,
        Optional<InitialValues> initialValues, int structTypeId, long sectionOffset, long sectionSize) {

    /** {@code pinning}: the map is not pinned. */
    public static final int LIBBPF_PIN_NONE = 0;
    /** {@code pinning}: the map is pinned by its name (in {@code /sys/fs/bpf} by default). */
    public static final int LIBBPF_PIN_BY_NAME = 1;

    /**
     * The {@code values} member of a PROG_ARRAY or map-in-map definition: a flexible array of
     * pointers that {@code .values = { [0] = &prog }} fills in. Each non-null slot is a relocation
     * in {@code .maps} at {@code sectionOffset + offset + 8 * slot} naming a program or map.
     *
     * @param offset the byte offset of {@code values} from the start of the variable
     * @param slots how many 8-byte slots the variable holds there (0 without an initialiser)
     */
    public record InitialValues(long offset, int slots) {
    }

    /**
     * Every map of the {@code .maps} DATASEC, in the order of its entries; empty when there is
     * none. The DATASEC's offsets must already be those of the ELF symbols
     * ({@link Btf#withDatasecLayout}); clang writes 0 for all of them, so two maps at overlapping
     * offsets are refused with that advice.
     */
    public static List<MapDefinition> decodeAll(Btf btf) throws BtfException {
        return new MapDefinitionDecoder(btf).decodeAll();
    }

    /** The map declared by DATASEC entry {@code entry} (a VAR in {@code .maps}). */
    public static MapDefinition decode(Btf btf, BtfType.VarSecinfo entry) throws BtfException {
        return new MapDefinitionDecoder(btf).decode(entry);
    }
}

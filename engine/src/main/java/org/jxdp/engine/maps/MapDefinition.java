package org.jxdp.engine.maps;

/**
 * What an object says a map is: its {@code struct bpf_map_def} (legacy {@code maps} section) or
 * its BTF definition (the {@code .maps} section), plus the BTF types of key and value when known.
 *
 * @param name the map's name (the ELF symbol)
 * @param type the map type
 * @param keySize bytes per key
 * @param valueSize bytes per value
 * @param maxEntries capacity
 * @param flags {@code map_flags} ({@link MapFlags})
 * @param pinning {@code LIBBPF_PIN_NONE} (0) or {@code LIBBPF_PIN_BY_NAME} (1)
 * @param mapExtra {@code map_extra} (Bloom filter: number of hash functions in the low 4 bits)
 * @param keyTypeId the BTF type id of the key, or 0
 * @param valueTypeId the BTF type id of the value, or 0
 * @param inner the inner map's definition for map-in-map types, or null
 */
public record MapDefinition(String name, MapType type, int keySize, int valueSize, int maxEntries, int flags,
        int pinning, long mapExtra, int keyTypeId, int valueTypeId, MapDefinition inner) {

    /** A definition with no BTF types, no pinning and no inner map. */
    public static MapDefinition of(String name, MapType type, int keySize, int valueSize, int maxEntries, int flags) {
        return new MapDefinition(name, type, keySize, valueSize, maxEntries, flags, 0, 0, 0, 0, null);
    }

    /** The same definition with another capacity. */
    public MapDefinition withMaxEntries(int entries) {
        return new MapDefinition(name, type, keySize, valueSize, entries, flags, pinning, mapExtra, keyTypeId,
                valueTypeId, inner);
    }

    /**
     * The same text as a record's own {@code toString}, written out: the verification cache's
     * keys hold it, and the generated one is bootstrapped at its first call (about 10 ms of each
     * start for each record).
     */
    @Override
    public String toString() {
        return "MapDefinition[name=" + name + ", type=" + type + ", keySize=" + keySize + ", valueSize=" + valueSize
                + ", maxEntries=" + maxEntries + ", flags=" + flags + ", pinning=" + pinning + ", mapExtra=" + mapExtra
                + ", keyTypeId=" + keyTypeId + ", valueTypeId=" + valueTypeId + ", inner=" + inner + "]";
    }
}

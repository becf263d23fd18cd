package org.jxdp.engine.btf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the STRUCT of a {@code .maps} VAR into a {@link MapDefinition}, member by member, with
 * libbpf's encodings: {@code __uint(name, N)} is a member of type {@code int (*)[N]},
 * {@code __type(name, T)} one of type {@code T *}, {@code __array(values, T)} one of type
 * {@code T *[]}; newer libbpf also writes {@code __ulong(name, N)} as an enum with the single
 * value N, which is accepted for every integer attribute.
 */
final class MapDefinitionDecoder {
    /** {@code BPF_MAP_TYPE_PROG_ARRAY}: {@code values} are programs. */
    static final int BPF_MAP_TYPE_PROG_ARRAY = 3;
    /** {@code BPF_MAP_TYPE_ARRAY_OF_MAPS}: {@code values} are maps. */
    static final int BPF_MAP_TYPE_ARRAY_OF_MAPS = 12;
    /** {@code BPF_MAP_TYPE_HASH_OF_MAPS}: {@code values} are maps. */
    static final int BPF_MAP_TYPE_HASH_OF_MAPS = 13;
    /** The section libbpf reads BTF-defined maps from. */
    static final String MAPS_SECTION = ".maps";

    /** The members libbpf's {@code parse_btf_map_def} knows. */
    private static final Set<String> KNOWN_MEMBERS = Set.of("type", "key", "value", "key_size", "value_size",
            "max_entries", "map_flags", "numa_node", "pinning", "map_extra", "values");

    private final Btf btf;

    MapDefinitionDecoder(Btf btf) {
        this.btf = btf;
    }

    List<MapDefinition> decodeAll() throws BtfException {
        Optional<BtfType.Datasec> maps = btf.datasec(MAPS_SECTION);
        if (maps.isEmpty()) {
            return List.of();
        }
        List<MapDefinition> out = new ArrayList<>();
        for (BtfType.VarSecinfo v : maps.get().vars()) {
            out.add(decode(v));
        }
        List<MapDefinition> byOffset = new ArrayList<>(out);
        byOffset.sort(Comparator.comparingLong(MapDefinition::sectionOffset));
        for (int i = 1; i < byOffset.size(); i++) {
            MapDefinition a = byOffset.get(i - 1);
            MapDefinition b = byOffset.get(i);
            if (b.sectionOffset() < a.sectionOffset() + a.sectionSize()) {
                throw new BtfException(BtfParser.SECTION, "DATASEC '.maps'", btf.offsetOf(maps.get().id()),
                        "maps '" + a.name() + "' [" + a.sectionOffset() + ", +" + a.sectionSize() + ") and '" + b.name()
                                + "' [" + b.sectionOffset() + ", +" + b.sectionSize()
                                + ") overlap; the offsets must be the ELF symbols' (Btf.withDatasecLayout)");
            }
        }
        return List.copyOf(out);
    }

    MapDefinition decode(BtfType.VarSecinfo entry) throws BtfException {
        BtfType t = btf.type(entry.type());
        if (!(t instanceof BtfType.Var)) {
            throw btf.error(entry.type(), "a .maps entry must be a VAR, not " + Btf.describe(t));
        }
        String name = t.name();
        BtfType def = btf.resolve(((BtfType.Var) t).type());
        if (!(def instanceof BtfType.Struct)) {
            throw new BtfException(BtfParser.SECTION, "map '" + name + "'", btf.offsetOf(t.id()),
                    "the definition is " + Btf.describe(def) + ", not a struct");
        }
        return decodeStruct(name, (BtfType.Struct) def, entry.offset(), entry.size(), false);
    }

    private MapDefinition decodeStruct(String name, BtfType.Struct def, long sectionOffset, long sectionSize,
            boolean inner) throws BtfException {
        String place = "map '" + name + "'";
        long at = btf.offsetOf(def.id());
        Map<String, BtfType.Member> fields = new LinkedHashMap<>();
        for (int i = 0; i < def.members().size(); i++) {
            BtfType.Member m = def.members().get(i);
            if (m.name().isEmpty()) {
                throw new BtfException(BtfParser.SECTION, place, at, "member " + i + " has no name");
            }
            if (!KNOWN_MEMBERS.contains(m.name())) {
                throw new BtfException(BtfParser.SECTION, place, at, "unknown member '" + m.name()
                        + "' (libbpf knows type, key, value, key_size, value_size, max_entries, map_flags, numa_node, "
                        + "pinning, map_extra, values)");
            }
            if (fields.put(m.name(), m) != null) {
                throw new BtfException(BtfParser.SECTION, place, at, "member '" + m.name() + "' appears twice");
            }
        }
        long mapType = 0;
        long keySize = 0;
        int keyType = 0;
        long valueSize = 0;
        int valueType = 0;
        long maxEntries = 0;
        long flags = 0;
        long numaNode = 0;
        long pinning = 0;
        long extra = 0;
        for (BtfType.Member m : fields.values()) {
            switch (m.name()) {
                case "type":
                    mapType = u32(place, at, m);
                    break;
                case "max_entries":
                    maxEntries = u32(place, at, m);
                    break;
                case "map_flags":
                    flags = u32(place, at, m);
                    break;
                case "numa_node":
                    numaNode = u32(place, at, m);
                    break;
                case "pinning":
                    pinning = u32(place, at, m);
                    if (pinning != MapDefinition.LIBBPF_PIN_NONE && pinning != MapDefinition.LIBBPF_PIN_BY_NAME) {
                        throw new BtfException(BtfParser.SECTION, place, at, "pinning " + pinning
                                + " is neither LIBBPF_PIN_NONE (0) nor LIBBPF_PIN_BY_NAME (1)");
                    }
                    break;
                case "map_extra":
                    extra = integer(place, at, m);
                    break;
                default:
                    // key, value, key_size, value_size and values are read below, once all are known
                    break;
            }
        }
        if (fields.containsKey("key_size")) {
            keySize = u32(place, at, fields.get("key_size"));
        }
        if (fields.containsKey("key")) {
            keyType = pointee(place, at, fields.get("key"));
            keySize = agreeingSize(place, at, "key", keyType, keySize, fields.containsKey("key_size"));
        }
        if (fields.containsKey("value_size")) {
            valueSize = u32(place, at, fields.get("value_size"));
        }
        if (fields.containsKey("value")) {
            valueType = pointee(place, at, fields.get("value"));
            valueSize = agreeingSize(place, at, "value", valueType, valueSize, fields.containsKey("value_size"));
        }
        Optional<MapDefinition> innerMap = Optional.empty();
        Optional<MapDefinition.InitialValues> initial = Optional.empty();
        BtfType.Member values = fields.get("values");
        if (values != null) {
            if (inner) {
                throw new BtfException(BtfParser.SECTION, place, at, "an inner map cannot have 'values' (one level of maps in maps only)");
            }
            boolean mapInMap = mapType == BPF_MAP_TYPE_ARRAY_OF_MAPS || mapType == BPF_MAP_TYPE_HASH_OF_MAPS;
            if (!mapInMap && mapType != BPF_MAP_TYPE_PROG_ARRAY) {
                throw new BtfException(BtfParser.SECTION, place, at, "'values' needs a PROG_ARRAY (3), ARRAY_OF_MAPS (12) or "
                        + "HASH_OF_MAPS (13) map, not type " + mapType);
            }
            if (valueSize != 0 && valueSize != 4) {
                throw new BtfException(BtfParser.SECTION, place, at, "value size " + valueSize
                        + " conflicts with 'values', whose slots hold 4-byte ids");
            }
            valueSize = 4;
            BtfType arr = btf.resolve(values.type());
            if (!(arr instanceof BtfType.Array)) {
                throw new BtfException(BtfParser.SECTION, place, at, "'values' is " + btf.render(values.type())
                        + ", not an array of pointers");
            }
            BtfType ptr = btf.resolve(((BtfType.Array) arr).elemType());
            if (!(ptr instanceof BtfType.Ptr)) {
                throw new BtfException(BtfParser.SECTION, place, at, "'values' is an array of "
                        + btf.render(((BtfType.Array) arr).elemType()) + ", not of pointers");
            }
            BtfType target = btf.resolve(((BtfType.Ptr) ptr).type());
            if (mapInMap) {
                if (!(target instanceof BtfType.Struct)) {
                    throw new BtfException(BtfParser.SECTION, place, at, "the inner map of 'values' is "
                            + btf.render(((BtfType.Ptr) ptr).type()) + ", not a struct definition");
                }
                innerMap = Optional.of(decodeStruct(name + ".inner", (BtfType.Struct) target, -1, 0, true));
            } else if (!(target instanceof BtfType.FuncProto)) {
                throw new BtfException(BtfParser.SECTION, place, at, "the programs of 'values' are "
                        + btf.render(((BtfType.Ptr) ptr).type()) + ", not functions");
            }
            if (values.bitfieldSize() != 0 || values.bitOffset() % 8 != 0) {
                throw new BtfException(BtfParser.SECTION, place, at, "'values' is not at a byte offset");
            }
            long offset = values.byteOffset();
            long slots = sectionSize > offset ? (sectionSize - offset) / Btf.POINTER_SIZE : 0;
            initial = Optional.of(new MapDefinition.InitialValues(offset, (int) Math.min(slots, Integer.MAX_VALUE)));
        }
        return new MapDefinition(name, (int) mapType, keySize, keyType, valueSize, valueType, maxEntries, flags, numaNode,
                (int) pinning, extra, innerMap, initial, def.id(), sectionOffset, sectionSize);
    }

    /** The size of {@code typeId}, which must agree with an explicit {@code *_size} member. */
    private long agreeingSize(String place, long at, String what, int typeId, long explicit, boolean hasExplicit)
            throws BtfException {
        long size;
        try {
            size = btf.sizeOf(typeId);
        } catch (BtfException e) {
            // named at the map's member: the type (void, say) may have no place of its own
            throw new BtfException(BtfParser.SECTION, place, at, what + " type: " + e.reason());
        }
        if (hasExplicit && explicit != size) {
            throw new BtfException(BtfParser.SECTION, place, at, what + "_size " + explicit + " conflicts with the "
                    + what + " type " + btf.render(typeId) + " (" + size + " bytes)");
        }
        return size;
    }

    /** The type a {@code __type(name, T)} member points to. */
    private int pointee(String place, long at, BtfType.Member m) throws BtfException {
        BtfType t = btf.resolve(m.type());
        if (!(t instanceof BtfType.Ptr)) {
            throw new BtfException(BtfParser.SECTION, place, at, "'" + m.name() + "' is " + btf.render(m.type())
                    + ", not a pointer (__type(" + m.name() + ", T) declares T *" + m.name() + ")");
        }
        return ((BtfType.Ptr) t).type();
    }

    /** An integer attribute that must fit in a u32. */
    private long u32(String place, long at, BtfType.Member m) throws BtfException {
        long v = integer(place, at, m);
        if (v < 0 || v > 0xffffffffL) {
            throw new BtfException(BtfParser.SECTION, place, at, "'" + m.name() + "' is " + v + ", which does not fit in a u32");
        }
        return v;
    }

    /**
     * An integer attribute: {@code int (*name)[N]} gives N; an enum with a single enumerator (the
     * {@code __ulong} encoding) gives its value.
     */
    private long integer(String place, long at, BtfType.Member m) throws BtfException {
        BtfType t = btf.resolve(m.type());
        if (t instanceof BtfType.Ptr) {
            BtfType arr = btf.resolve(((BtfType.Ptr) t).type());
            if (arr instanceof BtfType.Array) {
                return ((BtfType.Array) arr).nelems();
            }
        } else if (t instanceof BtfType.Enumeration && ((BtfType.Enumeration) t).values().size() == 1) {
            return ((BtfType.Enumeration) t).values().get(0).value();
        }
        throw new BtfException(BtfParser.SECTION, place, at, "'" + m.name() + "' is " + btf.render(m.type())
                + ", not an integer attribute (__uint(" + m.name() + ", N) declares int (*" + m.name() + ")[N])");
    }
}

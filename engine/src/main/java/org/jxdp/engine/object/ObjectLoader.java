package org.jxdp.engine.object;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jxdp.engine.btf.Btf;
import org.jxdp.engine.btf.BtfException;
import org.jxdp.engine.btf.BtfExt;
import org.jxdp.engine.btf.LineInfo;
import org.jxdp.engine.elf.ElfException;
import org.jxdp.engine.elf.ElfFile;
import org.jxdp.engine.elf.ElfFile.Relocation;
import org.jxdp.engine.elf.ElfFile.Section;
import org.jxdp.engine.elf.ElfFile.Symbol;
import org.jxdp.engine.maps.ArrayMap;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.maps.MapDefinition;
import org.jxdp.engine.maps.MapFactory;
import org.jxdp.engine.maps.MapType;
import org.jxdp.engine.maps.ProgArrayMap;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.verifier.AccessProofs;
import org.jxdp.engine.verifier.ProgramRejectedException;
import org.jxdp.engine.verifier.StructuralChecker;
import org.jxdp.engine.verifier.Verification;
import org.jxdp.engine.verifier.Verifier;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.HelperTable;
import org.jxdp.engine.vm.ProgramEnvironment;

/**
 * Turns an ELF object into a {@link BpfObject} the way libbpf's {@code bpf_object__open} and
 * {@code __load} do: maps from the legacy {@code maps} section ({@code struct bpf_map_def} of any
 * record size) and from BTF ({@code .maps}); global data sections as single-element arrays;
 * programs from every code section but {@code .text}, split by function symbols and linked
 * ({@link ProgramLinker}); {@code values} initialisers of prog arrays; line info from
 * {@code .BTF.ext}.
 */
final class ObjectLoader {
    private final ElfFile elf;
    private final LoadOptions options;
    private final BpfRuntime runtime;
    private Btf btf;
    private BtfExt btfExt;
    /** Map id by (section index, symbol name) for map sections. */
    private final Map<String, Integer> mapBySymbol = new HashMap<>();
    /** Map id by section index for global data. */
    private final Map<Integer, Integer> dataMaps = new HashMap<>();
    private final List<BpfMap> maps = new ArrayList<>();
    /** Initial values of prog arrays and map-in-maps: (map, slot, symbol). */
    private final List<Object[]> initialValues = new ArrayList<>();

    private ObjectLoader(ElfFile elf, LoadOptions options) {
        this.elf = elf;
        this.options = options;
        this.runtime = options.runtime();
    }

    static BpfObject load(String name, byte[] data, LoadOptions options) throws ElfException {
        ElfFile elf = ElfFile.parse(name, data);
        return new ObjectLoader(elf, options).load();
    }

    private BpfObject load() throws ElfException {
        String license = license();
        long version = version();
        readBtf();
        BpfObject obj = new BpfObject(elf.name(), license, version, runtime, btf);
        legacyMaps();
        btfMaps();
        globalData();
        obj.maps(maps);
        obj.programs(programs(obj));
        applyInitialValues(obj);
        return obj;
    }

    // ---------------------------------------------------------------- license, version, BTF

    private String license() {
        Section s = elf.section("license");
        if (s == null) {
            return "";
        }
        byte[] b = elf.contents(s);
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    private long version() {
        Section s = elf.section("version");
        if (s == null || s.size() < 4) {
            return 0;
        }
        return ByteBuffer.wrap(elf.contents(s)).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
    }

    private void readBtf() throws ElfException {
        Section s = elf.section(".BTF");
        if (s == null) {
            return;
        }
        try {
            btf = Btf.parse(elf.contents(s));
        } catch (BtfException e) {
            throw new ElfException(elf.name(), e.getMessage(), e);
        }
        Section ext = elf.section(".BTF.ext");
        if (ext != null) {
            try {
                btfExt = BtfExt.parse(elf.contents(ext), btf);
            } catch (BtfException e) {
                throw new ElfException(elf.name(), e.getMessage(), e);
            }
        }
    }

    // ---------------------------------------------------------------- maps

    private BpfMap create(MapDefinition def) throws ElfException {
        BpfMap running = options.reuse().get(def.name());
        if (running != null) {
            MapDefinition r = running.definition();
            String differs = r.type() != def.type() ? "type " + r.type().bpftoolName() + " vs " + def.type().bpftoolName()
                    : r.keySize() != def.keySize() ? "key size " + r.keySize() + " vs " + def.keySize()
                    : r.valueSize() != def.valueSize() ? "value size " + r.valueSize() + " vs " + def.valueSize()
                    : r.maxEntries() != def.maxEntries() ? "max_entries " + r.maxEntries() + " vs " + def.maxEntries()
                    : r.flags() != def.flags() ? "flags " + r.flags() + " vs " + def.flags() : null;
            if (differs != null) {
                throw new ElfException(elf.name(), "map " + def.name() + " cannot take over the running map of that "
                        + "name: " + differs + " (running vs new)");
            }
            maps.add(running);
            return running;
        }
        try {
            BpfMap m = MapFactory.create(def, runtime);
            maps.add(m);
            return m;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            String msg = e.getMessage().startsWith(def.name() + ": ") ? e.getMessage() : def.name() + ": " + e.getMessage();
            throw new ElfException(elf.name(), "map " + msg, e);
        }
    }

    private List<Symbol> symbolsIn(Section s) {
        List<Symbol> out = new ArrayList<>();
        for (Symbol sym : elf.symbols()) {
            if (sym.section() == s.index() && sym.type() != ElfFile.STT_SECTION && !sym.name().isEmpty()) {
                out.add(sym);
            }
        }
        out.sort((a, b) -> Long.compare(a.value(), b.value()));
        return out;
    }

    /** {@code struct bpf_map_def} records in the legacy {@code maps} section: 5 to 7 u32 fields and more. */
    private void legacyMaps() throws ElfException {
        Section s = elf.section("maps");
        if (s == null) {
            return;
        }
        List<Symbol> syms = symbolsIn(s);
        if (syms.isEmpty()) {
            if (s.size() > 0) {
                throw new ElfException(elf.name(), "section maps: " + s.size() + " bytes but no map symbols");
            }
            return;
        }
        if (s.size() % syms.size() != 0) {
            throw new ElfException(elf.name(), "section maps: size " + s.size() + " is not a multiple of its "
                    + syms.size() + " map symbols");
        }
        long recordSize = s.size() / syms.size();
        if (recordSize < 20) {
            throw new ElfException(elf.name(), "section maps: map definitions of " + recordSize
                    + " bytes are smaller than struct bpf_map_def (20 bytes)");
        }
        byte[] bytes = elf.contents(s);
        if (bytes.length != s.size()) {
            throw new ElfException(elf.name(), "section maps: " + s.size() + " bytes declared, " + bytes.length
                    + " to read");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<MapDefinition> defs = new ArrayList<>();
        List<Integer> innerIndexes = new ArrayList<>();
        for (Symbol sym : syms) {
            // st_value is unsigned: a value past 2^63 reads as negative, and adding to it may wrap
            if (sym.value() < 0 || sym.value() % recordSize != 0 || sym.value() > s.size() - recordSize) {
                throw new ElfException(elf.name(), "section maps: map " + sym.name() + " at offset "
                        + Long.toUnsignedString(sym.value()) + " is not on a " + recordSize + "-byte record of the section's "
                        + s.size() + " bytes");
            }
            int at = (int) sym.value();
            long type = b.getInt(at) & 0xffffffffL;
            MapType t = MapType.ofId(type);
            if (t == null || t == MapType.BPF_MAP_TYPE_UNSPEC) {
                throw new ElfException(elf.name(), "map " + sym.name() + ": unknown map type " + type);
            }
            int keySize = b.getInt(at + 4);
            int valueSize = b.getInt(at + 8);
            int maxEntries = b.getInt(at + 12);
            int flags = b.getInt(at + 16);
            int innerIdx = recordSize >= 24 ? b.getInt(at + 20) : 0;
            defs.add(new MapDefinition(sym.name(), t, keySize, valueSize, maxEntries, flags, 0, 0, 0, 0, null));
            innerIndexes.add(innerIdx);
        }
        for (int i = 0; i < defs.size(); i++) {
            MapDefinition d = defs.get(i);
            if (isMapInMap(d.type())) {
                int inner = innerIndexes.get(i);
                if (inner < 0 || inner >= defs.size() || inner == i) {
                    throw new ElfException(elf.name(), "map " + d.name() + ": inner_map_idx " + inner
                            + " does not name another map of the section");
                }
                MapDefinition t = defs.get(inner);
                d = new MapDefinition(d.name(), d.type(), d.keySize(), d.valueSize(), d.maxEntries(), d.flags(), 0, 0, 0,
                        0, t);
            }
            BpfMap m = create(d);
            mapBySymbol.put(s.index() + ":" + syms.get(i).name(), m.id());
        }
    }

    private static boolean isMapInMap(MapType t) {
        return t == MapType.BPF_MAP_TYPE_ARRAY_OF_MAPS || t == MapType.BPF_MAP_TYPE_HASH_OF_MAPS;
    }

    /** BTF-defined maps in {@code .maps}. */
    private void btfMaps() throws ElfException {
        Section s = elf.section(".maps");
        if (s == null) {
            return;
        }
        if (btf == null) {
            throw new ElfException(elf.name(), "section .maps needs BTF to describe its maps, and the object has no "
                    + ".BTF section (build with clang -g)");
        }
        Map<String, Long> offsets = new LinkedHashMap<>();
        for (Symbol sym : symbolsIn(s)) {
            offsets.put(sym.name(), sym.value());
        }
        List<org.jxdp.engine.btf.MapDefinition> defs;
        try {
            Btf laid = btf.withDatasecLayout(".maps", s.size(), offsets);
            defs = org.jxdp.engine.btf.MapDefinition.decodeAll(laid);
        } catch (BtfException e) {
            throw new ElfException(elf.name(), "section .maps: " + e.getMessage(), e);
        }
        Map<Long, Relocation> relocs = new HashMap<>();
        Section rel = elf.relocationsFor(s);
        if (rel != null) {
            for (Relocation r : elf.relocations(rel)) {
                relocs.put(r.offset(), r);
            }
        }
        for (org.jxdp.engine.btf.MapDefinition d : defs) {
            MapDefinition def = convert(d);
            BpfMap m = create(def);
            mapBySymbol.put(s.index() + ":" + d.name(), m.id());
            if (d.initialValues().isPresent()) {
                org.jxdp.engine.btf.MapDefinition.InitialValues iv = d.initialValues().get();
                for (int slot = 0; slot < iv.slots(); slot++) {
                    Relocation r = relocs.get(d.sectionOffset() + iv.offset() + 8L * slot);
                    if (r != null) {
                        initialValues.add(new Object[] {m, slot, elf.symbols().get(r.symbol())});
                    }
                }
            }
        }
    }

    private MapDefinition convert(org.jxdp.engine.btf.MapDefinition d) throws ElfException {
        MapType t = MapType.ofId(d.mapType());
        if (t == null || t == MapType.BPF_MAP_TYPE_UNSPEC) {
            throw new ElfException(elf.name(), "map " + d.name() + ": unknown or missing map type " + d.mapType());
        }
        if (d.keySize() > Integer.MAX_VALUE || d.valueSize() > Integer.MAX_VALUE || d.maxEntries() > Integer.MAX_VALUE
                || d.mapFlags() > Integer.MAX_VALUE) {
            throw new ElfException(elf.name(), "map " + d.name() + ": key_size, value_size, max_entries or map_flags "
                    + "is too large");
        }
        MapDefinition inner = d.innerMap().isPresent() ? convert(d.innerMap().get()) : null;
        int maxEntries = (int) d.maxEntries();
        if (maxEntries == 0 && t == MapType.BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
            maxEntries = runtime.cpus();
        }
        return new MapDefinition(d.name(), t, (int) d.keySize(), (int) d.valueSize(), maxEntries, (int) d.mapFlags(),
                d.pinning(), d.mapExtra(), d.keyTypeId(), d.valueTypeId(), inner);
    }

    /** {@code .data}, {@code .bss}, {@code .rodata} and their {@code .data.*}/{@code .rodata.*} variants. */
    private void globalData() throws ElfException {
        for (Section s : elf.sections()) {
            String n = s.name();
            boolean data = n.equals(".data") || n.startsWith(".data.") || n.equals(".bss") || n.startsWith(".bss.");
            boolean rodata = n.equals(".rodata") || n.startsWith(".rodata.");
            if (!data && !rodata || s.executable()) {
                continue;
            }
            if (s.size() > Integer.MAX_VALUE - 64) {
                throw new ElfException(elf.name(), "section " + n + ": " + s.size() + " bytes of global data is too large");
            }
            if (s.size() == 0) {
                continue;
            }
            BpfMap m = runtime.register(ArrayMap.globalData(n, elf.contents(s), rodata));
            maps.add(m);
            dataMaps.put(s.index(), m.id());
        }
    }

    // ---------------------------------------------------------------- programs

    private List<BpfProgram> programs(BpfObject obj) throws ElfException {
        ProgramLinker linker = new ProgramLinker(elf, new ProgramLinker.Symbols() {
            @Override
            public int mapAt(Section section, Symbol symbol) {
                Integer id = mapBySymbol.get(section.index() + ":" + symbol.name());
                if (id == null && symbol.type() == ElfFile.STT_SECTION) {
                    return -1;
                }
                return id == null ? -1 : id;
            }

            @Override
            public int dataMap(Section section) {
                Integer id = dataMaps.get(section.index());
                return id == null ? -1 : id;
            }
        });
        HelperTable helpers = options.loadPrograms() ? options.helpers().apply(runtime) : HelperTable.empty();
        ProgramEnvironment env = runtime.environment(helpers);
        Verifier verifier = options.loadPrograms() && options.verify()
                ? Verifier.forXdp(env, id -> {
                    BpfMap m = runtime.map(id);
                    return m == null ? null : m.definition();
                }).license(obj.license())
                : null;
        List<BpfProgram> out = new ArrayList<>();
        for (Section s : elf.sections()) {
            if (!s.executable() || s.type() != ElfFile.SHT_PROGBITS || s.size() == 0 || s.name().equals(".text")) {
                continue;
            }
            ProgramType type = ProgramType.ofSection(s.name());
            for (ProgramLinker.Function f : linker.functions(s).values()) {
                ProgramLinker.Linked linked = linker.link(f);
                SourceLines lines = sourceLines(linked);
                Executable exe = null;
                String[] warning = new String[1];
                String error = null;
                int id = -1;
                Verification verification = null;
                if (!options.loadPrograms()) {
                    error = "not loaded (listing only)";
                } else if (type != ProgramType.XDP) {
                    error = "section " + s.name() + " is not an XDP program; jxdp runs XDP programs only";
                } else {
                    try {
                        if (verifier != null) {
                            // a structural refusal is a load error with or without the verifier
                            StructuralChecker.check(linked.program(), env);
                            verification = options.verificationCache() == null
                                    ? verifier.verify(linked.program(), lines::location)
                                    : options.verificationCache().verify(verifier, linked.program(), lines::location);
                        }
                        if (verification == null || verification.accepted()) {
                            exe = options.engine().loadOrFallBack(linked.program(), env,
                                    verification == null ? AccessProofs.EMPTY : verification.proofs(),
                                    w -> warning[0] = w);
                            id = runtime.registerProgram(f.name(), exe);
                        } else {
                            error = verification.rejection().orElseThrow().message();
                        }
                    } catch (ProgramRejectedException e) {
                        error = withSource(e, lines);
                    }
                }
                out.add(new BpfProgram(obj, f.name(), s.name(), type, linked.program(), lines, exe, error, warning[0], id,
                        verification));
            }
        }
        return out;
    }

    private static String withSource(ProgramRejectedException e, SourceLines lines) {
        String where = e.pc() >= 0 ? lines.location(e.pc()) : null;
        return where == null ? e.getMessage() : e.getMessage() + " [" + where + "]";
    }

    private SourceLines sourceLines(ProgramLinker.Linked linked) {
        int n = linked.program().length();
        String[] loc = new String[n];
        String[] text = new String[n];
        if (btfExt == null) {
            return SourceLines.none();
        }
        for (int i = 0; i < n; i++) {
            Section s = elf.sections().get(linked.originSection()[i]);
            Optional<LineInfo> li = btfExt.lineAt(s.name(), linked.originIndex()[i]);
            if (li.isPresent() && li.get().line() > 0) {
                loc[i] = li.get().location();
                text[i] = li.get().lineText();
            }
        }
        return new SourceLines(loc, text);
    }

    /** Fills prog arrays (and map-in-maps) from their {@code .values = { ... }} initialisers. */
    private void applyInitialValues(BpfObject obj) throws ElfException {
        for (Object[] iv : initialValues) {
            BpfMap m = (BpfMap) iv[0];
            int slot = (Integer) iv[1];
            Symbol sym = (Symbol) iv[2];
            if (m instanceof ProgArrayMap pa) {
                BpfProgram target = null;
                for (BpfProgram p : obj.programs()) {
                    if (p.name().equals(sym.name())) {
                        target = p;
                    }
                }
                if (target == null) {
                    throw new ElfException(elf.name(), "map " + m.name() + ": slot " + slot + " names " + sym.name()
                            + ", which is not a program of the object");
                }
                if (target.loaded()) {
                    int err = pa.set(slot, target.id());
                    if (err != 0) {
                        throw new ElfException(elf.name(), "map " + m.name() + ": slot " + slot + ": error " + err);
                    }
                }
            } else {
                Integer inner = null;
                for (Map.Entry<String, Integer> e : mapBySymbol.entrySet()) {
                    if (e.getKey().endsWith(":" + sym.name())) {
                        inner = e.getValue();
                    }
                }
                if (inner == null) {
                    throw new ElfException(elf.name(), "map " + m.name() + ": slot " + slot + " names " + sym.name()
                            + ", which is not a map of the object");
                }
                byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(slot).array();
                byte[] value = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(inner).array();
                int err = m.update(key, value, 0);
                if (err != 0) {
                    throw new ElfException(elf.name(), "map " + m.name() + ": slot " + slot + " (" + sym.name()
                            + "): error " + err);
                }
            }
        }
    }
}

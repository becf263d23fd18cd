package org.jxdp.engine.btf;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed .BTF section: its types by id and the questions a loader asks of them (what is type
 * 12, what does it resolve to, how big is it, where is member {@code data} of {@code struct
 * xdp_md}, which variables does the {@code .maps} section hold).
 *
 * <p>Parsing checks everything a later question relies on: every offset and count against the
 * section, every string offset against the string table, every type id against the number of
 * types, the kinds of the types that FUNC, DATASEC and DECL_TAG refer to, and that no chain of
 * typedefs, qualifiers, pointers and array elements loops or runs longer than
 * {@link #MAX_RESOLVE_DEPTH}. Immutable and safe to share between threads.
 */
public final class Btf {
    /**
     * The longest chain of typedefs, qualifiers, pointers and array elements followed before a
     * chain is called a loop (libbpf's {@code MAX_RESOLVE_DEPTH}).
     */
    public static final int MAX_RESOLVE_DEPTH = 32;
    /** The size of a pointer on BPF. */
    public static final int POINTER_SIZE = 8;

    private final ByteOrder order;
    private final int flags;
    private final List<BtfType> types;
    private final long[] offsets;
    private final StringTable strings;
    private final Map<String, List<Integer>> byName;

    Btf(ByteOrder order, int flags, List<BtfType> types, long[] offsets, StringTable strings) {
        this.order = order;
        this.flags = flags;
        this.types = List.copyOf(types);
        this.offsets = offsets;
        this.strings = strings;
        Map<String, List<Integer>> names = new HashMap<>();
        for (BtfType t : this.types) {
            if (!t.name().isEmpty()) {
                names.computeIfAbsent(t.name(), k -> new ArrayList<>(1)).add(t.id());
            }
        }
        this.byName = names;
    }

    /**
     * Parses the bytes of a .BTF section (either byte order; the magic says which).
     *
     * @throws BtfException naming the offset of the first thing that is wrong
     */
    public static Btf parse(byte[] section) throws BtfException {
        return BtfParser.parse(section);
    }

    /** The byte order the section was written in. */
    public ByteOrder byteOrder() {
        return order;
    }

    /** The header's flags byte. */
    public int flags() {
        return flags;
    }

    /** The highest type id; the types are 1..maxTypeId(), 0 is void. */
    public int maxTypeId() {
        return types.size() - 1;
    }

    /** Every type, indexed by id; element 0 is {@link BtfType.Void}. */
    public List<BtfType> types() {
        return types;
    }

    /** The type with id {@code id}. */
    public BtfType type(int id) throws BtfException {
        if (id < 0 || id >= types.size()) {
            throw new BtfException(BtfParser.SECTION, "type " + Integer.toUnsignedString(id), -1,
                    "no such type (the last id is " + maxTypeId() + ")");
        }
        return types.get(id);
    }

    /** The type with id {@code id}, which must be of the given kind ({@code BtfType.Struct.class}). */
    public <T extends BtfType> T type(int id, Class<T> kind) throws BtfException {
        BtfType t = type(id);
        if (!kind.isInstance(t)) {
            throw error(id, "is " + describe(t) + ", not a " + kind.getSimpleName().toUpperCase(Locale.ROOT));
        }
        return kind.cast(t);
    }

    /** The byte offset of type {@code id}'s btf_type in the section, or -1 for void or no such type. */
    public long offsetOf(int id) {
        return id > 0 && id < offsets.length ? offsets[id] : -1;
    }

    /** The name of type {@code id}, "" when anonymous. */
    public String name(int id) throws BtfException {
        return type(id).name();
    }

    /**
     * The string at {@code offset} in the string table (for .BTF.ext, whose records point here).
     *
     * @throws BtfException when the offset is outside the table
     */
    public String string(long offset) throws BtfException {
        return strings.at(offset, BtfParser.SECTION, "string table", -1, "string offset");
    }

    /** A decoder of the string table for one parse of {@code section} (.BTF.ext), with its own budget. */
    StringTable.Decoder stringDecoder(String section) {
        return strings.decoder(section);
    }

    /** The id {@code id} resolves to once typedefs, qualifiers and type tags are skipped. */
    public int resolveId(int id) throws BtfException {
        int cur = id;
        for (int depth = 0; depth <= MAX_RESOLVE_DEPTH; depth++) {
            BtfType t = type(cur);
            if (!(t instanceof BtfType.Modifier)) {
                return cur;
            }
            cur = ((BtfType.Modifier) t).type();
        }
        throw error(id, "typedefs and qualifiers do not end within " + MAX_RESOLVE_DEPTH + " steps (a loop)");
    }

    /** The type {@code id} resolves to once typedefs, qualifiers and type tags are skipped. */
    public BtfType resolve(int id) throws BtfException {
        return type(resolveId(id));
    }

    /**
     * The size in bytes of type {@code id}: ints, enums, floats, structs, unions and DATASECs say
     * it; pointers are 8; arrays are element size × nelems; typedefs, qualifiers, type tags and
     * VARs have the size of what they name.
     *
     * @throws BtfException for void, functions, prototypes, forward declarations and decl tags,
     *     which have no size, and for sizes that do not fit in a u32
     */
    public long sizeOf(int id) throws BtfException {
        return sizeOf(id, id, 0);
    }

    private long sizeOf(int asked, int id, int depth) throws BtfException {
        if (depth > MAX_RESOLVE_DEPTH) {
            throw error(asked, "its size depends on more than " + MAX_RESOLVE_DEPTH + " nested types (a loop)");
        }
        BtfType t = type(id);
        if (t instanceof BtfType.Int) {
            return ((BtfType.Int) t).size();
        } else if (t instanceof BtfType.Ptr) {
            return POINTER_SIZE;
        } else if (t instanceof BtfType.Array) {
            BtfType.Array a = (BtfType.Array) t;
            long elem = sizeOf(asked, a.elemType(), depth + 1);
            if (a.nelems() != 0 && elem > 0xffffffffL / a.nelems()) {
                throw error(id, "array of " + a.nelems() + " elements of " + elem + " bytes is larger than 4 GiB");
            }
            return elem * a.nelems();
        } else if (t instanceof BtfType.Composite) {
            return ((BtfType.Composite) t).size();
        } else if (t instanceof BtfType.Enumeration) {
            return ((BtfType.Enumeration) t).size();
        } else if (t instanceof BtfType.Float) {
            return ((BtfType.Float) t).size();
        } else if (t instanceof BtfType.Datasec) {
            return ((BtfType.Datasec) t).size();
        } else if (t instanceof BtfType.Modifier) {
            return sizeOf(asked, ((BtfType.Modifier) t).type(), depth + 1);
        } else if (t instanceof BtfType.Var) {
            return sizeOf(asked, ((BtfType.Var) t).type(), depth + 1);
        }
        if (asked != id) {
            throw error(asked, describe(type(asked)) + " is made of " + describe(t) + ", which has no size");
        }
        throw error(id, describe(t) + " has no size");
    }

    /**
     * Member {@code name} of the struct or union {@code compositeId} (after typedefs and
     * qualifiers), looking inside anonymous struct and union members as C does. The member's
     * bit offset is from the start of {@code compositeId}, also when it sits in an anonymous
     * member.
     *
     * @throws BtfException when {@code compositeId} is not a struct or union
     */
    public Optional<BtfType.Member> member(int compositeId, String name) throws BtfException {
        BtfType t = resolve(compositeId);
        if (!(t instanceof BtfType.Composite)) {
            throw error(compositeId, "is " + describe(t) + ", not a struct or union");
        }
        return findMember((BtfType.Composite) t, name, 0, 0, new HashSet<>());
    }

    /**
     * Searches {@code c} and, depth first, its anonymous members. A composite searched in vain is
     * not searched again ({@code searched}), so the work is bounded by the number of members
     * however the anonymous members nest.
     */
    private Optional<BtfType.Member> findMember(BtfType.Composite c, String name, long base, int depth,
            Set<Integer> searched) throws BtfException {
        for (BtfType.Member m : c.members()) {
            if (m.name().equals(name)) {
                return Optional.of(new BtfType.Member(m.name(), m.type(), base + m.bitOffset(), m.bitfieldSize()));
            }
        }
        if (depth < MAX_RESOLVE_DEPTH) {
            for (BtfType.Member m : c.members()) {
                if (m.name().isEmpty()) {
                    BtfType inner = resolve(m.type());
                    if (inner instanceof BtfType.Composite && !searched.contains(inner.id())) {
                        Optional<BtfType.Member> found = findMember((BtfType.Composite) inner, name, base + m.bitOffset(),
                                depth + 1, searched);
                        if (found.isPresent()) {
                            return found;
                        }
                    }
                }
            }
        }
        searched.add(c.id());
        return Optional.empty();
    }

    /** The ids of every type named {@code name}, in id order. */
    public List<Integer> idsNamed(String name) {
        return Collections.unmodifiableList(byName.getOrDefault(name, List.of()));
    }

    /** The first type named {@code name} of the given kind ({@code BtfType.Var.class}). */
    public <T extends BtfType> Optional<T> find(String name, Class<T> kind) {
        for (int id : byName.getOrDefault(name, List.of())) {
            BtfType t = types.get(id);
            if (kind.isInstance(t)) {
                return Optional.of(kind.cast(t));
            }
        }
        return Optional.empty();
    }

    /** The DATASEC named {@code name} ({@code .maps}, {@code .data}, {@code .rodata}, {@code .bss}). */
    public Optional<BtfType.Datasec> datasec(String name) {
        return find(name, BtfType.Datasec.class);
    }

    /** The first VAR named {@code name}. */
    public Optional<BtfType.Var> var(String name) {
        return find(name, BtfType.Var.class);
    }

    /** The first FUNC named {@code name}. */
    public Optional<BtfType.Func> func(String name) {
        return find(name, BtfType.Func.class);
    }

    /**
     * Type {@code id} in C syntax for messages: {@code struct iphdr}, {@code __u32 *},
     * {@code int [4]}, {@code int (*)(struct xdp_md *)}; a FUNC renders as its declaration
     * ({@code int xdp_prog(struct xdp_md *)}), a VAR as {@code type name}. Never fails: an id that
     * does not exist renders as {@code <no type 99>}.
     */
    public String render(int id) {
        return new CTypeSyntax(this).render(id);
    }

    /**
     * A copy where the DATASEC {@code name} has its ELF section's size and each of its variables
     * the offset of its ELF symbol, as libbpf does before loading: clang writes 0 for both in a
     * relocatable object, and the loader knows them from the section header and the symbol table.
     *
     * @param symbolOffsets variable name → symbol value (its offset in the section)
     * @throws BtfException when there is no such DATASEC, a variable has no symbol, or a variable
     *     would not fit in the section
     */
    public Btf withDatasecLayout(String name, long size, Map<String, Long> symbolOffsets) throws BtfException {
        BtfType.Datasec ds = datasec(name).orElseThrow(() -> new BtfException(BtfParser.SECTION, "DATASEC '" + name + "'",
                -1, "there is no DATASEC of that name"));
        if (size < 0 || size > 0xffffffffL) {
            throw error(ds.id(), "section size " + size + " does not fit in a u32");
        }
        List<BtfType.VarSecinfo> vars = new ArrayList<>(ds.vars().size());
        for (BtfType.VarSecinfo v : ds.vars()) {
            String var = types.get(v.type()).name();
            Long off = symbolOffsets.get(var);
            if (off == null) {
                throw error(ds.id(), "variable '" + var + "' has no symbol offset");
            }
            if (off < 0 || off > size || v.size() > size - off) {
                throw error(ds.id(), "variable '" + var + "' at offset " + off + " with size " + v.size()
                        + " does not fit in the section's " + size + " bytes");
            }
            vars.add(new BtfType.VarSecinfo(v.type(), off, v.size()));
        }
        List<BtfType> copy = new ArrayList<>(types);
        copy.set(ds.id(), new BtfType.Datasec(ds.id(), ds.name(), size, vars));
        return new Btf(order, flags, copy, offsets, strings);
    }

    /** {@code STRUCT 'xdp_md'}, {@code PTR}, {@code void}: a type's kind and name for messages. */
    static String describe(BtfType t) {
        if (t.id() == 0) {
            return "void";
        }
        return t.kindName() + (t.name().isEmpty() ? " (anon)" : " '" + t.name() + "'");
    }

    /** An error about type {@code id}, placed at its btf_type. */
    BtfException error(int id, String reason) {
        return new BtfException(BtfParser.SECTION, "type " + id, offsetOf(id), reason);
    }
}

package org.jxdp.engine.btf;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed .BTF.ext section: per ELF section, where functions start (func_info), which source
 * line each instruction comes from (line_info) and the CO-RE relocations. Its strings live in
 * the .BTF string table, so it is parsed against a {@link Btf}.
 * <pre>
 *   btf_ext_header
 *   0               2       3       4               8
 *   +---------------+-------+-------+---------------+
 *   |  magic 0xeB9F |version| flags |    hdr_len    |
 *   +---------------+-------+-------+---------------+
 *   | func_info_off | func_info_len | line_info_off |   offsets count from the end
 *   +---------------+---------------+---------------+   of the header (hdr_len)
 *   | line_info_len | core_relo_off | core_relo_len |   core_relo_*: only when hdr_len >= 32
 *   +---------------+---------------+---------------+
 *
 *   each subsection: rec_size, then btf_ext_info blocks until its end
 *   +---------------+---------------+---------------+------------------------------------+
 *   |   rec_size    | sec_name_off  |   num_info    | num_info records of rec_size bytes | ...
 *   +---------------+---------------+---------------+------------------------------------+
 *                   '--------------- one block per ELF section ------------------------'
 *   bpf_func_info  (8 bytes):  insn_off, type_id
 *   bpf_line_info  (16 bytes): insn_off, file_name_off, line_off, line_col (line &lt;&lt; 10 | col)
 *   bpf_core_relo  (16 bytes): insn_off, type_id, access_str_off, kind
 * </pre>
 * {@code insn_off} is in bytes from the start of the ELF section (the kernel wants instruction
 * indexes; libbpf divides by 8). A {@code rec_size} larger than the known record is honoured:
 * the extra bytes are skipped. In a relocatable object {@code .rel.BTF.ext} relocates the
 * insn_off fields against section symbols, whose value is 0, so the loader needs not apply it.
 */
public final class BtfExt {
    static final String SECTION = ".BTF.ext";
    /** The header up to line_info_len. */
    static final int MIN_HEADER_SIZE = 24;
    /** The header with core_relo_off and core_relo_len. */
    static final int CORE_HEADER_SIZE = 32;
    /** {@code sizeof(struct bpf_func_info)}. */
    static final int FUNC_INFO_SIZE = 8;
    /** {@code sizeof(struct bpf_line_info)}. */
    static final int LINE_INFO_SIZE = 16;
    /** {@code sizeof(struct bpf_core_relo)}. */
    static final int CORE_RELO_SIZE = 16;

    private final ByteOrder order;
    private final int flags;
    private final List<String> sections;
    private final Map<String, List<FuncInfo>> funcInfo;
    private final Map<String, LineTable> lineInfo;
    private final Map<String, List<CoreRelo>> coreRelos;

    private BtfExt(ByteOrder order, int flags, List<String> sections, Map<String, List<FuncInfo>> funcInfo,
            Map<String, LineTable> lineInfo, Map<String, List<CoreRelo>> coreRelos) {
        this.order = order;
        this.flags = flags;
        this.sections = List.copyOf(sections);
        this.funcInfo = funcInfo;
        this.lineInfo = lineInfo;
        this.coreRelos = coreRelos;
    }

    /**
     * Parses the bytes of a .BTF.ext section whose strings and types are in {@code btf}.
     *
     * @throws BtfException naming the offset of the first thing that is wrong
     */
    public static BtfExt parse(byte[] section, Btf btf) throws BtfException {
        ByteOrder order = SectionBytes.orderFromMagic(SECTION, section);
        return new Reader(new SectionBytes(SECTION, section, order), btf).run();
    }

    /** The byte order the section was written in. */
    public ByteOrder byteOrder() {
        return order;
    }

    /** The header's flags byte. */
    public int flags() {
        return flags;
    }

    /** Every ELF section with func_info, line_info or CO-RE records, in order of first appearance. */
    public List<String> sections() {
        return sections;
    }

    /** The functions of ELF section {@code section}, in the order recorded; empty when none. */
    public List<FuncInfo> funcInfo(String section) {
        return funcInfo.getOrDefault(section, List.of());
    }

    /** The line table of ELF section {@code section}; empty when it has no line info. */
    public LineTable lineInfo(String section) {
        return lineInfo.getOrDefault(section, LineTable.empty());
    }

    /** The source line of instruction {@code insnIndex} of ELF section {@code section}, if recorded. */
    public Optional<LineInfo> lineAt(String section, int insnIndex) {
        return lineInfo(section).at(insnIndex);
    }

    /** The CO-RE relocations of ELF section {@code section}, in the order recorded. */
    public List<CoreRelo> coreRelos(String section) {
        return coreRelos.getOrDefault(section, List.of());
    }

    /** Every CO-RE relocation, section by section. */
    public List<CoreRelo> coreRelos() {
        List<CoreRelo> all = new ArrayList<>();
        for (List<CoreRelo> l : coreRelos.values()) {
            all.addAll(l);
        }
        return List.copyOf(all);
    }

    /** Reads one section; each subsection's records are decoded by its {@link RecordKind}. */
    private static final class Reader {
        private final SectionBytes in;
        private final Btf btf;
        private final StringTable.Decoder strings;
        private final Set<String> sections = new LinkedHashSet<>();
        private final Map<String, List<FuncInfo>> funcs = new LinkedHashMap<>();
        private final Map<String, List<LineInfo>> lines = new LinkedHashMap<>();
        private final Map<String, List<CoreRelo>> relos = new LinkedHashMap<>();

        Reader(SectionBytes in, Btf btf) {
            this.in = in;
            this.btf = btf;
            this.strings = btf.stringDecoder(SECTION);
        }

        BtfExt run() throws BtfException {
            in.require(0, 8, "header", "the fixed part of btf_ext_header (magic, version, flags, hdr_len)");
            int version = in.u8(2, "header");
            if (version != BtfUapi.BTF_VERSION) {
                throw new BtfException(SECTION, "header", 2, "unsupported .BTF.ext version " + version + " (only 1 exists)");
            }
            int flags = in.u8(3, "header");
            long hdrLen = in.u32(4, "header");
            if (hdrLen < MIN_HEADER_SIZE) {
                throw new BtfException(SECTION, "header", 4, "hdr_len " + hdrLen
                        + " is smaller than the btf_ext_header up to line_info_len (" + MIN_HEADER_SIZE + " bytes)");
            }
            if (hdrLen > in.length()) {
                throw new BtfException(SECTION, "header", 4,
                        "hdr_len " + hdrLen + " is past the end of the section (" + in.length() + " bytes)");
            }
            subsection(RecordKind.FUNC_INFO, hdrLen, 8);
            subsection(RecordKind.LINE_INFO, hdrLen, 16);
            if (hdrLen >= CORE_HEADER_SIZE) {
                subsection(RecordKind.CORE_RELO, hdrLen, 24);
            }
            Map<String, List<FuncInfo>> f = new LinkedHashMap<>();
            funcs.forEach((k, v) -> f.put(k, List.copyOf(v)));
            Map<String, LineTable> l = new LinkedHashMap<>();
            lines.forEach((k, v) -> l.put(k, LineTable.of(v)));
            Map<String, List<CoreRelo>> c = new LinkedHashMap<>();
            relos.forEach((k, v) -> c.put(k, List.copyOf(v)));
            return new BtfExt(in.order(), flags, List.copyOf(sections), f, l, c);
        }

        /** The subsection whose off/len fields are at {@code field} and {@code field + 4}. */
        private void subsection(RecordKind kind, long hdrLen, int field) throws BtfException {
            long off = in.u32(field, "header");
            long len = in.u32(field + 4, "header");
            if (len == 0) {
                return;
            }
            long dataLen = in.length() - hdrLen;
            if (off > dataLen || len > dataLen - off) {
                throw new BtfException(SECTION, "header", field, kind.label + " [" + off + ", " + (off + len)
                        + ") relative to the header's end is outside the " + dataLen + " bytes that follow the header");
            }
            long start = hdrLen + off;
            long end = start + len;
            if (len < 4) {
                throw new BtfException(SECTION, kind.label, start, "the subsection is " + len
                        + " bytes, too short for its rec_size");
            }
            long recSize = in.u32(start, kind.label);
            if (recSize < kind.minSize || (recSize & 3) != 0) {
                throw new BtfException(SECTION, kind.label, start, "rec_size " + recSize + " is not a multiple of 4 of at least "
                        + kind.minSize + " (sizeof(struct " + kind.struct + "))");
            }
            long pos = start + 4;
            while (pos < end) {
                String place = kind.label + " block at 0x" + Long.toHexString(pos);
                if (end - pos < 8) {
                    throw new BtfException(SECTION, kind.label, pos, "a btf_ext_info block header needs 8 bytes but only "
                            + (end - pos) + " remain in the subsection");
                }
                long nameOff = in.u32(pos, place);
                long num = in.u32(pos + 4, place);
                String secName = strings.at(nameOff, kind.label, pos, "sec_name_off");
                long body = pos + 8;
                if (num > (end - body) / recSize) {
                    throw new BtfException(SECTION, kind.label + " of '" + secName + "'", pos + 4, "num_info " + num + " records of "
                            + recSize + " bytes need " + num * recSize + " bytes but only " + (end - body)
                            + " remain in the subsection");
                }
                sections.add(secName);
                for (long i = 0; i < num; i++) {
                    long rec = body + i * recSize;
                    record(kind, secName, (int) i, rec);
                }
                pos = body + num * recSize;
            }
        }

        private void record(RecordKind kind, String sec, int index, long at) throws BtfException {
            String place = kind.recordName + " " + index + " of '" + sec + "'";
            long insnOff = in.u32(at, place);
            if (insnOff % 8 != 0 || insnOff > Integer.MAX_VALUE) {
                throw new BtfException(SECTION, place, at, "insn_off " + insnOff
                        + " is not the byte offset of an instruction (a multiple of 8 below 2^31)");
            }
            switch (kind) {
                case FUNC_INFO: {
                    int typeId = typeId(in.u32(at + 4, place), place, at + 4);
                    BtfType t = btf.type(typeId);
                    if (!(t instanceof BtfType.Func)) {
                        throw new BtfException(SECTION, place, at + 4, "type_id " + typeId + " is " + Btf.describe(t)
                                + ", not a FUNC");
                    }
                    funcs.computeIfAbsent(sec, k -> new ArrayList<>()).add(new FuncInfo((int) insnOff, typeId, t.name()));
                    break;
                }
                case LINE_INFO: {
                    String file = string(in.u32(at + 4, place), place, at + 4, "file_name_off");
                    String text = string(in.u32(at + 8, place), place, at + 8, "line_off");
                    long lineCol = in.u32(at + 12, place);
                    lines.computeIfAbsent(sec, k -> new ArrayList<>())
                            .add(new LineInfo((int) insnOff, file, text, (int) (lineCol >>> 10), (int) lineCol & 0x3ff));
                    break;
                }
                case CORE_RELO: {
                    int typeId = typeId(in.u32(at + 4, place), place, at + 4);
                    String access = string(in.u32(at + 8, place), place, at + 8, "access_str_off");
                    long reloKind = in.u32(at + 12, place);
                    if (reloKind > Integer.MAX_VALUE) {
                        throw new BtfException(SECTION, place, at + 12, "relocation kind " + reloKind + " is out of range");
                    }
                    relos.computeIfAbsent(sec, k -> new ArrayList<>())
                            .add(new CoreRelo(sec, (int) insnOff, typeId, access, (int) reloKind));
                    break;
                }
                default:
                    throw new IllegalStateException(kind.name());
            }
        }

        private int typeId(long raw, String place, long at) throws BtfException {
            if (raw > btf.maxTypeId()) {
                throw new BtfException(SECTION, place, at, "type_id " + raw + " does not exist in .BTF (the last is "
                        + btf.maxTypeId() + ")");
            }
            return (int) raw;
        }

        private String string(long off, String place, long at, String field) throws BtfException {
            return strings.at(off, place, at, field);
        }
    }

    /** The three kinds of .BTF.ext subsection. */
    private enum RecordKind {
        FUNC_INFO("func_info", "func_info record", "bpf_func_info", FUNC_INFO_SIZE),
        LINE_INFO("line_info", "line_info record", "bpf_line_info", LINE_INFO_SIZE),
        CORE_RELO("core_relo", "core_relo record", "bpf_core_relo", CORE_RELO_SIZE);

        final String label;
        final String recordName;
        final String struct;
        final int minSize;

        RecordKind(String label, String recordName, String struct, int minSize) {
            this.label = label;
            this.recordName = recordName;
            this.struct = struct;
            this.minSize = minSize;
        }
    }
}

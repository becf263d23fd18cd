package org.jxdp.engine.btf;

/**
 * Test-only: a parsed {@link Btf} written the way {@code bpftool btf dump file F format raw}
 * (bpftool 7.x) writes it, so that a test can compare the two texts type by type: ids, kinds,
 * names, sizes, members and their offsets, nelems, enumerator values, linkages, DATASEC entries.
 */
final class BpftoolRawFormat {
    private BpftoolRawFormat() {
    }

    static String format(Btf btf) {
        StringBuilder sb = new StringBuilder();
        for (BtfType t : btf.types()) {
            if (t.id() == 0) {
                continue;
            }
            sb.append('[').append(t.id()).append("] ").append(t.kindName()).append(" '").append(name(t.name())).append('\'');
            if (t instanceof BtfType.Int) {
                BtfType.Int i = (BtfType.Int) t;
                sb.append(" size=").append(i.size()).append(" bits_offset=").append(i.bitOffset()).append(" nr_bits=")
                        .append(i.bits()).append(" encoding=").append(encoding(i.encoding()));
            } else if (t instanceof BtfType.Ptr || t instanceof BtfType.Modifier) {
                sb.append(" type_id=").append(((BtfType.Referring) t).type());
            } else if (t instanceof BtfType.Array) {
                BtfType.Array a = (BtfType.Array) t;
                sb.append(" type_id=").append(a.elemType()).append(" index_type_id=").append(a.indexType())
                        .append(" nr_elems=").append(a.nelems());
            } else if (t instanceof BtfType.Composite) {
                BtfType.Composite c = (BtfType.Composite) t;
                sb.append(" size=").append(c.size()).append(" vlen=").append(c.members().size());
                for (BtfType.Member m : c.members()) {
                    sb.append("\n\t'").append(name(m.name())).append("' type_id=").append(m.type()).append(" bits_offset=")
                            .append(m.bitOffset());
                    if (m.bitfieldSize() != 0) {
                        sb.append(" bitfield_size=").append(m.bitfieldSize());
                    }
                }
            } else if (t instanceof BtfType.Enumeration) {
                BtfType.Enumeration e = (BtfType.Enumeration) t;
                sb.append(" encoding=").append(e.signed() ? "SIGNED" : "UNSIGNED").append(" size=").append(e.size())
                        .append(" vlen=").append(e.values().size());
                for (BtfType.Enumerator v : e.values()) {
                    sb.append("\n\t'").append(name(v.name())).append("' val=")
                            .append(e.signed() ? Long.toString(v.value()) : Long.toUnsignedString(v.value()));
                    if (e instanceof BtfType.Enum64) {
                        sb.append(e.signed() ? "LL" : "ULL"); // bpftool 7 prints ENUM64 values as C literals
                    }
                }
            } else if (t instanceof BtfType.Fwd) {
                sb.append(" fwd_kind=").append(((BtfType.Fwd) t).union() ? "union" : "struct");
            } else if (t instanceof BtfType.Func) {
                BtfType.Func f = (BtfType.Func) t;
                sb.append(" type_id=").append(f.type()).append(" linkage=").append(linkage(f.linkage()));
            } else if (t instanceof BtfType.FuncProto) {
                BtfType.FuncProto p = (BtfType.FuncProto) t;
                sb.append(" ret_type_id=").append(p.returnType()).append(" vlen=").append(p.params().size());
                for (BtfType.Param param : p.params()) {
                    sb.append("\n\t'").append(name(param.name())).append("' type_id=").append(param.type());
                }
            } else if (t instanceof BtfType.Var) {
                BtfType.Var v = (BtfType.Var) t;
                sb.append(" type_id=").append(v.type()).append(", linkage=").append(linkage(v.linkage()));
            } else if (t instanceof BtfType.Datasec) {
                BtfType.Datasec d = (BtfType.Datasec) t;
                sb.append(" size=").append(d.size()).append(" vlen=").append(d.vars().size());
                for (BtfType.VarSecinfo v : d.vars()) {
                    BtfType vt = btf.types().get(v.type());
                    sb.append("\n\ttype_id=").append(v.type()).append(" offset=").append(v.offset()).append(" size=")
                            .append(v.size()).append(" (").append(vt.kindName()).append(" '").append(name(vt.name())).append("')");
                }
            } else if (t instanceof BtfType.Float) {
                sb.append(" size=").append(((BtfType.Float) t).size());
            } else if (t instanceof BtfType.DeclTag) {
                BtfType.DeclTag d = (BtfType.DeclTag) t;
                sb.append(" type_id=").append(d.type()).append(" component_idx=").append(d.componentIdx());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String name(String n) {
        return n.isEmpty() ? "(anon)" : n;
    }

    private static String encoding(int e) {
        switch (e) {
            case 0:
                return "(none)";
            case BtfUapi.BTF_INT_SIGNED:
                return "SIGNED";
            case BtfUapi.BTF_INT_CHAR:
                return "CHAR";
            case BtfUapi.BTF_INT_BOOL:
                return "BOOL";
            default:
                return "UNKN";
        }
    }

    private static String linkage(int l) {
        switch (l) {
            case 0:
                return "static";
            case 1:
                return "global";
            case 2:
                return "extern";
            default:
                return "(unknown)";
        }
    }
}

package org.jxdp.engine.btf;

import java.util.List;

/**
 * Writes a BTF type as a C type name for messages: {@code struct iphdr}, {@code __u32 *},
 * {@code int [4]}, {@code int (*)(struct xdp_md *)}, {@code const char *const}. Structs, unions
 * and enums are named, never expanded ({@code struct {...}} when anonymous). Work is bounded, so
 * hostile BTF (a prototype whose parameters point back at itself) ends in {@code ...}.
 */
final class CTypeSyntax {
    /** The most types one rendering visits. */
    private static final int BUDGET = 2_000;
    /** The deepest nesting one rendering follows. */
    private static final int MAX_DEPTH = 64;

    private final List<BtfType> types;
    private int budget = BUDGET;

    CTypeSyntax(Btf btf) {
        this.types = btf.types();
    }

    String render(int id) {
        if (id < 0 || id >= types.size()) {
            return "<no type " + Integer.toUnsignedString(id) + ">";
        }
        BtfType t = types.get(id);
        if (t instanceof BtfType.Func) {
            return declare(((BtfType.Func) t).type(), t.name(), 0);
        }
        if (t instanceof BtfType.Var) {
            return declare(((BtfType.Var) t).type(), t.name(), 0);
        }
        if (t instanceof BtfType.Datasec) {
            return "section " + t.name();
        }
        if (t instanceof BtfType.DeclTag) {
            BtfType.DeclTag tag = (BtfType.DeclTag) t;
            return "btf_decl_tag(\"" + tag.name() + "\") on " + render(tag.type())
                    + (tag.componentIdx() >= 0 ? " component " + tag.componentIdx() : "");
        }
        return declare(id, "", 0);
    }

    /** Type {@code id} declaring {@code inner} (a declarator: "", "*", "(*)[4]", "name"). */
    private String declare(int id, String inner, int depth) {
        BtfType t = types.get(id);
        budget--;
        boolean leaf = t instanceof BtfType.Void || t instanceof BtfType.Int || t instanceof BtfType.Float
                || t instanceof BtfType.Typedef || t instanceof BtfType.Composite || t instanceof BtfType.Enumeration
                || t instanceof BtfType.Fwd;
        if (!leaf && (budget < 0 || depth > MAX_DEPTH)) {
            return "..." + sep(inner);
        }
        if (t instanceof BtfType.Void) {
            return "void" + sep(inner);
        } else if (t instanceof BtfType.Int || t instanceof BtfType.Float || t instanceof BtfType.Typedef) {
            return t.name() + sep(inner);
        } else if (t instanceof BtfType.Struct) {
            return tagged("struct", t) + sep(inner);
        } else if (t instanceof BtfType.Union) {
            return tagged("union", t) + sep(inner);
        } else if (t instanceof BtfType.Enumeration) {
            return tagged("enum", t) + sep(inner);
        } else if (t instanceof BtfType.Fwd) {
            return tagged(((BtfType.Fwd) t).union() ? "union" : "struct", t) + sep(inner);
        } else if (t instanceof BtfType.Ptr) {
            int target = ((BtfType.Ptr) t).type();
            String d = "*" + inner;
            BtfType under = skipQualifiers(target);
            if (under instanceof BtfType.Array || under instanceof BtfType.FuncProto) {
                d = "(" + d + ")";
            }
            return declare(target, d, depth + 1);
        } else if (t instanceof BtfType.Array) {
            BtfType.Array a = (BtfType.Array) t;
            return declare(a.elemType(), inner + "[" + a.nelems() + "]", depth + 1);
        } else if (t instanceof BtfType.FuncProto) {
            return declare(((BtfType.FuncProto) t).returnType(), inner + "(" + params((BtfType.FuncProto) t, depth) + ")",
                    depth + 1);
        } else if (t instanceof BtfType.TypeTag) {
            return "__attribute__((btf_type_tag(\"" + t.name() + "\"))) " + declare(((BtfType.TypeTag) t).type(), inner, depth + 1);
        } else if (t instanceof BtfType.Modifier) {
            String q = t instanceof BtfType.Const ? "const" : t instanceof BtfType.Volatile ? "volatile" : "restrict";
            int target = ((BtfType.Modifier) t).type();
            if (types.get(target) instanceof BtfType.Ptr) {
                return declare(target, q + sep(inner), depth + 1);
            }
            return q + " " + declare(target, inner, depth + 1);
        } else if (t instanceof BtfType.Func) {
            return declare(((BtfType.Func) t).type(), t.name(), depth + 1);
        } else if (t instanceof BtfType.Var) {
            return declare(((BtfType.Var) t).type(), t.name(), depth + 1);
        }
        return Btf.describe(t) + sep(inner);
    }

    private String params(BtfType.FuncProto p, int depth) {
        if (p.params().isEmpty()) {
            return "void";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.params().size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            if (budget <= 0) {
                sb.append("...");
                break;
            }
            int type = p.params().get(i).type();
            sb.append(type == 0 && i == p.params().size() - 1 ? "..." : declare(type, "", depth + 1));
        }
        return sb.toString();
    }

    /** The type under const, volatile, restrict and type tags (not typedefs, which have names). */
    private BtfType skipQualifiers(int id) {
        BtfType t = types.get(id);
        for (int i = 0; i < Btf.MAX_RESOLVE_DEPTH && t instanceof BtfType.Modifier && !(t instanceof BtfType.Typedef); i++) {
            t = types.get(((BtfType.Modifier) t).type());
        }
        return t;
    }

    private static String tagged(String keyword, BtfType t) {
        return keyword + " " + (t.name().isEmpty() ? "{...}" : t.name());
    }

    private static String sep(String inner) {
        return inner.isEmpty() ? "" : " " + inner;
    }
}

package org.jxdp.engine.btf;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks that look across types, run once every type is read and every id is known to be
 * in range: what FUNC, DATASEC and DECL_TAG may refer to, and that chains of typedefs,
 * qualifiers, pointers and array elements end. After them, {@link Btf#resolve} and
 * {@link Btf#sizeOf} never meet a loop.
 *
 * <p>Array sizes are not checked here: {@code __uint(max_entries, 1 << 30)} declares
 * {@code int (*)[1 << 30]}, a 4 GiB array the kernel would call too big, in an object libbpf
 * loads. {@link Btf#sizeOf} refuses such sizes when asked.
 */
final class BtfTypeChecks {
    private final Btf btf;
    /** The number of steps from each id to the end of its chain, -1 while unknown. */
    private final int[] chainLength;

    BtfTypeChecks(Btf btf) {
        this.btf = btf;
        this.chainLength = new int[btf.maxTypeId() + 1];
        java.util.Arrays.fill(chainLength, -1);
    }

    void run() throws BtfException {
        chainLength[0] = 0;
        for (BtfType t : btf.types()) {
            checkTargets(t);
        }
        for (int id = 1; id <= btf.maxTypeId(); id++) {
            checkChainEnds(id);
        }
    }

    private void checkTargets(BtfType t) throws BtfException {
        if (t instanceof BtfType.Func) {
            BtfType proto = btf.types().get(((BtfType.Func) t).type());
            if (!(proto instanceof BtfType.FuncProto)) {
                throw btf.error(t.id(), "FUNC '" + t.name() + "' refers to type " + proto.id() + ", "
                        + Btf.describe(proto) + ", not a FUNC_PROTO");
            }
        } else if (t instanceof BtfType.Datasec) {
            List<BtfType.VarSecinfo> vars = ((BtfType.Datasec) t).vars();
            for (int i = 0; i < vars.size(); i++) {
                BtfType v = btf.types().get(vars.get(i).type());
                if (!(v instanceof BtfType.Var) && !(v instanceof BtfType.Func)) {
                    throw btf.error(t.id(), "var_secinfo " + i + " refers to type " + v.id() + ", " + Btf.describe(v)
                            + ", not a VAR or FUNC");
                }
            }
        } else if (t instanceof BtfType.Array) {
            if (((BtfType.Array) t).elemType() == 0) {
                throw btf.error(t.id(), "array of void");
            }
        } else if (t instanceof BtfType.DeclTag) {
            checkDeclTag((BtfType.DeclTag) t);
        }
    }

    private void checkDeclTag(BtfType.DeclTag tag) throws BtfException {
        BtfType target = btf.types().get(tag.type());
        int components;
        if (target instanceof BtfType.Composite) {
            components = ((BtfType.Composite) target).members().size();
        } else if (target instanceof BtfType.Func) {
            components = ((BtfType.FuncProto) btf.types().get(((BtfType.Func) target).type())).params().size();
        } else if (target instanceof BtfType.Var || target instanceof BtfType.Typedef) {
            components = 0;
        } else {
            throw btf.error(tag.id(), "DECL_TAG '" + tag.name() + "' is on " + Btf.describe(target)
                    + " (only a struct, union, func, var or typedef can carry one)");
        }
        if (tag.componentIdx() >= components) {
            throw btf.error(tag.id(), "DECL_TAG '" + tag.name() + "' has component_idx " + tag.componentIdx() + " but "
                    + Btf.describe(target) + " has " + components + " members or parameters");
        }
    }

    /** The next type along a chain that must end: what a modifier, pointer, array, func, var or tag names. */
    private int next(BtfType t) {
        if (t instanceof BtfType.Referring) {
            return ((BtfType.Referring) t).type();
        }
        if (t instanceof BtfType.Array) {
            return ((BtfType.Array) t).elemType();
        }
        return -1;
    }

    private void checkChainEnds(int start) throws BtfException {
        if (chainLength[start] >= 0) {
            return;
        }
        List<Integer> path = new ArrayList<>();
        int cur = start;
        int length;
        while (true) {
            if (cur < 0) {
                length = -1;
                break;
            }
            if (chainLength[cur] >= 0) {
                length = chainLength[cur];
                break;
            }
            int seen = path.indexOf(cur);
            if (seen >= 0) {
                StringBuilder loop = new StringBuilder();
                for (int i = seen; i < path.size(); i++) {
                    loop.append(path.get(i)).append(" -> ");
                }
                throw btf.error(start, "types " + loop.append(cur) + " form a loop");
            }
            if (path.size() > Btf.MAX_RESOLVE_DEPTH) {
                throw tooLong(start);
            }
            path.add(cur);
            cur = next(btf.types().get(cur));
        }
        for (int i = path.size() - 1; i >= 0; i--) {
            length++;
            if (length > Btf.MAX_RESOLVE_DEPTH) {
                throw tooLong(path.get(i));
            }
            chainLength[path.get(i)] = length;
        }
    }

    private BtfException tooLong(int id) {
        return btf.error(id, "the chain of typedefs, qualifiers, pointers and arrays from here is longer than "
                + Btf.MAX_RESOLVE_DEPTH + " types");
    }
}

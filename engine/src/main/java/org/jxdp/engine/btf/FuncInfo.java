package org.jxdp.engine.btf;

/**
 * One {@code struct bpf_func_info} of .BTF.ext: where a function starts in its ELF section.
 *
 * @param insnOff the byte offset of the function's first instruction in its ELF section
 * @param typeId its BTF_KIND_FUNC
 * @param name the FUNC's name
 */
public record FuncInfo(int insnOff, int typeId, String name) {

    /** The index of the function's first instruction (8-byte slots) in its ELF section. */
    public int insnIndex() {
        return insnOff / 8;
    }
}

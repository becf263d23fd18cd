package org.jxdp.engine.verifier;

/**
 * What a helper requires of one argument register (the kernel's {@code enum bpf_arg_type};
 * the kernel's flags {@code PTR_MAYBE_NULL}, {@code MEM_RDONLY}, {@code MEM_UNINIT},
 * {@code MEM_WRITE} are folded into the names).
 */
enum ArgType {
    /** Not an argument: the register is not read. */
    ARG_DONTCARE,
    /** Any initialised value. */
    ARG_ANYTHING,
    /** A map pointer (an LDDW of a map); later map arguments are sized by it. */
    ARG_CONST_MAP_PTR,
    /** Memory holding a key of the map: key_size readable bytes. */
    ARG_PTR_TO_MAP_KEY,
    /** Memory holding a value of the map: value_size readable bytes. */
    ARG_PTR_TO_MAP_VALUE,
    /** Memory for a value of the map, which the helper fills: value_size writable bytes. */
    ARG_PTR_TO_UNINIT_MAP_VALUE,
    /** Readable memory whose size is the next argument. */
    ARG_PTR_TO_MEM_RDONLY,
    /** Readable memory, or NULL, whose size is the next argument. */
    ARG_PTR_TO_MEM_RDONLY_OR_NULL,
    /** Memory the helper reads and writes, whose size is the next argument. */
    ARG_PTR_TO_MEM_WRITE,
    /** Memory the helper only writes, whose size is the next argument (ARG_PTR_TO_UNINIT_MEM). */
    ARG_PTR_TO_UNINIT_MEM,
    /** Readable memory of the prototype's fixed size for this argument. */
    ARG_PTR_TO_FIXED_SIZE_MEM,
    /** The size of the memory argument before it, known bounds, at least 1. */
    ARG_CONST_SIZE,
    /** The size of the memory argument before it, known bounds, possibly 0. */
    ARG_CONST_SIZE_OR_ZERO,
    /** A size to allocate (bpf_ringbuf_reserve), a known constant. */
    ARG_CONST_ALLOC_SIZE_OR_ZERO,
    /** The program's context, unmodified. */
    ARG_PTR_TO_CTX,
    /** A function of the program (LDDW of a function), called back by the helper. */
    ARG_PTR_TO_FUNC,
    /** A pointer to the stack, or NULL (a callback's context). */
    ARG_PTR_TO_STACK_OR_NULL,
    /** A record bpf_ringbuf_reserve returned, which the helper releases. */
    ARG_PTR_TO_RINGBUF_MEM_RELEASE;

    /** True for the memory arguments whose size is the next argument. */
    boolean sizedByNext() {
        return this == ARG_PTR_TO_MEM_RDONLY || this == ARG_PTR_TO_MEM_RDONLY_OR_NULL || this == ARG_PTR_TO_MEM_WRITE
                || this == ARG_PTR_TO_UNINIT_MEM;
    }
}

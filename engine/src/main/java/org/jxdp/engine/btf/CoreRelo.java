package org.jxdp.engine.btf;

/**
 * One {@code struct bpf_core_relo} of .BTF.ext: an instruction whose immediate or offset CO-RE
 * would adjust to the target's types. Parsed and kept; jxdp does not apply them.
 *
 * @param section the ELF section of the instruction
 * @param insnOff the instruction's byte offset in that section
 * @param typeId the root type of the access
 * @param accessString the access specification ({@code 0:1:2}: member and array indexes)
 * @param kind a {@code BPF_CORE_*} constant of {@link BtfUapi}
 */
public record CoreRelo(String section, int insnOff, int typeId, String accessString, int kind) {

    /** The index of the instruction (8-byte slots) in its section. */
    public int insnIndex() {
        return insnOff / 8;
    }

    /** libbpf's name of the kind ({@code field_byte_offset}). */
    public String kindName() {
        return BtfUapi.coreReloKindName(kind);
    }
}

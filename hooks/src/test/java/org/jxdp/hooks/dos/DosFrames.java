package org.jxdp.hooks.dos;

import java.io.ByteArrayOutputStream;

/** Builds the test frames of the DoS filter tests, header by header (checksums are not checked). */
public final class DosFrames {
    private static final byte[] MACS = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1};
    private final ByteArrayOutputStream b = new ByteArrayOutputStream();

    private DosFrames() {
    }

    /** A new frame. */
    public static DosFrames frame() {
        return new DosFrames();
    }

    /** Raw bytes. */
    public DosFrames bytes(int... v) {
        for (int x : v) {
            b.write(x);
        }
        return this;
    }

    /** A big-endian 16-bit value. */
    public DosFrames u16(int v) {
        return bytes(v >>> 8 & 0xff, v & 0xff);
    }

    /** A big-endian 32-bit value. */
    public DosFrames u32(long v) {
        return u16((int) (v >>> 16) & 0xffff).u16((int) v & 0xffff);
    }

    /** Ethernet header with ethertype {@code type}. */
    public DosFrames eth(int type) {
        b.writeBytes(MACS);
        return u16(type);
    }

    /** Ethernet header followed by VLAN tags: tpid, vid pairs, then the inner ethertype. */
    public DosFrames ethTagged(int type, int... tpidVid) {
        b.writeBytes(MACS);
        for (int i = 0; i < tpidVid.length; i += 2) {
            u16(tpidVid[i]).u16(tpidVid[i + 1]);
        }
        return u16(type);
    }

    /** An IPv4 header (options of 0x01 when ihl > 5). */
    public DosFrames ipv4(int ihl, int totalLen, int flagsFrag, int ttl, int proto, long src, long dst) {
        return ipv4(ihl, totalLen, flagsFrag, ttl, 0, proto, src, dst);
    }

    /** An IPv4 header with a TOS. */
    public DosFrames ipv4(int ihl, int totalLen, int flagsFrag, int ttl, int tos, int proto, long src, long dst) {
        bytes(0x40 | ihl, tos).u16(totalLen).u16(0x1234).u16(flagsFrag).bytes(ttl, proto).u16(0).u32(src).u32(dst);
        for (int i = 5; i < ihl; i++) {
            u32(0x01010101L);
        }
        return this;
    }

    /** An IPv6 header from 2001:db8:{srcNet}::{srcHost} to 2001:db8::2. */
    public DosFrames ipv6(int next, int payload, int srcNet, int srcHost) {
        return u32(0x60000000L).u16(payload).bytes(next, 64).u32(0x20010db8L).u32((long) srcNet << 16).u32(0)
                .u32(srcHost).u32(0x20010db8L).u32(0).u32(0).u32(2);
    }

    /** An 8-byte IPv6 hop-by-hop or destination options header. */
    public DosFrames ipv6Options(int next) {
        return bytes(next, 0, 1, 4, 0, 0, 0, 0);
    }

    /** A 12-byte IPv6 authentication header (payload length field 1). */
    public DosFrames ipv6Ah(int next) {
        return bytes(next, 1, 0, 0).u32(0x100).u32(1);
    }

    /** An IPv6 fragment header. */
    public DosFrames ipv6Fragment(int next, int offset, boolean more) {
        return bytes(next, 0).u16(offset << 3 | (more ? 1 : 0)).u32(0xabcd1234L);
    }

    /** A 20-byte TCP header. */
    public DosFrames tcp(int sport, int dport, int flags) {
        return tcp(sport, dport, 1, 0, flags);
    }

    /** A 20-byte TCP header with sequence and acknowledgement numbers. */
    public DosFrames tcp(int sport, int dport, long seq, long ack, int flags) {
        return u16(sport).u16(dport).u32(seq).u32(ack).bytes(0x50, flags).u16(0xffff).u16(0).u16(0);
    }

    /** A UDP header. */
    public DosFrames udp(int sport, int dport, int len) {
        return u16(sport).u16(dport).u16(len).u16(0);
    }

    /** Zeros up to {@code total} bytes. */
    public DosFrames pad(int total) {
        while (b.size() < total) {
            b.write(0);
        }
        return this;
    }

    /** The frame. */
    public byte[] get() {
        return b.toByteArray();
    }
}

package org.jxdp.capture.pcap;

/**
 * The pcapng file format (draft-ietf-opsawg-pcapng), under libpcap's names where it has them.
 * A file is a sequence of sections, each a Section Header Block followed by blocks; every field
 * is in the byte order of its section, which the SHB's byte-order magic tells. Every block is
 * framed the same way, so that a reader can skip blocks it does not know:
 * <pre>
 *   generic block                           option (in a block's options area)
 *   +---------------------------------+     +----------------+----------------+
 *  0| block type                   u32|     | option code u16| length      u16|
 *   +---------------------------------+     +----------------+----------------+
 *  4| block total length           u32|     | value, padded to 32 bits ...    |
 *   +---------------------------------+     +---------------------------------+
 *  8| body, padded to 32 bits ...     |     options end with opt_endofopt (code 0,
 *   +---------------------------------+     length 0) or with the block
 *   | block total length (trailer) u32|
 *   +---------------------------------+
 *
 *   Section Header Block (BT_SHB)           Interface Description Block (BT_IDB)
 *   +---------------------------------+     +---------------------------------+
 *  0| 0x0A0D0D0A                      |    0| 1                               |
 *  4| block total length              |    4| block total length              |
 *  8| byte-order magic 0x1A2B3C4D     |     +----------------+----------------+
 *   +----------------+----------------+    8| LINKTYPE    u16| reserved    u16|
 * 12| major (1)   u16| minor (0)   u16|     +----------------+----------------+
 *   +----------------+----------------+   12| snaplen (0: no limit)        u32|
 * 16| section length, -1 if unknown   |     +---------------------------------+
 *   |                              i64|   16| options: if_name, if_tsresol,   |
 *   +---------------------------------+     |   if_tsoffset ...               |
 * 24| options ...                     |     | block total length              |
 *   | block total length              |     +---------------------------------+
 *   +---------------------------------+
 *
 *   Enhanced Packet Block (BT_EPB)          Simple Packet Block (BT_SPB)
 *   +---------------------------------+     +---------------------------------+
 *  0| 6                               |    0| 3                               |
 *  4| block total length              |    4| block total length              |
 *  8| interface id                 u32|    8| original length              u32|
 * 12| timestamp, upper 32 bits     u32|   12| frame data, padded ...          |
 * 16| timestamp, lower 32 bits     u32|     | block total length              |
 * 20| captured length              u32|     +---------------------------------+
 * 24| original length              u32|     captured length = min(original length,
 * 28| frame data, padded ...          |     the first IDB's snaplen); on interface 0
 *   | options: opt_comment, epb_flags |     of the section; no timestamp
 *   | block total length              |
 *   +---------------------------------+     Packet Block (BT_PB, obsolete): as the EPB but
 *                                           bytes 8-11 are interface id u16, drops u16
 * </pre>
 * Timestamps count units of the interface's {@code if_tsresol} (default 10^-6 s) since
 * 1970-01-01T00:00:00Z, plus {@code if_tsoffset} seconds.
 */
public final class Pcapng {
    private Pcapng() {
    }

    /** Section Header Block; its value reads the same in both byte orders. */
    public static final int BT_SHB = 0x0A0D0D0A;
    /** Interface Description Block. */
    public static final int BT_IDB = 0x00000001;
    /** Packet Block (obsolete; replaced by the EPB). */
    public static final int BT_PB = 0x00000002;
    /** Simple Packet Block. */
    public static final int BT_SPB = 0x00000003;
    /** Name Resolution Block. */
    public static final int BT_NRB = 0x00000004;
    /** Interface Statistics Block. */
    public static final int BT_ISB = 0x00000005;
    /** Enhanced Packet Block. */
    public static final int BT_EPB = 0x00000006;
    /** systemd Journal Export Block. */
    public static final int BT_SYSTEMD_JOURNAL = 0x00000009;
    /** Decryption Secrets Block. */
    public static final int BT_DSB = 0x0000000A;
    /** Custom Block that rewriters may copy. */
    public static final int BT_CB_COPY = 0x00000BAD;
    /** Custom Block that rewriters must not copy. */
    public static final int BT_CB_NO_COPY = 0x40000BAD;

    /** The SHB's byte-order magic, as written by the section's writer. */
    public static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    /** The only major version defined. */
    public static final int PCAP_NG_VERSION_MAJOR = 1;
    /** The minor version written. */
    public static final int PCAP_NG_VERSION_MINOR = 0;

    /** Option that ends an options list. */
    public static final int OPT_ENDOFOPT = 0;
    /** Option: a UTF-8 comment (any block; Wireshark's {@code frame.comment} on packets). */
    public static final int OPT_COMMENT = 1;
    /** SHB option: the application that wrote the section. */
    public static final int SHB_USERAPPL = 4;
    /** IDB option: the interface's name. */
    public static final int IF_NAME = 2;
    /** IDB option: timestamp resolution; 10^-n s, or 2^-n s when the top bit is set. */
    public static final int IF_TSRESOL = 9;
    /** IDB option: seconds added to every timestamp of the interface, signed 64 bits. */
    public static final int IF_TSOFFSET = 14;
    /** EPB option: link-layer flags (direction, reception type, FCS length, errors), 32 bits. */
    public static final int EPB_FLAGS = 2;
    /** PB option: the same flags as {@link #EPB_FLAGS}. */
    public static final int PACK_FLAGS = 2;

    /** Block type, length and trailer: the smallest possible block. */
    public static final int BLOCK_OVERHEAD = 12;
    /** Smallest SHB (no options). */
    public static final int SHB_MIN_LENGTH = 28;
    /** Smallest IDB (no options). */
    public static final int IDB_MIN_LENGTH = 20;
    /** Smallest EPB (no data, no options). */
    public static final int EPB_MIN_LENGTH = 32;
    /** Smallest PB (no data, no options). */
    public static final int PB_MIN_LENGTH = 32;
    /** Smallest SPB (no data). */
    public static final int SPB_MIN_LENGTH = 16;
    /** Smallest ISB (interface id and timestamp, no options). */
    public static final int ISB_MIN_LENGTH = 24;
    /** Offset of the frame data in an EPB and a PB. */
    public static final int EPB_DATA_OFFSET = 28;
    /** Offset of the frame data in an SPB. */
    public static final int SPB_DATA_OFFSET = 12;
    /** The if_tsresol that applies when an IDB has none: microseconds. */
    public static final int DEFAULT_TSRESOL = 6;
}

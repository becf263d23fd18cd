package org.jxdp.capture.pcap;

/**
 * The classic pcap file format (draft-ietf-opsawg-pcap; libpcap's {@code pcap-savefile(5)}),
 * under libpcap's names. Every field is in the byte order of the host that wrote the file, which
 * the magic number tells.
 * <pre>
 *   file header (24 bytes)                  record header (16 bytes), then caplen bytes of frame
 *   +---------------------------------+     +---------------------------------+
 *  0| magic number                 u32|    0| timestamp, seconds           u32|
 *   +----------------+----------------+     +---------------------------------+
 *  4| major (2)   u16| minor (4)   u16|    4| timestamp, us or ns          u32|
 *   +----------------+----------------+     +---------------------------------+
 *  8| reserved1 (thiszone)         u32|    8| captured length (caplen)     u32|
 *   +---------------------------------+     +---------------------------------+
 * 12| reserved2 (sigfigs)          u32|   12| original length (wire)       u32|
 *   +---------------------------------+     +---------------------------------+
 * 16| snaplen                      u32|   16| frame data (caplen bytes) ...   |
 *   +-------+-+-+-----------+---------+
 * 20|FCS len|R|P| reserved  |LINKTYPE |      LINKTYPE is the low 16 bits of the last word
 *   +-------+-+-+-----------+---------+
 * </pre>
 */
public final class ClassicPcap {
    private ClassicPcap() {
    }

    /** Magic number of a file with microsecond timestamps. */
    public static final int TCPDUMP_MAGIC = 0xa1b2c3d4;
    /** Magic number of a file with nanosecond timestamps. */
    public static final int NSEC_TCPDUMP_MAGIC = 0xa1b23c4d;
    /** Magic number of Alexey Kuznetzov's modified pcap (24-byte record headers); not read here. */
    public static final int KUZNETZOV_TCPDUMP_MAGIC = 0xa1b2cd34;
    /** The file format major version every reader knows. */
    public static final int PCAP_VERSION_MAJOR = 2;
    /** The file format minor version written. */
    public static final int PCAP_VERSION_MINOR = 4;
    /** Length of the file header. */
    public static final int FILE_HEADER_LENGTH = 24;
    /** Length of a record header. */
    public static final int RECORD_HEADER_LENGTH = 16;
    /** Offset of the snaplen in the file header. */
    public static final int SNAPLEN_OFFSET = 16;
    /** Offset of the link type word in the file header. */
    public static final int LINKTYPE_OFFSET = 20;
    /** The link type proper is the low 16 bits of the link type word. */
    public static final int LINKTYPE_MASK = 0xffff;
}

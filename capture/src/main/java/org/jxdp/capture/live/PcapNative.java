package org.jxdp.capture.live;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The calls of the per-frame path, made straight to libpcap and libc by JNA direct mapping:
 * pcap4j's own {@code getNextRawPacket} allocates a header structure, a timestamp and an array
 * per frame, these allocate nothing. The {@code pcap_t} pointer is the one pcap4j opened.
 */
final class PcapNative {
    /** {@code struct pollfd.events}: data to read. */
    static final short POLLIN = 1;

    static {
        Native.register(PcapNative.class, NativeLibrary.getInstance(LibpcapLocator.library()));
    }

    private PcapNative() {
    }

    /**
     * {@code pcap_next_ex}: 1 a frame ({@code header[0]} and {@code data[0]} point to its
     * {@code struct pcap_pkthdr} and bytes, valid until the next call), 0 none (non-blocking or
     * timeout), -1 an error, -2 the end of a savefile.
     */
    static native int pcap_next_ex(Pointer pcap, long[] header, long[] data);

    /** {@code pcap_sendpacket}: 0 sent, -1 an error ({@code pcap_geterr}). */
    static native int pcap_sendpacket(Pointer pcap, Pointer buf, int size);

    /** {@code pcap_get_selectable_fd}: the descriptor to poll, or -1. */
    static native int pcap_get_selectable_fd(Pointer pcap);

    /** {@code pcap_geterr}. */
    static native String pcap_geterr(Pointer pcap);

    /** libc's {@code poll(2)}. */
    static final class Libc {
        static {
            Native.register(Libc.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        }

        private Libc() {
        }

        /** {@code poll(fds, nfds, timeout)}: how many descriptors are ready, 0 on timeout, -1 an error. */
        static native int poll(Pointer fds, long nfds, int timeoutMillis);

        /** {@code if_nametoindex(3)}: the interface's index in this network namespace, 0 when there is none. */
        static native int if_nametoindex(String name);

        /** {@code if_indextoname(3)}: writes the name into {@code buf} (IF_NAMESIZE bytes); null when there is none. */
        static native Pointer if_indextoname(int ifindex, byte[] buf);
    }
}

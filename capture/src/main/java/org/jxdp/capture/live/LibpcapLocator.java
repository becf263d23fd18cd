package org.jxdp.capture.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds libpcap for pcap4j. pcap4j loads the library named by the system property
 * {@value #PROPERTY} (default {@code pcap}, that is {@code libpcap.so}); a plain Debian with the
 * {@code libpcap0.8} package has only {@code libpcap.so.0.8} (the unversioned name comes with the
 * -dev package), so when the property is not set this sets it to the first library found in the
 * usual directories. Must run before pcap4j's classes are loaded.
 */
public final class LibpcapLocator {
    /** pcap4j's property: a library name or an absolute path. */
    public static final String PROPERTY = "org.pcap4j.core.pcapLibName";

    private static final List<String> NAMES = List.of("libpcap.so", "libpcap.so.1", "libpcap.so.0.8");
    private static final List<String> DIRS = List.of("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/local/lib",
            "/usr/lib", "/lib");

    private LibpcapLocator() {
    }

    /**
     * The library pcap4j will load: the property when set, else the first of
     * {@code libpcap.so}, {@code libpcap.so.1}, {@code libpcap.so.0.8} in the usual library
     * directories (the property is set to it), else {@code pcap}.
     */
    public static synchronized String library() {
        String set = System.getProperty(PROPERTY);
        if (set != null && !set.isBlank()) {
            return set;
        }
        for (String dir : DIRS) {
            for (String name : NAMES) {
                Path p = Path.of(dir, name);
                if (Files.isReadable(p)) {
                    System.setProperty(PROPERTY, p.toString());
                    return p.toString();
                }
            }
        }
        return "pcap";
    }
}

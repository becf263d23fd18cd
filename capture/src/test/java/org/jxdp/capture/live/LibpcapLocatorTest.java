package org.jxdp.capture.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The library pcap4j is told to load: the property when set, else a libpcap found on disk. */
class LibpcapLocatorTest {
    @Test
    void aSetPropertyWinsAndAnUnsetOneIsFilledWithALibraryThatExists() {
        String before = System.getProperty(LibpcapLocator.PROPERTY);
        try {
            System.setProperty(LibpcapLocator.PROPERTY, "/opt/elsewhere/libpcap.so.9");
            assertThat(LibpcapLocator.library()).isEqualTo("/opt/elsewhere/libpcap.so.9");

            System.clearProperty(LibpcapLocator.PROPERTY);
            String found = LibpcapLocator.library();
            if (found.equals("pcap")) {
                // no libpcap in the usual directories: pcap4j's own default is left
                assertThat(System.getProperty(LibpcapLocator.PROPERTY)).isNull();
            } else {
                assertThat(Path.of(found)).isAbsolute();
                assertThat(Files.isReadable(Path.of(found))).as(found).isTrue();
                assertThat(Path.of(found).getFileName().toString()).startsWith("libpcap.so");
                assertThat(System.getProperty(LibpcapLocator.PROPERTY)).isEqualTo(found);
            }
        } finally {
            if (before == null) {
                System.clearProperty(LibpcapLocator.PROPERTY);
            } else {
                System.setProperty(LibpcapLocator.PROPERTY, before);
            }
        }
    }
}

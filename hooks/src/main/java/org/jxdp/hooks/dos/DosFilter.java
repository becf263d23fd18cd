package org.jxdp.hooks.dos;

import java.io.IOException;
import java.io.InputStream;
import org.jxdp.engine.elf.ElfException;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.XdpPrograms;

/** The bundled DoS filter object. */
public final class DosFilter {
    /** The committed object, built from {@code hooks/src/main/bpf/dos_filter.c}. */
    public static final String OBJECT = "/org/jxdp/hooks/bundled/dos_filter.o";
    /** Its XDP program's name. */
    public static final String PROGRAM = "dos_filter";
    /**
     * The filter's clock when a run starts: jxdp's replay clock reads one second at the first
     * frame, as does its monotonic clock when the runtime is made (as on a host one second after
     * boot); bans from a rules file count from here.
     */
    public static final long START_NS = 1_000_000_000L;

    private DosFilter() {
    }

    /** The committed object's bytes. */
    public static byte[] objectBytes() throws IOException {
        try (InputStream in = DosFilter.class.getResourceAsStream(OBJECT)) {
            if (in == null) {
                throw new IOException("the bundled DoS filter is missing from this build");
            }
            return in.readAllBytes();
        }
    }

    /** Loads the bundled filter for {@code cpus} workers on {@code engine}. */
    public static BpfObject open(int cpus, EngineKind engine) throws IOException, ElfException {
        return BpfObject.open("dos_filter.o", objectBytes(), XdpPrograms.options(cpus, engine));
    }
}

package org.jxdp.hooks;

import java.io.IOException;
import java.nio.file.Path;
import org.jxdp.engine.elf.ElfException;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.LoadOptions;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.vm.EngineKind;

/** Loading objects whose programs are XDP programs: the object loader with the XDP helper table. */
public final class XdpPrograms {
    private XdpPrograms() {
    }

    /** Load options for XDP: a runtime of {@code cpus} workers, {@code engine}, the XDP helpers. */
    public static LoadOptions options(int cpus, EngineKind engine) {
        return new LoadOptions(new BpfRuntime(cpus), engine, XdpHelpers::table, true);
    }

    /** Opens and loads an object for one worker on the interpreter. */
    public static BpfObject open(Path path) throws IOException, ElfException {
        return BpfObject.open(path, options(1, EngineKind.INTERP));
    }
}

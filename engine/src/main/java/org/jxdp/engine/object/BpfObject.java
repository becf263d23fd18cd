package org.jxdp.engine.object;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jxdp.engine.btf.Btf;
import org.jxdp.engine.elf.ElfException;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.runtime.BpfRuntime;

/**
 * A loaded eBPF object file, libbpf's {@code bpf_object}: its programs (each ready to run, or with
 * the reason it is not), its maps (created in the runtime, usable from Java at once), its global
 * data, licence and BTF.
 * <pre>
 *   BpfObject obj = BpfObject.open(Path.of("xdp_filter.o"));
 *   BpfProgram p = obj.program("xdp_hashfilter");
 *   BpfMap flows = obj.map("flow_table_v4");
 * </pre>
 */
public final class BpfObject {
    private final String name;
    private final String license;
    private final long kernelVersion;
    private final BpfRuntime runtime;
    private final Btf btf;
    private List<BpfProgram> programs = List.of();
    private List<BpfMap> maps = List.of();

    BpfObject(String name, String license, long kernelVersion, BpfRuntime runtime, Btf btf) {
        this.name = name;
        this.license = license;
        this.kernelVersion = kernelVersion;
        this.runtime = runtime;
        this.btf = btf;
    }

    void programs(List<BpfProgram> p) {
        this.programs = List.copyOf(p);
    }

    void maps(List<BpfMap> m) {
        this.maps = List.copyOf(m);
    }

    /** Opens and loads {@code path} with the default options (one worker, interpreter, generic helpers). */
    public static BpfObject open(Path path) throws IOException, ElfException {
        return open(path, LoadOptions.defaults());
    }

    /** Opens and loads {@code path}. */
    public static BpfObject open(Path path, LoadOptions options) throws IOException, ElfException {
        return ObjectLoader.load(path.toString(), Files.readAllBytes(path), options);
    }

    /** Opens and loads an object from its bytes; {@code name} is used in messages. */
    public static BpfObject open(String name, byte[] data, LoadOptions options) throws ElfException {
        return ObjectLoader.load(name, data, options);
    }

    public String name() {
        return name;
    }

    /** The {@code license} section's string, or "" when there is none. */
    public String license() {
        return license;
    }

    /** The legacy {@code version} section's value, or 0. */
    public long kernelVersion() {
        return kernelVersion;
    }

    /** The runtime the maps and programs live in. */
    public BpfRuntime runtime() {
        return runtime;
    }

    /** The object's BTF, when it has a {@code .BTF} section. */
    public Optional<Btf> btf() {
        return Optional.ofNullable(btf);
    }

    /** Every program, in section and then function order. */
    public List<BpfProgram> programs() {
        return programs;
    }

    /** Every map, global data included, in the order the object defines them. */
    public List<BpfMap> maps() {
        return maps;
    }

    /** The program with this function (or section) name. */
    public BpfProgram program(String programName) {
        for (BpfProgram p : programs) {
            if (p.name().equals(programName)) {
                return p;
            }
        }
        for (BpfProgram p : programs) {
            if (p.section().equals(programName)) {
                return p;
            }
        }
        throw new IllegalArgumentException(name + " has no program " + programName + "; it has "
                + programs.stream().map(BpfProgram::name).toList());
    }

    /** The map with this name, with keys and values typed by the object's BTF. */
    public TypedMap typedMap(String mapName) {
        return new TypedMap(map(mapName), btf);
    }

    /** The map with this name. */
    public BpfMap map(String mapName) {
        for (BpfMap m : maps) {
            if (m.name().equals(mapName)) {
                return m;
            }
        }
        throw new IllegalArgumentException(name + " has no map " + mapName + "; it has "
                + maps.stream().map(BpfMap::name).toList());
    }
}

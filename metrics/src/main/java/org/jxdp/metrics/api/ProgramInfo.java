package org.jxdp.metrics.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.object.BpfProgram;

/**
 * A running program as {@code GET /api/v1/programs} shows it.
 *
 * @param id the program's id in its object
 * @param name its function name
 * @param section its ELF section
 * @param object the object file it came from
 * @param engine {@code jit} or {@code interp}
 * @param workers how many workers run it
 * @param instructions its length in instructions (an LDDW counts two, as in the ELF)
 * @param maps the names of its object's maps
 */
public record ProgramInfo(int id, String name, String section, String object, String engine, int workers,
                          int instructions, List<String> maps) {
    /** What {@code program}, loaded from {@code object}, running on {@code workers} workers with {@code engine}, is. */
    public static ProgramInfo of(BpfProgram program, String object, String engine, int workers) {
        return new ProgramInfo(program.id(), program.name(), program.section(), object, engine, workers,
                program.code().length(), program.object().maps().stream().map(BpfMap::name).toList());
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("type", "xdp");
        m.put("name", name);
        m.put("section", section);
        m.put("object", object);
        m.put("engine", engine);
        m.put("workers", workers);
        m.put("instructions", instructions);
        m.put("maps", maps);
        return m;
    }
}

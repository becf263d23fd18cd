package org.jxdp.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jxdp.capture.gen.ProtocolCounter;
import org.jxdp.engine.elf.ElfException;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.engine.object.LoadOptions;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.XdpPrograms;
import org.jxdp.hooks.dos.DosFilter;
import org.jxdp.hooks.dos.DosMaps;
import org.jxdp.hooks.dos.DosRules;
import org.jxdp.hooks.dos.RulesException;
import org.jxdp.hooks.dos.RulesFile;
import org.jxdp.hooks.dos.RulesInForce;

/**
 * The XDP program a packet-path command runs ({@code --prog OBJ[:SECTION]}, or a bundled one:
 * the DoS filter by default, {@code bundled:count} for the counting program), loaded for its
 * workers: the object (its maps and runtime), the program, the name the summary prints, whether
 * it is the bundled counting program (whose counters the summary prints), and for the DoS filter
 * the rules its maps were filled with.
 */
record LoadedProgram(BpfObject object, BpfProgram program, String name, boolean bundled, DosRules dos,
        String rulesName, String rulesText) {
    static final String BUNDLED_PROGRAM = "/org/jxdp/hooks/bundled/count.o";
    /** --prog value that picks the bundled counting program. */
    static final String BUNDLED_COUNT = "bundled:count";
    /** --prog value that picks the bundled DoS filter (also the default). */
    static final String BUNDLED_DOS = "bundled:dos_filter";

    /** The same program with the rules in force now (after hot reloads). */
    LoadedProgram withRules(RulesInForce.Version v) {
        return new LoadedProgram(object, program, name, bundled, v.rules(), v.source(), v.text());
    }

    /**
     * Loads {@code prog} and, when it is the DoS filter (an object with its rule maps), fills its
     * maps with {@code rules} (null: the bundled default rules).
     *
     * @throws CliFailure when the file cannot be read, the program is refused or the rules are bad
     */
    static LoadedProgram load(String prog, int cpus, EngineKind kind, boolean verify, Path rules, PrintWriter err) {
        LoadedProgram l = load(prog, cpus, kind, verify, err);
        boolean isDos = l.object.maps().stream().anyMatch(m -> m.name().equals("rule_hits"))
                && l.object.maps().stream().anyMatch(m -> m.name().equals("rules"));
        if (rules != null && !isDos) {
            throw new CliFailure(l.name + ": --rules needs the DoS filter (dos_filter.o), which has the rule maps");
        }
        if (!isDos) {
            return l;
        }
        DosRules r;
        String rulesName;
        String text;
        if (rules == null) {
            text = RulesFile.defaultsText();
            r = RulesFile.defaults();
            rulesName = RulesFile.DEFAULT_RULES_NAME;
        } else {
            try {
                text = Files.readString(rules);
                r = RulesFile.parse(rules.toString(), text);
            } catch (RulesException e) {
                throw new CliFailure(e.getMessage().replace("\n", "\njxdp: "));
            } catch (IOException e) {
                throw new CliFailure(rules + ": cannot read: " + FileErrors.reason(e));
            }
            rulesName = rules.toString();
        }
        try {
            DosMaps.apply(l.object, r, DosFilter.START_NS);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new CliFailure(l.name + ": " + e.getMessage());
        }
        return new LoadedProgram(l.object, l.program, l.name, false, r, rulesName, text);
    }

    /**
     * Loads {@code prog} ({@code OBJ[:SECTION]}, {@code bundled:count}, or null or
     * {@code bundled:dos_filter} for the DoS filter) for {@code cpus} workers on {@code kind};
     * prints the program's load warning to {@code err}. The DoS filter's maps are left empty.
     *
     * @throws CliFailure when the file cannot be read or the program is refused
     */
    static LoadedProgram load(String prog, int cpus, EngineKind kind, boolean verify, PrintWriter err) {
        return load(prog, XdpPrograms.options(cpus, kind).withVerify(verify), err);
    }

    /**
     * Loads {@code prog} again as the next version of {@code running}: into its runtime, its maps
     * of the same name taken over (their contents kept), so that the new program can replace the
     * running one without losing its state.
     *
     * @throws CliFailure when the file cannot be read, the program is refused or a map differs
     */
    static LoadedProgram nextVersion(String prog, LoadedProgram running, EngineKind kind, boolean verify,
                                     PrintWriter err) {
        LoadedProgram next = load(prog, XdpPrograms.options(running.object.runtime().cpus(), kind).withVerify(verify)
                .reusingMapsOf(running.object), err);
        return new LoadedProgram(next.object, next.program, next.name, next.bundled, running.dos, running.rulesName,
                running.rulesText);
    }

    private static LoadedProgram load(String prog, LoadOptions loadOptions, PrintWriter err) {
        LoadOptions options = loadOptions.withVerificationCache(VerificationCacheSetting.fromEnvironment());
        BpfObject obj;
        String section = null;
        boolean bundled = BUNDLED_COUNT.equals(prog);
        String name;
        if (prog == null || BUNDLED_DOS.equals(prog)) {
            try {
                obj = BpfObject.open("dos_filter.o", DosFilter.objectBytes(),
                        options);
            } catch (ElfException | IOException e) {
                throw new CliFailure("the bundled DoS filter: " + e.getMessage());
            }
            name = "dos_filter.o (bundled)";
        } else if (bundled) {
            byte[] bytes;
            try (InputStream in = LoadedProgram.class.getResourceAsStream(BUNDLED_PROGRAM)) {
                if (in == null) {
                    throw new CliFailure("the bundled counting program is missing from this build");
                }
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new CliFailure("cannot read the bundled counting program: " + FileErrors.reason(e));
            }
            name = "count.o (bundled)";
            try {
                obj = BpfObject.open("count.o", bytes, options);
            } catch (ElfException e) {
                throw new CliFailure(e.getMessage());
            }
        } else {
            Path file = file(prog);
            if (!file.toString().equals(prog)) {
                section = prog.substring(file.toString().length() + 1);
            }
            name = file.toString();
            try {
                obj = BpfObject.open(file, options);
            } catch (ElfException e) {
                throw new CliFailure(e.getMessage());
            } catch (IOException e) {
                throw new CliFailure(file + ": cannot read: " + FileErrors.reason(e));
            }
        }
        BpfProgram p;
        if (section != null) {
            String s = section;
            List<BpfProgram> bySection = obj.programs().stream().filter(x -> x.section().equals(s)).toList();
            List<BpfProgram> byName = obj.programs().stream().filter(x -> x.name().equals(s)).toList();
            if (bySection.size() == 1) {
                p = bySection.get(0);
            } else if (bySection.isEmpty() && byName.size() == 1) {
                p = byName.get(0);
            } else {
                p = ObjectFiles.one(obj, section, null);
            }
        } else {
            p = ObjectFiles.one(obj, null, null);
        }
        if (p.warning() != null) {
            err.println("warning: " + obj.name() + ": " + p.section() + "/" + p.name() + ": " + p.warning());
        }
        ObjectFiles.requireLoaded(obj, p);
        return new LoadedProgram(obj, p, name + " " + p.section() + "/" + p.name(), bundled, null, null, null);
    }


    /**
     * The object file of {@code OBJ[:SECTION]}: the whole value when it names a file, else the
     * longest prefix before a colon that does.
     *
     * @throws CliFailure when no prefix is a file
     */
    static Path file(String prog) {
        Path file = Path.of(prog);
        if (Files.isRegularFile(file)) {
            return file;
        }
        int colon = prog.lastIndexOf(':');
        while (colon > 0 && !Files.isRegularFile(Path.of(prog.substring(0, colon)))) {
            colon = prog.lastIndexOf(':', colon - 1);
        }
        if (colon <= 0) {
            throw new CliFailure(prog + ": " + FileErrors.notAnInputFile(file));
        }
        return Path.of(prog.substring(0, colon));
    }

    /** The bundled program's counters, summed over the workers. */
    static long[] counters(BpfObject obj) {
        BpfMap m = obj.map("counters");
        long[] sums = new long[ProtocolCounter.values().length];
        for (int k = 0; k < sums.length; k++) {
            byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(k).array();
            byte[] v = m.lookup(key);
            if (v == null) {
                continue;
            }
            ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i + 8 <= v.length; i += 8) {
                sums[k] += b.getLong(i);
            }
        }
        return sums;
    }
}

package org.jxdp.cli;

import java.io.PrintWriter;
import java.util.List;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.dos.RulesInForce;
import org.jxdp.metrics.api.ProgramInfo;

/**
 * The program of a replay or live session as it changes while frames flow: the DoS filter's rules
 * ({@link DosControl}: the API, {@code --watch-rules}) and the program's versions
 * ({@link ProgramWatcher}: {@code --watch-prog}). Closing it stops both watchers;
 * {@link #current} is the program and rules in force then, for the summary.
 */
final class RunningProgram implements AutoCloseable {
    private final LoadedProgram first;
    private final EngineKind kind;
    private final int workers;
    private final DosControl dos;
    private volatile ProgramWatcher versions;

    /** @param dos the filter's rules control, or null when the program is not the DoS filter */
    RunningProgram(LoadedProgram first, EngineKind kind, int workers, DosControl dos) {
        this.first = first;
        this.kind = kind;
        this.workers = workers;
        this.dos = dos;
    }

    /** Follows new versions of the program from now on ({@code --watch-prog}). */
    void versions(ProgramWatcher watcher) {
        this.versions = watcher;
    }

    /** The object the session started with: its maps are every version's (they are taken over). */
    BpfObject object() {
        return first.object();
    }

    /** The DoS filter's rules in force, or null when the program is not the filter. */
    RulesInForce rules() {
        return dos == null ? null : dos.rules();
    }

    /** What /api/v1/programs shows: the version running now. */
    List<ProgramInfo> programs() {
        LoadedProgram l = program();
        return List.of(ProgramInfo.of(l.program(), l.object().name(), kind.cliName(), workers));
    }

    private LoadedProgram program() {
        ProgramWatcher w = versions;
        return w == null ? first : w.running();
    }

    /** The version running now, with the rules in force now. */
    LoadedProgram current() {
        LoadedProgram l = program();
        return dos == null ? l : dos.current(l);
    }

    /** One line on standard error from a watcher's or the API's thread: {@code jxdp: LINE}. */
    static void say(PrintWriter err, String line) {
        synchronized (err) {
            err.println("jxdp: " + line);
            err.flush();
        }
    }

    /** Stops following the rules file and the program file. */
    @Override
    public void close() {
        ProgramWatcher w = versions;
        if (w != null) {
            w.close();
        }
        if (dos != null) {
            dos.close();
        }
    }
}

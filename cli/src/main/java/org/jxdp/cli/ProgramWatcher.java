package org.jxdp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.jxdp.capture.pipeline.Pipeline;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.FileWatch;

/**
 * {@code --watch-prog}: watches the {@code --prog} object file and, when it changes, loads the new
 * version into the running program's runtime with its maps taken over by name, verifies it, and
 * has the pipeline run it from the next frame on ({@link Pipeline#replaceProgram}): every frame
 * runs wholly on one version, none is lost or run twice, and the maps keep their contents. A
 * file that cannot be loaded (half written, refused by the verifier, a map that no longer
 * matches) is reported and the running version stays.
 */
final class ProgramWatcher implements AutoCloseable {
    /** How often the file is checked (ms). */
    static final long PERIOD_MS = 200;

    private final String prog;
    private final FileWatch watch;
    private final EngineKind kind;
    private final boolean verify;
    private final Pipeline pipeline;
    private final PrintWriter err;
    private volatile LoadedProgram running;

    ProgramWatcher(String prog, Path file, LoadedProgram running, EngineKind kind, boolean verify, Pipeline pipeline,
                   PrintWriter err) throws IOException {
        this.prog = prog;
        this.watch = new FileWatch(file);
        this.running = running;
        this.kind = kind;
        this.verify = verify;
        this.pipeline = pipeline;
        this.err = err;
    }

    /** The version running now. */
    LoadedProgram running() {
        return running;
    }

    /** Checks the file once: true when a new version now runs. */
    synchronized boolean poll() {
        if (watch.changed() == null) {
            return false;
        }
        LoadedProgram next;
        try {
            next = LoadedProgram.nextVersion(prog, running, kind, verify, new PrintWriter(err, true));
        } catch (CliFailure e) {
            RunningProgram.say(err, e.getMessage() + " (the running version stays)");
            return false;
        }
        pipeline.replaceProgram(next.program().executable());
        running = next;
        RunningProgram.say(err, watch.file() + ": program replaced by its new version (" + next.program().section() + "/" + next.program().name()
                + ", " + next.program().code().length() + " instructions" + (verify ? ", verified" : "") + ")");
        return true;
    }

    /** Polls every {@link #PERIOD_MS} on a daemon thread until closed. */
    ProgramWatcher start() {
        watch.start("jxdp-program-watcher", PERIOD_MS, this::poll);
        return this;
    }

    @Override
    public void close() {
        watch.close();
    }
}

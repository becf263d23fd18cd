package org.jxdp.hooks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A file watched for changes by polling its bytes (no inotify: it works on every file system and
 * sees a file replaced by {@code mv} as well as one rewritten in place), and the daemon thread
 * that polls it. A file that cannot be read for a moment (being replaced) counts as unchanged.
 */
public final class FileWatch implements AutoCloseable {
    private final Path file;
    private byte[] last;
    private Thread thread;
    private volatile boolean stop;

    /** Watches {@code file}, whose present bytes count as seen. */
    public FileWatch(Path file) throws IOException {
        this.file = file;
        this.last = Files.readAllBytes(file);
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The file's bytes if they changed since the last call (or since the start), else null. */
    public synchronized byte[] changed() {
        byte[] now;
        try {
            now = Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
        if (Arrays.equals(now, last)) {
            return null;
        }
        last = now;
        return now;
    }

    /** Calls {@code poll} every {@code periodMs} milliseconds on a daemon thread named {@code name} until closed. */
    public FileWatch start(String name, long periodMs, Runnable poll) {
        thread = new Thread(() -> {
            while (!stop) {
                try {
                    Thread.sleep(periodMs);
                } catch (InterruptedException e) {
                    return;
                }
                poll.run();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Stops the thread, waiting for a poll under way to finish. */
    @Override
    public void close() {
        stop = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package org.jxdp.capture.pcap;

import java.io.IOException;
import java.nio.file.FileSystemException;

/**
 * A write that failed, with the file it was for: an {@link IOException} from a channel or a
 * stream says what went wrong ("No space left on device", "Broken pipe") and not where, and a
 * replay writes several files at once.
 */
public final class WriteFailure {
    private WriteFailure() {
    }

    /**
     * {@code cause} as a {@link FileSystemException} naming {@code file}, its message the reason;
     * one that names its file already is returned as it is.
     */
    public static FileSystemException of(String file, IOException cause) {
        if (cause instanceof FileSystemException named) {
            return named;
        }
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        FileSystemException e = new FileSystemException(file, null, reason);
        e.initCause(cause);
        return e;
    }
}

package org.jxdp.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The words for a file that cannot be used, as the one-line errors of the command say them:
 * {@code jxdp: out/pass.pcap: cannot write: no such file or directory}.
 *
 * <p>The exceptions of {@code java.nio.file} carry the file's name as their message and say
 * what went wrong only by their type ({@link NoSuchFileException}, {@link AccessDeniedException})
 * or in a separate reason (a {@link FileSystemException}'s, from the operating system: "Is a
 * directory", "Read-only file system"); printing the message alone named the file and no reason.
 */
final class FileErrors {
    private FileErrors() {
    }

    /**
     * Why {@code file} cannot be read as an input file ("no such file", "is a directory", "is not
     * a regular file"), or null when it is a regular file.
     */
    static String notAnInputFile(Path file) {
        if (Files.isRegularFile(file)) {
            return null;
        }
        if (Files.isDirectory(file)) {
            return "is a directory";
        }
        return Files.exists(file) ? "is not a regular file" : "no such file";
    }

    /** What went wrong, without the name of the file, which the caller puts in front. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return lowerFirst(f.getReason());
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : lowerFirst(m);
    }

    /**
     * The whole failure as one line: the file the exception names (and the other one, for a
     * move or a link), then {@link #reason}; an exception about no file: its message.
     */
    static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String other = f.getOtherFile() == null ? "" : " -> " + f.getOtherFile();
            return f.getFile() + other + ": " + reason(e);
        }
        return reason(e);
    }

    /** "Is a directory" as the middle of a line: "is a directory" (an acronym such as "EIO" stays). */
    private static String lowerFirst(String s) {
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))) {
            return Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }
}

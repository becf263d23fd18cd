package org.jxdp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The words {@link FileErrors} finds for files that cannot be used. */
class FileErrorsTest {
    @TempDir
    Path dir;

    @Test
    void eachKindOfFailureSaysWhatWentWrongAndNamesTheFileOnce() {
        assertThat(FileErrors.describe(new NoSuchFileException("out/pass.pcap")))
                .isEqualTo("out/pass.pcap: no such file or directory");
        assertThat(FileErrors.describe(new AccessDeniedException("/root/x.pcap")))
                .isEqualTo("/root/x.pcap: permission denied");
        assertThat(FileErrors.describe(new FileAlreadyExistsException("a", "b", null)))
                .isEqualTo("a -> b: already exists");
        assertThat(FileErrors.describe(new FileSystemException("/tmp", null, "Is a directory")))
                .isEqualTo("/tmp: is a directory");
        assertThat(FileErrors.describe(new FileSystemException("/mnt/x", null, "Read-only file system")))
                .isEqualTo("/mnt/x: read-only file system");
        assertThat(FileErrors.reason(new FileSystemException("/x", null, "EIO"))).isEqualTo("EIO");
        assertThat(FileErrors.reason(new NoSuchFileException("x"))).isEqualTo("no such file or directory");
        assertThat(FileErrors.describe(new IOException("Is a directory"))).isEqualTo("is a directory");
        assertThat(FileErrors.describe(new IOException("HTTP/1.1 refused"))).isEqualTo("HTTP/1.1 refused");
        assertThat(FileErrors.describe(new IOException())).isEqualTo("IOException");
    }

    @Test
    void anInputMustBeARegularFile() throws IOException {
        Path file = Files.writeString(dir.resolve("in.pcap"), "x");
        assertThat(FileErrors.notAnInputFile(file)).isNull();
        assertThat(FileErrors.notAnInputFile(dir)).isEqualTo("is a directory");
        assertThat(FileErrors.notAnInputFile(dir.resolve("absent"))).isEqualTo("no such file");
        if (Files.exists(Path.of("/dev/null"))) {
            assertThat(FileErrors.notAnInputFile(Path.of("/dev/null"))).isEqualTo("is not a regular file");
        }
    }
}

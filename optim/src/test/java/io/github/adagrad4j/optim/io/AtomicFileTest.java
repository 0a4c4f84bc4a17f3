package io.github.adagrad4j.optim.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void aWrittenFileHasThePermissionsOfAnyFileTheUserCreates() throws IOException {
        Assumptions.assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null, "POSIX only");
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        Path atomic = dir.resolve("atomic.txt");
        AtomicFile.writeString(atomic, "a");
        // Both follow the umask; a temporary file's 0600 would leave the result unreadable to others.
        assertThat(Files.getPosixFilePermissions(atomic)).isEqualTo(Files.getPosixFilePermissions(plain));
        assertThat(Files.readString(atomic)).isEqualTo("a");
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporary() throws IOException {
        Path target = dir.resolve("t.txt");
        AtomicFile.writeString(target, "old");
        assertThatThrownBy(() -> AtomicFile.write(target, tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(target)).isEqualTo("old");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("t.txt");
        }
    }
}

package io.github.adagrad4j.optim.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see the old content or the whole new content, never a part: the
 * bytes go to a temporary file in the same folder, which is synced and renamed over the target
 * (then the folder is synced, where the file system allows). If writing fails, the temporary file
 * is removed and the target is untouched: a failed {@code predict} leaves no half-written output,
 * a crash during a checkpoint leaves the previous checkpoint.
 *
 * <pre>{@code
 * AtomicFile.write(Path.of("out/preds.csv"), tmp -> {
 *     try (Writer w = Files.newBufferedWriter(tmp)) { w.write("id,predicted\n"); }
 * });
 * AtomicFile.writeString(Path.of("run/model.json"), json);
 * }</pre>
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** Writes the content of {@code target} into the temporary file it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temporary) throws IOException;
    }

    /**
     * A new empty file beside the target, created as any file the user creates (its permissions
     * from the umask: {@code Files.createTempFile} would make it readable by its owner only, and
     * the renamed result with it).
     */
    private static Path newTemporary(Path dir, String name) throws IOException {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(r.nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    /** Creates {@code target}'s folder if needed, has {@code content} write a temporary file, and renames it into place. */
    public static void write(Path target, Content content) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = newTemporary(dir, abs.getFileName().toString());
        boolean done = false;
        try {
            content.writeTo(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
        syncDirectory(dir);
    }

    /** {@link #write} of a UTF-8 text. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /** Makes the rename durable. Some file systems refuse to open or sync a directory; the rename still happened. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Best effort: the data itself was synced before the rename.
        }
    }
}

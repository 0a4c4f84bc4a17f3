package io.github.adagrad4j.optim.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint or safetensors file that cannot be used: truncated, corrupted, not safetensors,
 * or not matching the optimizer it is loaded into. The message names the file and what is wrong.
 *
 * <pre>{@code
 * try { Checkpoint.load(path, opt); } catch (CheckpointException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public final class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public CheckpointException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public CheckpointException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}

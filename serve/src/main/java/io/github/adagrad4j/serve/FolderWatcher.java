package io.github.adagrad4j.serve;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Calls {@code onChange} once a model folder has changed and then stayed unchanged for the
 * debounce time: a training run rewriting the folder gives one reload, after its last file, not one
 * per file.
 */
final class FolderWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FolderWatcher.class.getName());
    private final Path folder;
    private final long debounceMillis;
    private final Runnable onChange;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "adagrad4j-reload");
        t.setDaemon(true);
        return t;
    });
    private WatchService watch;
    private Thread thread;
    private ScheduledFuture<?> pending;

    FolderWatcher(Path folder, Duration debounce, Runnable onChange) {
        this.folder = folder;
        this.debounceMillis = debounce.toMillis();
        this.onChange = onChange;
    }

    void start() throws IOException {
        watch = FileSystems.getDefault().newWatchService();
        folder.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        thread = new Thread(this::loop, "adagrad4j-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watch.take();
                key.pollEvents();
                schedule();
                if (!key.reset()) {
                    LOG.log(Level.WARNING, folder + " can no longer be watched (removed or replaced); POST /v1/reload "
                            + "still reloads it");
                    return;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    private synchronized void schedule() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = timer.schedule(onChange, debounceMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            if (watch != null) {
                watch.close();
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the folder watch: " + e.getMessage());
        }
        timer.shutdownNow();
    }
}

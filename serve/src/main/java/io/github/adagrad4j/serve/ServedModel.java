package io.github.adagrad4j.serve;

import io.github.adagrad4j.train.ModelFolder;
import io.github.adagrad4j.train.TrainedModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A loaded model folder as the server answers with it: the model (one copy per batch worker, so
 * that forward passes can run side by side), its id (a content hash of the folder's two files, the
 * same across restarts and machines), when it was loaded, and its description as served by
 * {@code GET /v1/model}.
 */
record ServedModel(List<TrainedModel> replicas, String id, Instant loadedAt, String descriptionJson) {

    /** The model requests are encoded with (every copy encodes alike). */
    TrainedModel model() {
        return replicas.get(0);
    }

    /** Worker {@code i}'s copy. */
    TrainedModel replica(int i) {
        return replicas.get(i);
    }

    /**
     * Loads the folder, {@code copies} times. The id is the hash of exactly the bytes loaded: when the files change while
     * they are read (a training run replacing them), it reads again.
     */
    static ServedModel load(Path dir, int copies) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String before;
            try {
                before = hash(dir);
            } catch (IOException e) {
                // The loader says best what is wrong with a folder (a missing file, a corrupted one).
                TrainedModel.load(dir);
                throw e;
            }
            List<TrainedModel> m = new ArrayList<>(copies);
            for (int i = 0; i < copies; i++) {
                m.add(TrainedModel.load(dir));
            }
            String json = Files.readString(dir.resolve(ModelFolder.DESCRIPTION_FILE));
            String after = hash(dir);
            if (before.equals(after) || attempt == 3) {
                if (!before.equals(after)) {
                    throw new IOException(dir + ": the model folder kept changing while it was read");
                }
                return new ServedModel(m, after, Instant.now(), json);
            }
        }
    }

    /** SHA-256 of model.json then model.safetensors, hex, first 16 digits. */
    static String hash(Path dir) throws IOException {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        byte[] buf = new byte[1 << 16];
        for (String f : new String[] {ModelFolder.DESCRIPTION_FILE, ModelFolder.WEIGHTS_FILE}) {
            try (InputStream in = Files.newInputStream(dir.resolve(f))) {
                for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                    d.update(buf, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(d.digest()).substring(0, 16);
    }
}

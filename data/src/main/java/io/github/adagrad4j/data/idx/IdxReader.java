package io.github.adagrad4j.data.idx;

import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.Dataset;
import io.github.adagrad4j.data.Inputs;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads IDX files (MNIST, Fashion-MNIST), plain or gzipped: unsigned-byte tensors whose magic
 * number {@code 0x0000 08 NN} gives the type (08 = ubyte) and the number of dimensions.
 *
 * <pre>{@code
 * Dataset train = IdxReader.read(Path.of(dir, "train-images-idx3-ubyte.gz"),
 *         Path.of(dir, "train-labels-idx1-ubyte.gz"));   // pixels scaled to [0, 1], shape {28, 28}
 * }</pre>
 */
public final class IdxReader {
    private IdxReader() {
    }

    /** An unsigned-byte tensor: its dimensions and values. */
    public record Tensor(int[] dims, byte[] values) {
    }

    /**
     * Reads one IDX file of unsigned bytes. The header's dimensions are not trusted for allocation:
     * the values are read in growing blocks, so a corrupted header over a short file is reported as
     * truncated instead of reserving gigabytes.
     */
    public static Tensor readUbyte(Path path) throws IOException {
        String source = path.toString();
        try (DataInputStream in = new DataInputStream(Inputs.open(path))) {
            int magic = in.readInt();
            int type = (magic >>> 8) & 0xff;
            int rank = magic & 0xff;
            if ((magic >>> 16) != 0 || type != 0x08 || rank < 1 || rank > 4) {
                throw new DataFormatException(source, String.format(
                        "bad IDX magic number 0x%08x: expected 0x000008NN (unsigned bytes, NN dimensions in 1..4)", magic));
            }
            int[] dims = new int[rank];
            long n = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 1) {
                    throw new DataFormatException(source, "dimension " + (i + 1) + " is " + dims[i] + "; IDX dimensions "
                            + "must be positive");
                }
                if (n > (Integer.MAX_VALUE - 8) / dims[i]) {
                    throw new DataFormatException(source, "dimensions " + Arrays.toString(Arrays.copyOf(dims, i + 1))
                            + "... hold more values than a Java array");
                }
                n *= dims[i];
            }
            byte[] values = new byte[(int) Math.min(n, 1 << 20)];
            int have = 0;
            while (have < n) {
                if (have == values.length) {
                    values = Arrays.copyOf(values, (int) Math.min(n, 2L * values.length));
                }
                int got = in.read(values, have, values.length - have);
                if (got < 0) {
                    throw new DataFormatException(source, "truncated: dimensions " + Arrays.toString(dims) + " need " + n
                            + " values, the file holds " + have);
                }
                have += got;
            }
            if (in.read() >= 0) {
                throw new DataFormatException(source, "holds bytes after the " + n + " values its dimensions "
                        + Arrays.toString(dims) + " describe");
            }
            return new Tensor(dims, values);
        } catch (EOFException e) {
            throw new DataFormatException(source, "truncated: the file ends inside the IDX header");
        } catch (DataFormatException | java.nio.file.NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new DataFormatException(source, "cannot be read: " + e.getMessage() + " (a damaged gzip file?)");
        }
    }

    /**
     * Reads an image file and its label file into a data set: pixels scaled to [0, 1], example
     * shape the image's dimensions, one class label per image.
     */
    public static Dataset read(Path images, Path labels) throws IOException {
        Tensor img = readUbyte(images);
        Tensor lab = readUbyte(labels);
        if (lab.dims().length != 1) {
            throw new DataFormatException(labels.toString(), "labels must be 1-dimensional, got dimensions "
                    + Arrays.toString(lab.dims()));
        }
        if (img.dims()[0] != lab.dims()[0]) {
            throw new DataFormatException(labels.toString(), "has " + lab.dims()[0] + " labels but " + images + " has "
                    + img.dims()[0] + " images");
        }
        byte[] pixels = img.values();
        float[] x = new float[pixels.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (pixels[i] & 0xff) / 255f;
        }
        byte[] classes = lab.values();
        float[] y = new float[classes.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = classes[i] & 0xff;
        }
        return new Dataset(x, Arrays.copyOfRange(img.dims(), 1, img.dims().length), y, 1);
    }
}

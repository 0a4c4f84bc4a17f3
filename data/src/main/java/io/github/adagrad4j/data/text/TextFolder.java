package io.github.adagrad4j.data.text;

import io.github.adagrad4j.data.DataFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Labelled texts from a folder laid out as Keras' {@code text_dataset_from_directory} takes it: one
 * subfolder per class, named for it, holding that class's {@code .txt} files (UTF-8). Classes are
 * the subfolder names in sorted order; documents come class by class, files sorted by name, so
 * the order (and a seeded split of it) is the same on every machine.
 *
 * <pre>{@code
 * TextFolder.Texts t = TextFolder.read(Path.of("reviews"));     // reviews/neg/*.txt, reviews/pos/*.txt
 * System.out.println(t.classes() + " " + t.texts().size());    // [neg, pos] 2000
 * }</pre>
 */
public final class TextFolder {
    private TextFolder() {
    }

    /**
     * Documents, their class positions, the class names, and an id per document
     * ({@code class/file.txt}).
     */
    public record Texts(List<String> texts, float[] labels, List<String> classes, List<String> ids) {
    }

    /** Whether {@code dir} is laid out as class folders (a folder with at least one subfolder). */
    public static boolean isClassFolders(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(Files::isDirectory);
        }
    }

    /** Reads a training folder: its subfolders are the classes. */
    public static Texts read(Path dir) throws IOException {
        return read(dir, null);
    }

    /**
     * Reads a folder with the given classes (a test or evaluation folder for a trained model): each
     * subfolder must name one of them; classes without a subfolder are allowed.
     *
     * @param classes the model's classes, or null to take the subfolders as the classes
     * @throws IOException naming the folder or file: no class subfolders, a class folder without
     *     {@code .txt} files, a class the model does not know, a file that is not UTF-8
     */
    public static Texts read(Path dir, List<String> classes) throws IOException {
        if (!Files.exists(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such folder");
        }
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException(dir.toString(), "is not a folder of class subfolders");
        }
        List<Path> folders;
        try (Stream<Path> s = Files.list(dir)) {
            folders = s.filter(Files::isDirectory).sorted().toList();
        }
        if (folders.isEmpty()) {
            throw new DataFormatException(dir.toString(), "has no class folders: expected one subfolder per class, "
                    + "each holding that class's .txt files");
        }
        List<String> names = new ArrayList<>();
        for (Path f : folders) {
            names.add(f.getFileName().toString());
        }
        List<String> cls = classes != null ? classes : names;
        if (classes == null && names.size() < 2) {
            throw new DataFormatException(dir.toString(), "has one class folder " + names + ": a classifier needs at "
                    + "least two");
        }
        List<String> texts = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Float> labels = new ArrayList<>();
        for (Path folder : folders) {
            String name = folder.getFileName().toString();
            int k = cls.indexOf(name);
            if (k < 0) {
                throw new DataFormatException(folder.toString(), "names class '" + name + "', which the model does not "
                        + "know; it knows " + cls);
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(folder)) {
                files = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".txt")).sorted()
                        .toList();
            }
            if (files.isEmpty()) {
                throw new DataFormatException(folder.toString(), "has no .txt files: each class folder holds its "
                        + "documents as .txt files");
            }
            for (Path f : files) {
                texts.add(utf8(f));
                ids.add(name + "/" + f.getFileName());
                labels.add((float) k);
            }
        }
        float[] y = new float[labels.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.get(i);
        }
        return new Texts(texts, y, List.copyOf(cls), ids);
    }

    /** A file's text, strictly UTF-8 (a BOM is dropped). */
    public static String utf8(Path file) throws IOException {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file.toString(), "is not UTF-8 text");
        }
    }
}

package io.github.adagrad4j.data.text;

import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fortune-cookie corpus of Debian's {@code fortunes} package (about 2.7 MB of quotations,
 * jokes and verse in {@code /usr/share/games/fortunes}): every fortune of every database file,
 * files in name order, fortunes in file order. A missing package is reported with the command
 * that installs it.
 *
 * <pre>{@code
 * List<String> all = Fortunes.load(Fortunes.DEFAULT_DIR);     // about 15,000 fortunes
 * }</pre>
 */
public final class Fortunes {
    /** Where Debian's {@code fortunes} package installs its databases. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/games/fortunes");

    private Fortunes() {
    }

    /** The fortunes of every database file in {@code dir} (the files without an extension). */
    public static List<String> load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null,
                    "the fortunes corpus is not installed; install it with: apt-get install fortunes");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> Files.isRegularFile(p) && !Files.isSymbolicLink(p)
                    && !p.getFileName().toString().contains(".")).sorted().toList();
        }
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f))).toString();
            StringBuilder cur = new StringBuilder();
            for (String line : text.split("\n", -1)) {
                if (line.equals("%")) {
                    add(out, cur);
                } else {
                    cur.append(line).append('\n');
                }
            }
            add(out, cur);
        }
        if (out.isEmpty()) {
            throw new NoSuchFileException(dir.toString(), null, "holds no fortune databases; install them with: "
                    + "apt-get install fortunes");
        }
        return out;
    }

    private static void add(List<String> out, StringBuilder cur) {
        String s = cur.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
        cur.setLength(0);
    }
}

package io.github.adagrad4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every ```java block of the README and of docs/ compiles against the current code, as a reader would paste
 * it: its import lines at the top, the rest as the body of a method (java.util and java.nio.file
 * imported, as almost any program does). A snippet that no longer compiles fails here with the
 * README's line number.
 */
class ReadmeSnippetsTest {
    @TempDir
    Path out;

    record Snippet(String file, int line, List<String> imports, List<String> body) {
    }

    static List<Snippet> snippets(Path readme) throws IOException {
        List<Snippet> all = new ArrayList<>();
        List<String> lines = Files.readAllLines(readme);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```java")) {
                continue;
            }
            int start = i + 1;
            List<String> imports = new ArrayList<>();
            List<String> body = new ArrayList<>();
            for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                (lines.get(i).startsWith("import ") ? imports : body).add(lines.get(i));
            }
            all.add(new Snippet(readme.getFileName().toString(), start + 1, imports, body));
        }
        return all;
    }

    @Test
    void everyJavaSnippetInTheReadmeCompiles() throws IOException {
        List<Snippet> snippets = new ArrayList<>(snippets(Path.of("../README.md")));
        assertThat(snippets).hasSizeGreaterThanOrEqualTo(5);
        for (String doc : List.of("guide.md", "spark.md", "internals.md")) {
            snippets.addAll(snippets(Path.of("../docs", doc)));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> errors = new ArrayList<>();
        for (int k = 0; k < snippets.size(); k++) {
            Snippet s = snippets.get(k);
            String name = "ReadmeSnippet" + k;
            StringBuilder src = new StringBuilder();
            // Line numbers of the generated source map back to the README: header lines are counted.
            src.append("import java.util.*; import java.nio.file.*;\n");
            s.imports().forEach(l -> src.append(l).append('\n'));
            src.append("public class ").append(name).append(" { void run() throws Exception {\n");
            int bodyStart = 3 + s.imports().size();
            s.body().forEach(l -> src.append(l).append('\n'));
            src.append("} }\n");
            JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + name + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return src;
                }
            };
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            boolean ok = javac.getTask(null, null, diagnostics, List.of("-d", out.toString(), "-classpath",
                    System.getProperty("java.class.path"), "-proc:none", "-Xlint:none"), null, List.of(file)).call();
            if (!ok) {
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    if (d.getKind() == Diagnostic.Kind.ERROR) {
                        long line = d.getLineNumber();
                        String where = line >= bodyStart ? s.file() + " line " + (s.line() + s.imports().size()
                                + (line - bodyStart)) : s.file() + " snippet at line " + s.line() + " (imports)";
                        errors.add(where + ": " + d.getMessage(null));
                    }
                }
            }
        }
        assertThat(errors).isEmpty();
    }
}

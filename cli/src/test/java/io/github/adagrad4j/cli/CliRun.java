package io.github.adagrad4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process, as a test sees it: exit code, standard output, standard error. */
record CliRun(int code, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }
}

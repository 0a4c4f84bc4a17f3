package io.github.adagrad4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import io.github.adagrad4j.data.ParameterException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code adagrad4j} command.
 *
 * <pre>
 * java -jar cli/target/adagrad4j.jar demo
 * java -jar cli/target/adagrad4j.jar train --data fashion-mnist --model mlp:256,128 --optimizer adagrad --lr 0.05
 * </pre>
 *
 * User errors (bad options, bad files, shapes that do not fit) print one line, {@code error: ...},
 * and exit with 2 (usage) or 1 (data, files); any other failure is one line too, exit 3, its stack
 * trace only with {@code --verbose}: running out of memory included.
 */
@Command(name = "adagrad4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Train models with AdaGrad and the adaptive-gradient family.")
public final class Main implements Runnable {
    /**
     * The commands, in the order help lists them. Registered by {@link #commandLine}, not by the
     * annotation: picocli reads every registered command's options by reflection when the command
     * line is built, which took most of a quarter second before any command ran.
     */
    static final java.util.Map<String, Class<?>> COMMANDS = commands(TrainCommand.class, PredictCommand.class,
            EvaluateCommand.class, CompareCommand.class, SearchCommand.class, SampleCommand.class, InfoCommand.class,
            ServeCommand.class, ExportCommand.class, LearnCommand.class, SparkTrainCommand.class, DemoCommand.class,
            ExampleCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class);

    private static java.util.Map<String, Class<?>> commands(Class<?>... classes) {
        java.util.Map<String, Class<?>> m = new java.util.LinkedHashMap<>();
        for (Class<?> c : classes) {
            m.put(c.getAnnotation(Command.class).name(), c);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The command line for {@code args}: with only the command they run when they name one (its
     * help and errors are the same either way), with every command for the root's help, version,
     * {@code help}, {@code completion} or a mistyped command (whose suggestions need them all).
     */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        String chosen = null;
        for (int i = 0; i < args.length && chosen == null; i++) {
            if (args[i].equals("--log-level")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                chosen = args[i];
            }
        }
        boolean one = chosen != null && COMMANDS.containsKey(chosen) && !chosen.equals("help")
                && !chosen.equals("completion");
        for (java.util.Map.Entry<String, Class<?>> c : COMMANDS.entrySet()) {
            if (!one || c.getKey().equals(chosen)) {
                cl.addSubcommand(c.getKey(), c.getValue());
            }
        }
        return cl;
    }

    /**
     * Libraries' java.util.logging output (netlib's "Using ...JNIBLAS") would land between progress
     * bars: the CLI owns the terminal, so their INFO lines are dropped unless --verbose. The logger
     * is held here because java.util.logging keeps loggers only weakly.
     */
    private static final java.util.logging.Logger NETLIB = java.util.logging.Logger.getLogger("dev.ludovic.netlib");
    private static final java.util.logging.Logger OURS = java.util.logging.Logger.getLogger("io.github.adagrad4j");
    /** Jetty (serve) logs its start and stop at info: noise on a terminal unless asked for. */
    private static final java.util.logging.Logger JETTY = java.util.logging.Logger.getLogger("org.eclipse.jetty");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private boolean verbose;
    private boolean quietOutput;
    private String logLevel;

    // The three options are methods, whose order reflection does not fix: `order` pins where the
    // commands' help (sortOptions = false) lists them, so docs/help stays what --help prints.
    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, order = 2,
            description = "Log lines at info (which BLAS loaded...), Spark's own log lines on the terminal too, and a "
                    + "failure's stack trace.")
    void verbose(boolean on) {
        verbose = on;
    }

    @CommandLine.Option(names = "--quiet", scope = CommandLine.ScopeType.INHERIT, order = 3,
            description = "Results only: no progress bars, epoch lines or notes, and log lines at error.")
    void quiet(boolean on) {
        quietOutput = on;
    }

    @CommandLine.Option(names = "--log-level", scope = CommandLine.ScopeType.INHERIT, order = 1, paramLabel = "LEVEL",
            description = "The log lines shown: error, warn, info or debug (default: warn; info with --verbose, error "
                    + "with --quiet).")
    void logLevel(String level) {
        if (!java.util.List.of("error", "warn", "info", "debug").contains(level)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--log-level '" + level
                    + "': expected error, warn, info or debug");
        }
        logLevel = level;
    }

    /** The root command's settings, from any command's spec. */
    static Main of(CommandLine.Model.CommandSpec spec) {
        return (Main) spec.root().userObject();
    }

    boolean isVerbose() {
        return verbose;
    }

    boolean isQuiet() {
        return quietOutput;
    }

    /** The level of the log lines shown, as --log-level, --verbose and --quiet set it. */
    String level() {
        return logLevel != null ? logLevel : verbose ? "info" : quietOutput ? "error" : "warn";
    }

    /** Our loggers' and netlib's java.util.logging levels, as {@link #level()} says. */
    private void applyLevels() {
        java.util.logging.Level level = switch (level()) {
            case "error" -> java.util.logging.Level.SEVERE;
            case "info" -> java.util.logging.Level.INFO;
            case "debug" -> java.util.logging.Level.ALL;
            default -> java.util.logging.Level.WARNING;
        };
        NETLIB.setLevel(level);
        OURS.setLevel(level);
        JETTY.setLevel(level);
    }

    /** The command line of a running command, for model.json: {@code adagrad4j train --data ...}. */
    static String commandLine(CommandLine.Model.CommandSpec spec) {
        StringBuilder b = new StringBuilder("adagrad4j");
        for (String a : spec.root().commandLine().getParseResult().originalArgs()) {
            b.append(' ').append(a.matches("[A-Za-z0-9_./:=,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return b.toString();
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        // One short line per log record (the BLAS in use) instead of java.util.logging's two-line default.
        System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%n");
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * A library's parameter error in this command's words: {@code textColumns} is the option
     * {@code --text-columns} where the command has one (the library names fields, the CLI flags).
     */
    static String worded(ParameterException p, CommandLine line) {
        String flag = "--" + p.parameter().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
        if (line.getCommandSpec().findOption(flag) == null) {
            return p.getMessage();
        }
        return flag + " '" + p.value() + "': " + p.problem();
    }

    /** Runs the command line and returns the exit code (what tests call). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        new Main().applyLevels();
        try {
            args = withConfig(args);
        } catch (IllegalArgumentException | IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        CommandLine cl = commandLine(args);
        // Every subcommand's --version prints the build's version too.
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(new Version());
        }
        // --task regression, as the README writes it (the enum constants are upper case).
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
            if (t instanceof NoSuchFileException nf) {
                line.getErr().println("error: " + nf.getFile() + ": " + (nf.getReason() == null ? "file not found"
                        : nf.getReason()));
                return 1;
            }
            if (t instanceof ParameterException p) {
                line.getErr().println("error: " + worded(p, line));
                return 1;
            }
            if (t instanceof IllegalArgumentException || t instanceof IOException) {
                line.getErr().println("error: " + t.getMessage());
                return 1;
            }
            // A Spark job that failed on bad input: its task's exception, not Spark's wrapping of it.
            for (Throwable c = t; t.getClass().getName().startsWith("org.apache.spark") && c != null; c = c.getCause()) {
                if (c instanceof IllegalArgumentException || c instanceof IOException) {
                    line.getErr().println("error: " + c.getMessage());
                    return 1;
                }
            }
            // Anything else (a failure inside Spark's start-up, a bug of ours): still one line, the innermost
            // cause named; the stack trace with --verbose.
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            line.getErr().println("error: " + (root.getMessage() != null ? root.getMessage() : root.getClass().getName())
                    + (root == t ? "" : " (" + t.getClass().getSimpleName() + ")")
                    + (of(line.getCommandSpec()).isVerbose() ? "" : "; --verbose shows the stack trace"));
            if (of(line.getCommandSpec()).isVerbose()) {
                t.printStackTrace(line.getErr());
            }
            return 3;
        });
        cl.setParameterExceptionHandler((e, a) -> {
            PrintWriter w = e.getCommandLine().getErr();
            w.println("error: " + unmatched(e));
            if (e instanceof CommandLine.UnmatchedArgumentException u) {
                // "Did you mean": picocli's suggestions of options or subcommands close to the mistyped word.
                java.util.List<String> near = u.getSuggestions();
                if (!near.isEmpty()) {
                    w.println("did you mean: " + String.join(", ", near.subList(0, Math.min(3, near.size()))) + "?");
                }
            }
            w.println("run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options");
            return 2;
        });
        cl.setExecutionStrategy(parsed -> {
            Main main = cl.getCommand();
            main.applyLevels();
            if (main.isQuiet()) {
                CommandLine last = parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1);
                last.setOut(new PrintWriter(new ResultsOnly(last.getOut()), true));
            }
            try {
                return new CommandLine.RunLast().execute(parsed);
            } catch (OutOfMemoryError | StackOverflowError e) {
                // Errors pass picocli's handler by; these two are the ones a job's size causes.
                cl.getErr().println("error: " + outOf(e) + (main.isVerbose() ? "" : "; --verbose shows the stack trace"));
                if (main.isVerbose()) {
                    e.printStackTrace(cl.getErr());
                }
                return 3;
            }
        });
        return cl.execute(args);
    }

    /** What a user reads for an error of the job's size: what ran out, the limit, and how to raise it. */
    static String outOf(Error e) {
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + "; this JVM's heap may grow to "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB): give it more with JAVA_OPTS=-Xmx<size> "
                    + "(bin/adagrad4j passes JAVA_OPTS on), or make the job smaller";
        }
        return "out of stack (StackOverflowError): a structure too deeply nested for this JVM's thread stack; "
                + "JAVA_OPTS=-Xss<size> raises it";
    }

    /**
     * picocli's message, with an unknown subcommand named as one ("Unmatched arguments from index 0"
     * says nothing to a user) and an unknown option's value left out of the list of unknown options.
     */
    private static String unmatched(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            if (!first.startsWith("-") && e.getCommandLine().getParent() == null) {
                return "unknown command '" + first + "'";
            }
            if (first.startsWith("-")) {
                return "unknown option '" + first + "'";
            }
        }
        return e.getMessage();
    }

    /**
     * {@code train --config FILE}: the JSON object's keys are train's options without their dashes
     * (what {@code search} writes to best.json); options on the command line win over the file's.
     */
    static String[] withConfig(String[] args) throws IOException {
        int at = java.util.Arrays.asList(args).indexOf("--config");
        if (args.length == 0 || !args[0].equals("train") || at < 0) {
            return args;
        }
        if (at + 1 >= args.length) {
            throw new IllegalArgumentException("--config needs a file");
        }
        java.nio.file.Path file = java.nio.file.Path.of(args[at + 1]);
        if (!java.nio.file.Files.exists(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "file not found");
        }
        Object parsed;
        try {
            parsed = io.github.adagrad4j.optim.io.Json.parse(java.nio.file.Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + e.getMessage() + ")");
        }
        if (!(parsed instanceof java.util.Map<?, ?> map)) {
            throw new IllegalArgumentException(file + ": expected a JSON object of train options");
        }
        if (map.containsKey("format")) {
            // A model folder's model.json: the settings it was trained with.
            if (!(map.get("training") instanceof java.util.Map<?, ?> t) || !(t.get("config") instanceof java.util.Map<?, ?> c)) {
                throw new IllegalArgumentException(file + ": this model description records no training settings "
                        + "(training.config); it was written before they were recorded");
            }
            map = c;
        }
        java.util.List<String> out = new java.util.ArrayList<>(java.util.Arrays.asList(args));
        out.remove(at + 1);
        out.remove(at);
        for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
            String flag = "--" + e.getKey();
            if (out.contains(flag) || out.stream().anyMatch(a -> a.startsWith(flag + "="))) {
                continue;
            }
            Object v = e.getValue();
            if (v instanceof Boolean b) {
                if (b) {
                    out.add(flag);
                } else if (e.getKey().equals("standardize")) {
                    out.add("--no-standardize");
                }
            } else if (v instanceof String || v instanceof Number) {
                out.add(flag);
                out.add(v.toString());
            } else {
                throw new IllegalArgumentException(file + ": option '" + e.getKey() + "' should be a string, number "
                        + "or boolean, found " + v);
            }
        }
        return out.toArray(new String[0]);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version the build wrote into {@code version.properties}: one version everywhere. */
    static final class Version implements CommandLine.IVersionProvider {
        /** The version, or "unknown" when the resource is missing (classes run outside the built jar). */
        static String value() {
            try (java.io.InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    return "unknown";
                }
                java.util.Properties p = new java.util.Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            } catch (IOException e) {
                return "unknown";
            }
        }

        @Override
        public String[] getVersion() {
            return new String[] {"adagrad4j " + value()};
        }
    }
}

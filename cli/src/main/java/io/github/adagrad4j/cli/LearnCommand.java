package io.github.adagrad4j.cli;

import io.github.adagrad4j.data.JsonFields;
import io.github.adagrad4j.data.stream.ExampleStream;
import io.github.adagrad4j.data.stream.FeatureHashing;
import io.github.adagrad4j.data.stream.StreamFormat;
import io.github.adagrad4j.optim.Rules;
import io.github.adagrad4j.optim.UpdateRule;
import io.github.adagrad4j.optim.schedule.LrSchedule;
import io.github.adagrad4j.train.ModelDescription;
import io.github.adagrad4j.train.ModelFolder;
import io.github.adagrad4j.train.OnlineLearner;
import io.github.adagrad4j.train.OnlineLoss;
import io.github.adagrad4j.train.Schedules;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code adagrad4j learn}: one pass (or a few) over a stream of examples with a sparse rule,
 * printing progressive validation as Vowpal Wabbit does ({@link OnlineLearner}).
 */
@Command(name = "learn", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Learn a linear model online from a stream of examples (Vowpal Wabbit text, LIBSVM, CSV or TSV; "
                + "a file, gzip or not, or - for stdin): each example is scored, then learned from, once. Features are "
                + "hashed into 2^bits weights, with namespace interactions computed on the fly. Writes a model folder "
                + "for predict, evaluate and serve. Without --lr, adagrad, adagrad-rda and proximal-adagrad take 0.1 and "
                + "sgd 0.5: a stream needs larger steps than PyTorch's mini-batch defaults. --optimizer kalman is a "
                + "Bayesian filter for sparse features: each weight learns at the rate of its own uncertainty, so "
                + "rare features learn faster (see --prior-variance); logistic or squared loss.")
final class LearnCommand implements Callable<Integer> {
    /** Rules that update only the coordinates an example touches, exactly. */
    static final Set<String> RULES = Set.of("adagrad", "ftrl", "adagrad-rda", "sgd", "proximal-adagrad", "kalman");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE|-", description = "The examples: a file (gzip "
            + "recognised by its content) or - for stdin.")
    String data;

    @Option(names = "--format", paramLabel = "FORMAT", description = "vw, libsvm, csv or tsv (default: from the file's "
            + "name; vw for stdin).")
    String format;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "The model folder to write.")
    Path output;

    @Option(names = "--loss", paramLabel = "LOSS", description = "logistic (labels 0/1 or -1/1), squared or hinge "
            + "(default: logistic).")
    String loss;

    @Option(names = {"-b", "--bits"}, paramLabel = "BITS", description = "Hash features into 2^BITS weights, 1 to 30 "
            + "(default: 20).")
    Integer bits;

    @Option(names = "--interactions", split = ",", paramLabel = "TERM", description = "Namespace interactions, crossed "
            + "on the fly: ab (every namespace whose name starts with a, with every one starting with b), abc, or full "
            + "names as c1*c2.")
    List<String> interactions;

    @Option(names = "-q", paramLabel = "AB", description = "Shorthand for a quadratic --interactions term; repeatable.")
    List<String> quadratic;

    @Option(names = "--ignore", split = ",", paramLabel = "NS", description = "Namespaces to leave out (a first "
            + "character, or a full name).")
    List<String> ignore;

    @Option(names = "--keep", split = ",", paramLabel = "NS", description = "Read only these namespaces.")
    List<String> keep;

    @Option(names = "--no-constant", description = "Leave out the constant feature (the intercept).")
    boolean noConstant;

    @Option(names = "--label", paramLabel = "COLUMN", description = "CSV/TSV: the label column (default: label).")
    String label;

    @Option(names = "--categorical", split = ",", paramLabel = "COLUMN", description = "CSV/TSV: columns (names or globs "
            + "as c*) whose cells are names even when they look like numbers.")
    List<String> categorical;

    @Mixin
    OptimizerOptionsMixin optimizer;

    @Option(names = "--power-t", paramLabel = "P", description = "sgd: the rate decays as lr / (1 + t)^P over examples "
            + "(default for sgd: 0.5; 0: constant).")
    Double powerT;

    @Option(names = "--passes", defaultValue = "1", description = "Passes over the data; passes after the first read "
            + "the cache (default: ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--cache", paramLabel = "FILE", description = "With --passes: keep the hashed examples here "
            + "(default: a temporary file).")
    Path cache;

    @Option(names = "--holdout-period", defaultValue = "10", paramLabel = "N", description = "With --passes: every Nth "
            + "example is held out and scored after each pass (default: ${DEFAULT-VALUE}).")
    int holdoutPeriod;

    @Option(names = "--early-terminate", defaultValue = "3", paramLabel = "K", description = "With --passes: stop after K "
            + "passes without a better holdout loss (default: ${DEFAULT-VALUE}).")
    int earlyTerminate;

    @Option(names = {"-i", "--initial-model"}, paramLabel = "DIR", description = "Continue from a folder learn wrote, "
            + "its optimizer state included; its hashing, loss and rule apply unless given again (identically).")
    Path initialModel;

    @Option(names = "--save-every", paramLabel = "N", defaultValue = "0", description = "Write the folder every N "
            + "examples, each file atomically (default: at the end only).")
    long saveEvery;

    @Option(names = "--save-on-error", description = "On a bad line or a damaged file, save what was learned before it.")
    boolean saveOnError;

    @Option(names = "--skip-bad-lines", description = "Count malformed lines and go on (reported at the end) instead of "
            + "stopping at the first.")
    boolean skipBadLines;

    @Option(names = "--parse-threads", paramLabel = "N", defaultValue = "0", description = "Threads that parse and "
            + "hash lines while one learns, which parses too whenever its next lines are not ready; results do not "
            + "depend on it (default: one per core but one, from 1 to " + ExampleStream.MAX_AUTO_THREADS + ").")
    int parseThreads;

    @Option(names = {"-p", "--predictions"}, paramLabel = "FILE", description = "Write each example's progressive "
            + "prediction (made before learning from it), with its tag.")
    Path predictions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (optimizer.clipNorm != null || optimizer.clipValue != null || optimizer.threads != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "learn steps one example at a time on one "
                    + "thread: --clip-norm, --clip-value and --threads do not apply");
        }
        StreamFormat f = format != null ? StreamFormat.of(format) : data.equals("-") ? StreamFormat.VW
                : StreamFormat.guess(data);
        if (f == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot tell the format of '" + data + "' from "
                    + "its name: give --format vw, libsvm, csv or tsv");
        }
        if (!f.hasHeader() && (label != null || categorical != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--label and --categorical name CSV/TSV "
                    + "columns; a " + f.id() + " line carries its label first");
        }
        FeatureHashing hashing = hashing();
        String ruleName = optimizer.optimizer;
        Map<String, String> ruleOptions = optimizer.given();
        String scheduleSpec = optimizer.schedule;
        ModelDescription saved = initialModel != null ? ModelFolder.read(initialModel) : null;
        if (saved != null && !parsed.hasMatchedOption("--optimizer") && ruleOptions.isEmpty()
                && saved.training().get("rule") instanceof String r) {
            // Continuing with the saved model's rule, and its schedule unless one is given: the same steps.
            ruleName = r;
            ruleOptions = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : JsonFields.map(saved.training(), "rule_options").entrySet()) {
                ruleOptions.put(e.getKey().toString(), e.getValue().toString());
            }
            if (!parsed.hasMatchedOption("--schedule") && powerT == null
                    && saved.training().get("schedule") instanceof String sch) {
                scheduleSpec = sch;
            }
        } else if (!ruleOptions.containsKey("lr") && DEFAULT_LR.containsKey(ruleName)) {
            ruleOptions = new LinkedHashMap<>(ruleOptions);
            ruleOptions.put("lr", DEFAULT_LR.get(ruleName));
        }
        if (!RULES.contains(ruleName)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--optimizer " + ruleName + " does not update "
                    + "only the coordinates an example touches; learn takes " + String.join(", ", RULES.stream()
                    .sorted().toList()));
        }
        if (ruleName.equals("sgd") && (ruleOptions.containsKey("momentum") || ruleOptions.containsKey("nesterov"))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "learn's sgd has no momentum: a coordinate's "
                    + "momentum would only move when an example touches it");
        }
        UpdateRule rule = Rules.create(ruleName, ruleOptions);
        LrSchedule schedule = Schedules.parse(scheduleSpec);
        if (powerT != null && !ruleName.equals("sgd")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--power-t is sgd's decay; " + ruleName
                    + " adapts its rate per coordinate");
        }
        if (ruleName.equals("sgd") && scheduleSpec.equals("constant")) {
            double p = powerT != null ? powerT : 0.5;
            if (p < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--power-t should be >= 0, got " + p);
            }
            schedule = LrSchedule.inversePower(p);
            scheduleSpec = "inverse-power:" + p;
        }
        if (parseThreads < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--parse-threads should be >= 1 (or 0: one per "
                    + "core), got " + parseThreads);
        }
        ExampleStream.Options options = new ExampleStream.Options(f, label, categorical == null ? List.of() : categorical,
                skipBadLines, 2048, 8, parseThreads);
        OnlineLearner learner = OnlineLearner.builder().data(data).options(options).hashing(hashing)
                .loss(loss == null ? null : OnlineLoss.of(loss)).rule(rule, ruleOptions).schedule(schedule, scheduleSpec)
                .nonFinite(optimizer.nonFinite).passes(passes).holdoutPeriod(holdoutPeriod).earlyTerminate(earlyTerminate)
                .cache(cache).output(output).predictions(predictions).initialModel(initialModel).saveEvery(saveEvery)
                .saveOnError(saveOnError).progress(!Main.of(spec).isQuiet()).commandLine(Main.commandLine(spec)).build();
        learner.run(out);
        out.println("wrote " + output);
        return 0;
    }

    /** Learn's rates where PyTorch's default (meant for mini-batches of dense models) learns a stream too slowly. */
    static final Map<String, String> DEFAULT_LR = Map.of("adagrad", "0.1", "sgd", "0.5", "adagrad-rda", "0.1",
            "proximal-adagrad", "0.1");

    /** The hashing the options give, or null when none is given (an initial model's then applies). */
    private FeatureHashing hashing() {
        List<String> terms = new ArrayList<>();
        if (interactions != null) {
            terms.addAll(interactions);
        }
        if (quadratic != null) {
            for (String q : quadratic) {
                if (q.length() != 2 && !q.contains("*")) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "-q takes two namespace keys, as -q ab; "
                            + "got '" + q + "'");
                }
                terms.add(q);
            }
        }
        if (bits == null && terms.isEmpty() && ignore == null && keep == null && !noConstant) {
            return null;
        }
        return FeatureHashing.builder().bits(bits == null ? 20 : bits).interactions(terms)
                .ignore(ignore == null ? List.of() : ignore).keep(keep == null ? List.of() : keep).constant(!noConstant)
                .build();
    }
}

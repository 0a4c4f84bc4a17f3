package io.github.adagrad4j.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Builds an {@link UpdateRule} from its name and options given as text, as a command line, a
 * Spark ML param or a config file gives them. An option the rule does not have is an error naming
 * the options it has, never silently ignored; an option left out keeps the rule's (PyTorch's)
 * default.
 *
 * <pre>{@code
 * UpdateRule a = Rules.create("adagrad", Map.of("lr", "0.05", "initial-accumulator", "0.1"));
 * UpdateRule b = Rules.parse("ftrl:lr=0.5,l1=0.001");
 * UpdateRule c = Rules.parse("adam:lr=3e-4,betas=0.9/0.98");
 * }</pre>
 *
 * Option names are the command line's without the dashes: {@code lr, weight-decay, maximize, eps,
 * lr-decay, initial-accumulator, eps-inside-sqrt, momentum, dampening, nesterov, alpha, centered,
 * betas (B1,B2 or B1/B2), amsgrad, rho, final-lr, gamma, l1, l2, beta, lr-power, delta, prior-variance}.
 */
public final class Rules {
    /** The rule names {@link #create} accepts. */
    public static final List<String> NAMES = List.of("adagrad", "adagrad-keras", "sgd", "rmsprop", "adam", "adamw",
            "adadelta", "adamax", "adabound", "amsbound", "sparseadam", "ftrl", "adagrad-rda", "proximal-adagrad");

    /**
     * The rules that learn from observations of a linear model ({@link Optimizer#observe}), not from
     * gradients: {@link #create} builds them, but only a stream learner can step them.
     */
    public static final List<String> FILTERS = List.of("kalman");

    private static final List<String> COMMON = List.of("lr", "weight-decay", "maximize");
    private static final Map<String, List<String>> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("adagrad", with(COMMON, "eps", "lr-decay", "initial-accumulator", "eps-inside-sqrt"));
        OPTIONS.put("adagrad-keras", OPTIONS.get("adagrad"));
        OPTIONS.put("sgd", with(COMMON, "momentum", "dampening", "nesterov"));
        OPTIONS.put("rmsprop", with(COMMON, "eps", "alpha", "momentum", "centered"));
        OPTIONS.put("adam", with(COMMON, "eps", "betas", "amsgrad"));
        OPTIONS.put("adamw", with(COMMON, "eps", "betas", "amsgrad"));
        OPTIONS.put("adadelta", with(COMMON, "eps", "rho"));
        OPTIONS.put("adamax", with(COMMON, "eps", "betas"));
        OPTIONS.put("adabound", with(COMMON, "eps", "betas", "final-lr", "gamma"));
        OPTIONS.put("amsbound", with(COMMON, "eps", "betas", "final-lr", "gamma"));
        OPTIONS.put("sparseadam", List.of("lr", "maximize", "eps", "betas"));
        OPTIONS.put("ftrl", List.of("lr", "beta", "l1", "l2", "lr-power", "initial-accumulator"));
        OPTIONS.put("adagrad-rda", List.of("lr", "l1", "l2", "delta"));
        OPTIONS.put("proximal-adagrad", List.of("lr", "l1", "l2", "eps", "initial-accumulator"));
        OPTIONS.put("kalman", List.of("lr", "prior-variance"));
    }

    private Rules() {
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }

    /**
     * The options a rule takes.
     *
     * @throws IllegalArgumentException naming the known rules if {@code rule} is not one
     */
    public static List<String> options(String rule) {
        List<String> o = OPTIONS.get(rule);
        if (o == null) {
            throw new IllegalArgumentException("unknown optimizer '" + rule + "'; expected one of "
                    + String.join(", ", NAMES) + " (or, for a stream learner, " + String.join(", ", FILTERS) + ")");
        }
        return o;
    }

    /**
     * Parses {@code NAME} or {@code NAME:KEY=VALUE,KEY=VALUE...} (betas as {@code B1/B2}).
     *
     * @throws IllegalArgumentException for an unknown rule, a malformed pair, or an option as in {@link #create}
     */
    public static UpdateRule parse(String spec) {
        Spec s = spec(spec);
        return create(s.name(), s.options());
    }

    /** A rule's name and its options, as a spec {@code NAME[:KEY=VALUE,...]} writes them. */
    public record Spec(String name, Map<String, String> options) {
        public Spec {
            options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
        }
    }

    /**
     * The name and options of a spec, parsed but not built: what {@link #parse} builds.
     *
     * @throws IllegalArgumentException for a malformed pair or an option given twice
     */
    public static Spec spec(String spec) {
        Checks.notNull("optimizer spec", spec);
        String[] nameAndOptions = spec.strip().split(":", 2);
        Map<String, String> options = new LinkedHashMap<>();
        if (nameAndOptions.length > 1 && !nameAndOptions[1].isBlank()) {
            for (String pair : nameAndOptions[1].split(",")) {
                String[] kv = pair.split("=", 2);
                if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                    throw new IllegalArgumentException("optimizer spec '" + spec + "': expected KEY=VALUE, got '" + pair
                            + "'");
                }
                if (options.put(kv[0].strip(), kv[1].strip()) != null) {
                    throw new IllegalArgumentException("optimizer spec '" + spec + "': option '" + kv[0].strip()
                            + "' given twice");
                }
            }
        }
        return new Spec(nameAndOptions[0].strip(), options);
    }

    /**
     * The rule {@code name} with the given options; options not given keep their defaults.
     *
     * @throws IllegalArgumentException for an unknown rule, options the rule does not take (all of
     *     them named, with the ones it does take), a value that is not a number or boolean, or a
     *     value the rule's builder rejects
     */
    public static UpdateRule create(String name, Map<String, String> options) {
        Checks.notNull("options", options);
        List<String> takes = options(name);
        Set<String> wrong = new TreeSet<>(options.keySet());
        wrong.removeAll(takes);
        if (!wrong.isEmpty()) {
            Set<String> known = new TreeSet<>();
            OPTIONS.values().forEach(known::addAll);
            List<String> problems = new ArrayList<>();
            for (String w : wrong) {
                problems.add(known.contains(w) ? "option '" + w + "' does not apply to optimizer '" + name + "'"
                        : "unknown optimizer option '" + w + "'");
            }
            throw new IllegalArgumentException(String.join("; ", problems) + " (" + name + " takes "
                    + String.join(", ", takes) + ")");
        }
        Values v = new Values(name, options);
        return switch (name) {
            case "adagrad", "adagrad-keras" -> {
                AdaGrad.Builder b = name.equals("adagrad") ? AdaGrad.builder() : AdaGrad.kerasBuilder();
                common(b, v);
                v.number("eps", b::eps);
                v.number("lr-decay", b::lrDecay);
                v.number("initial-accumulator", b::initialAccumulator);
                v.flag("eps-inside-sqrt", b::epsInsideSqrt);
                yield b.build();
            }
            case "sgd" -> {
                Sgd.Builder b = Sgd.builder();
                common(b, v);
                v.number("momentum", b::momentum);
                v.number("dampening", b::dampening);
                v.flag("nesterov", b::nesterov);
                yield b.build();
            }
            case "rmsprop" -> {
                RmsProp.Builder b = RmsProp.builder();
                common(b, v);
                v.number("eps", b::eps);
                v.number("alpha", b::alpha);
                v.number("momentum", b::momentum);
                v.flag("centered", b::centered);
                yield b.build();
            }
            case "adam", "adamw" -> {
                Adam.Builder b = name.equals("adam") ? Adam.builder() : AdamW.builder();
                common(b, v);
                v.number("eps", b::eps);
                v.pair("betas", b::betas);
                v.flag("amsgrad", b::amsgrad);
                yield b.build();
            }
            case "adadelta" -> {
                Adadelta.Builder b = Adadelta.builder();
                common(b, v);
                v.number("eps", b::eps);
                v.number("rho", b::rho);
                yield b.build();
            }
            case "adamax" -> {
                Adamax.Builder b = Adamax.builder();
                common(b, v);
                v.number("eps", b::eps);
                v.pair("betas", b::betas);
                yield b.build();
            }
            case "adabound", "amsbound" -> {
                AdaBound.Builder b = AdaBound.builder().amsbound(name.equals("amsbound"));
                common(b, v);
                v.number("eps", b::eps);
                v.pair("betas", b::betas);
                v.number("final-lr", b::finalLr);
                v.number("gamma", b::gamma);
                yield b.build();
            }
            case "sparseadam" -> {
                SparseAdam.Builder b = SparseAdam.builder();
                v.number("lr", b::lr);
                v.number("eps", b::eps);
                v.pair("betas", b::betas);
                v.flag("maximize", b::maximize);
                yield b.build();
            }
            case "ftrl" -> {
                Ftrl.Builder b = Ftrl.builder();
                v.number("lr", b::alpha);
                v.number("beta", b::beta);
                v.number("l1", b::l1);
                v.number("l2", b::l2);
                v.number("lr-power", b::lrPower);
                v.number("initial-accumulator", b::initialAccumulator);
                yield b.build();
            }
            case "adagrad-rda" -> {
                AdaGradRda.Builder b = AdaGradRda.builder();
                v.number("lr", b::lr);
                v.number("l1", b::l1);
                v.number("l2", b::l2);
                v.number("delta", b::delta);
                yield b.build();
            }
            case "proximal-adagrad" -> {
                ProximalAdaGrad.Builder b = ProximalAdaGrad.builder();
                v.number("lr", b::lr);
                v.number("l1", b::l1);
                v.number("l2", b::l2);
                v.number("eps", b::eps);
                v.number("initial-accumulator", b::initialAccumulator);
                yield b.build();
            }
            case "kalman" -> {
                Kalman.Builder b = Kalman.builder();
                v.number("lr", b::lr);
                v.number("prior-variance", b::priorVariance);
                yield b.build();
            }
            default -> throw new AssertionError(name);
        };
    }

    private static void common(RuleBuilder<?, ?> b, Values v) {
        v.number("lr", b::lr);
        v.number("weight-decay", b::weightDecay);
        v.flag("maximize", b::maximize);
    }

    /** The given options' values, parsed on use with messages naming the option. */
    private record Values(String rule, Map<String, String> options) {
        interface PairSetter {
            Object set(double a, double b);
        }

        void number(String key, Consumer<Double> setter) {
            String s = options.get(key);
            if (s != null) {
                setter.accept(parse(key, s));
            }
        }

        void flag(String key, Consumer<Boolean> setter) {
            String s = options.get(key);
            if (s != null) {
                if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException("optimizer '" + rule + "': option '" + key
                            + "' takes true or false, got '" + s + "'");
                }
                setter.accept(Boolean.parseBoolean(s));
            }
        }

        void pair(String key, PairSetter setter) {
            String s = options.get(key);
            if (s != null) {
                String[] ab = s.split("[,/]");
                if (ab.length != 2) {
                    throw new IllegalArgumentException("optimizer '" + rule + "': option '" + key
                            + "' takes two values B1,B2 (or B1/B2), got '" + s + "'");
                }
                setter.set(parse(key, ab[0]), parse(key, ab[1]));
            }
        }

        private double parse(String key, String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("optimizer '" + rule + "': option '" + key + "' takes a number, got '"
                        + s + "'");
            }
        }
    }
}

package io.github.adagrad4j.train.search;

import io.github.adagrad4j.data.ParameterException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A hyperparameter search space, as {@code adagrad4j search --space} takes it:
 * {@code lr=loguniform(1e-4,1),initial-accumulator=choice(0,0.1),batch-size=choice(32,100)}.
 * Dimensions are {@code loguniform(lo,hi)}, {@code uniform(lo,hi)} and {@code choice(a,b,...)}.
 * Random trials are drawn from a seed and the trial's number alone (so trial 7 is the same
 * whatever ran before it, on however many threads); grids take every combination, continuous
 * dimensions at {@code points} values (geometric for log-uniform ones). Numbers are kept to four
 * significant digits, so a trial's configuration reads (and reruns) exactly as it is printed.
 *
 * <pre>{@code
 * SearchSpace s = SearchSpace.parse("lr=loguniform(1e-3,1),initial-accumulator=choice(0,0.1)", List.of("lr", ...));
 * Map<String, String> trial7 = s.sample(42, 7);      // {lr=0.0316, initial-accumulator=0.1}
 * List<Map<String, String>> grid = s.grid(4);        // 4 x 2 = 8 configurations
 * }</pre>
 */
public final class SearchSpace {
    /** One dimension: a name and how its values are drawn. */
    public record Dimension(String name, String kind, double low, double high, List<String> choices) {
        public boolean logScale() {
            return kind.equals("loguniform");
        }

        public boolean numeric() {
            return !kind.equals("choice") || choices.stream().allMatch(c -> c.matches("-?[0-9.eE+-]+"));
        }
    }

    private final List<Dimension> dims;
    private final String text;

    private SearchSpace(List<Dimension> dims, String text) {
        this.dims = List.copyOf(dims);
        this.text = text;
    }

    /**
     * Parses a space over the given names.
     *
     * @throws IllegalArgumentException for an empty space, an unknown name (listing the valid
     *     ones), an unknown distribution, a range with low > high, or a log range not above 0
     */
    public static SearchSpace parse(String text, List<String> names) {
        if (text == null || text.isBlank()) {
            throw new ParameterException("space", "", "is empty; expected e.g. lr=loguniform(1e-4,1)");
        }
        List<Dimension> dims = new ArrayList<>();
        for (String part : splitTop(text)) {
            int eq = part.indexOf('=');
            int open = part.indexOf('(');
            if (eq <= 0 || open < eq || !part.endsWith(")")) {
                throw new ParameterException("space", part, "expected NAME=loguniform(LO,HI), "
                        + "NAME=uniform(LO,HI) or NAME=choice(A,B,...)");
            }
            String name = part.substring(0, eq).trim();
            if (!names.contains(name)) {
                throw new ParameterException("space", name, "unknown hyperparameter; this search can vary "
                        + String.join(", ", names));
            }
            if (dims.stream().anyMatch(d -> d.name().equals(name))) {
                throw new ParameterException("space", name, "named twice");
            }
            String kind = part.substring(eq + 1, open).trim();
            List<String> args = new ArrayList<>();
            for (String a : part.substring(open + 1, part.length() - 1).split(",")) {
                if (!a.isBlank()) {
                    args.add(a.trim());
                }
            }
            switch (kind) {
                case "loguniform", "uniform" -> {
                    if (args.size() != 2) {
                        throw new ParameterException("space", name, kind + " takes (LO,HI), got "
                                + args);
                    }
                    double lo = number(args.get(0), name);
                    double hi = number(args.get(1), name);
                    if (lo > hi) {
                        throw new ParameterException("space", name, "low " + args.get(0) + " > high "
                                + args.get(1));
                    }
                    if (kind.equals("loguniform") && lo <= 0) {
                        throw new ParameterException("space", name, "loguniform needs LO > 0, got "
                                + args.get(0));
                    }
                    dims.add(new Dimension(name, kind, lo, hi, List.of()));
                }
                case "choice" -> {
                    if (args.isEmpty()) {
                        throw new ParameterException("space", name, "choice() needs at least one value");
                    }
                    dims.add(new Dimension(name, kind, 0, 0, List.copyOf(args)));
                }
                default -> throw new ParameterException("space", name, "unknown distribution '" + kind
                        + "'; expected loguniform, uniform or choice");
            }
        }
        return new SearchSpace(dims, text.trim());
    }

    private static double number(String s, String name) {
        try {
            double v = Double.parseDouble(s);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ParameterException("space", name, "'" + s + "' is not a finite number");
    }

    /** Splits at commas outside parentheses. */
    private static List<String> splitTop(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(text.substring(from, i).trim());
                from = i + 1;
            }
        }
        out.add(text.substring(from).trim());
        out.removeIf(String::isEmpty);
        return out;
    }

    public List<Dimension> dimensions() {
        return dims;
    }

    @Override
    public String toString() {
        return text;
    }

    /** Trial {@code trial}'s configuration, drawn from {@code seed} and the trial number alone. */
    public Map<String, String> sample(long seed, int trial) {
        SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + trial);
        Map<String, String> out = new LinkedHashMap<>();
        for (Dimension d : dims) {
            double u = rng.nextDouble();
            out.put(d.name(), switch (d.kind()) {
                case "loguniform" -> round(Math.exp(Math.log(d.low()) + u * (Math.log(d.high()) - Math.log(d.low()))));
                case "uniform" -> round(d.low() + u * (d.high() - d.low()));
                default -> d.choices().get((int) Math.min(d.choices().size() - 1, u * d.choices().size()));
            });
        }
        return out;
    }

    /** Every combination, continuous dimensions at {@code points} values each (ends included). */
    public List<Map<String, String>> grid(int points) {
        if (points < 2) {
            throw new ParameterException("gridPoints", String.valueOf(points), "must be >= 2");
        }
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Dimension d : dims) {
            List<String> values = new ArrayList<>();
            if (d.kind().equals("choice")) {
                values.addAll(d.choices());
            } else {
                for (int k = 0; k < points; k++) {
                    double t = (double) k / (points - 1);
                    values.add(round(d.logScale() ? Math.exp(Math.log(d.low()) + t * (Math.log(d.high())
                            - Math.log(d.low()))) : d.low() + t * (d.high() - d.low())));
                }
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String v : values) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(d.name(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    /** Four significant digits, plain where that reads well. */
    static String round(double v) {
        if (v == 0) {
            return "0";
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains("e")) {
            String[] p = s.split("e");
            return p[0].replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "") + "e" + Integer.parseInt(p[1]);
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}

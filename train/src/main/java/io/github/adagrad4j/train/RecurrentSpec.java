package io.github.adagrad4j.train;

import io.github.adagrad4j.nn.layers.SequenceClassifier;
import io.github.adagrad4j.nn.ops.Recurrent;
import io.github.adagrad4j.data.ParameterException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recurrent model as {@code train --model} spells it: {@code [bi]lstm|gru|rnn:HIDDEN[xLAYERS]}
 * then optional {@code ,embed=N}, {@code ,max-len=N} (tokens kept per sequence) and
 * {@code ,pool=mean|last} (how a sequence classifier summarises its outputs).
 *
 * <pre>{@code
 * RecurrentSpec s = RecurrentSpec.parse("bigru:64,max-len=600,pool=mean");
 * s.cell();            // GRU
 * s.bidirectional();   // true
 * }</pre>
 */
public record RecurrentSpec(Recurrent.Kind cell, boolean bidirectional, int hidden, int layers, int embed, int maxLen,
        boolean meanPooling) {
    private static final Pattern FORM = Pattern.compile("(bi)?(lstm|gru|rnn):(\\d{1,6})(?:x(\\d{1,3}))?((?:,[^,]+)*)");

    /** Whether {@code spec} names a recurrent model at all (then {@link #parse} says what is wrong with it). */
    public static boolean names(String spec) {
        return spec.matches("(?i)(bi)?(lstm|gru|rnn):.*");
    }

    /**
     * Parses a spec; {@code embed} and {@code max-len} are 0 unless given (the task's defaults
     * then apply: {@link #embedOr}), pooling is mean unless given.
     *
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static RecurrentSpec parse(String spec) {
        Matcher m = FORM.matcher(spec.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ParameterException("model", spec, "expected [bi]lstm|gru|rnn:HIDDEN[xLAYERS] then "
                    + "optional ,embed=N ,max-len=N ,pool=mean|last (e.g. lstm:256x2 or bigru:64,max-len=600)");
        }
        Recurrent.Kind cell = switch (m.group(2)) {
            case "lstm" -> Recurrent.Kind.LSTM;
            case "gru" -> Recurrent.Kind.GRU;
            default -> Recurrent.Kind.RNN_TANH;
        };
        int hidden = positive(spec, "hidden size", m.group(3));
        int layers = m.group(4) == null ? 1 : positive(spec, "layers", m.group(4));
        int embed = 0;
        int maxLen = 0;
        boolean mean = true;
        for (String opt : m.group(5).split(",")) {
            if (opt.isEmpty()) {
                continue;
            }
            String[] kv = opt.split("=", 2);
            String v = kv.length == 2 ? kv[1] : "";
            switch (kv[0]) {
                case "embed" -> embed = positive(spec, "embed", v);
                case "max-len" -> maxLen = positive(spec, "max-len", v);
                case "pool" -> {
                    if (!v.equals("mean") && !v.equals("last")) {
                        throw new ParameterException("model", spec, "pool must be mean or last, got '"
                                + v + "'");
                    }
                    mean = v.equals("mean");
                }
                default -> throw new ParameterException("model", spec, "unknown option '" + kv[0]
                        + "' (expected embed, max-len or pool)");
            }
        }
        return new RecurrentSpec(cell, m.group(1) != null, hidden, layers, embed, maxLen, mean);
    }

    private static int positive(String spec, String what, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new ParameterException("model", spec, what + " must be a positive integer, got '" + v
                + "'");
    }

    /** The embedding width given, or {@code dflt}. */
    public int embedOr(int dflt) {
        return embed > 0 ? embed : dflt;
    }

    /** The tokens kept per sequence given, or {@code dflt}. */
    public int maxLenOr(int dflt) {
        return maxLen > 0 ? maxLen : dflt;
    }

    /** The cell's name as in the spec: lstm, gru or rnn. */
    public String cellName() {
        return SequenceClassifier.cellName(cell);
    }
}

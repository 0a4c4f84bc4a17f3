package io.github.adagrad4j.data;

import java.util.Locale;

/**
 * A setting with a value that cannot be used, said in the library's words: the parameter (a
 * configuration field's name, such as {@code textColumns}), the value given, and what is wrong. The
 * message reads {@code text columns 'body': reviews.csv has no such column; ...}; a front end that
 * calls the setting something else (the command line's {@code --text-columns}) words it its own way
 * from {@link #parameter()}, {@link #value()} and {@link #problem()}.
 *
 * <pre>{@code
 * throw new ParameterException("textColumns", "body", "reviews.csv has no such column");
 * }</pre>
 */
public class ParameterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String parameter;
    private final String value;
    private final String problem;

    /**
     * @param parameter the setting's field name, camelCase ({@code textColumns}, {@code model})
     * @param value the value given, as text
     * @param problem what is wrong with it, and what was expected
     */
    public ParameterException(String parameter, String value, String problem) {
        super(words(parameter) + " '" + value + "': " + problem);
        this.parameter = parameter;
        this.value = value;
        this.problem = problem;
    }

    public String parameter() {
        return parameter;
    }

    public String value() {
        return value;
    }

    public String problem() {
        return problem;
    }

    /** {@code textColumns} as {@code text columns}. */
    static String words(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}

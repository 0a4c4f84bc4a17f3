package io.github.adagrad4j.data.table;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How a CSV table becomes features: which column is the label, which columns are categorical or
 * ignored, the cap on one-hot categories, what a missing numeric cell becomes, and whether
 * numeric columns are standardised. Column types not forced here are inferred from the training
 * file: a column is numeric when every non-missing cell is a finite number.
 *
 * <pre>{@code
 * TableOptions o = TableOptions.builder().labelColumn("churned").classification(true)
 *         .categorical(List.of("zip")).ignore(List.of("customer_id")).missing(MissingPolicy.MEDIAN).build();
 * }</pre>
 */
public final class TableOptions {
    /** What a missing numeric cell becomes. Categorical columns always get a "missing" category. */
    public enum MissingPolicy { ERROR, MEAN, MEDIAN, ZERO }

    /** Default {@link Builder#maxCategories}: one-hot slots per column before the tail is hashed. */
    public static final int DEFAULT_MAX_CATEGORIES = 100;

    final boolean header;
    final Character delimiter;
    final String labelName;
    final int labelIndex;
    final boolean classification;
    final Set<String> categorical;
    final Set<String> ignore;
    final Set<String> text;
    final int maxCategories;
    final MissingPolicy missing;
    final boolean standardize;

    private TableOptions(Builder b) {
        header = b.header;
        delimiter = b.delimiter;
        labelName = b.labelName;
        labelIndex = b.labelIndex;
        classification = b.classification;
        categorical = Set.copyOf(b.categorical);
        ignore = Set.copyOf(b.ignore);
        text = Set.copyOf(b.text);
        maxCategories = b.maxCategories;
        missing = b.missing;
        standardize = b.standardize;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link TableOptions}. */
    public static final class Builder {
        private boolean header = true;
        private Character delimiter;
        private String labelName;
        private int labelIndex = -1;
        private boolean classification = true;
        private final Set<String> categorical = new LinkedHashSet<>();
        private final Set<String> ignore = new LinkedHashSet<>();
        private final Set<String> text = new LinkedHashSet<>();
        private int maxCategories = DEFAULT_MAX_CATEGORIES;
        private MissingPolicy missing = MissingPolicy.MEAN;
        private boolean standardize = true;

        private Builder() {
        }

        /** Whether the first record names the columns (default true). */
        public Builder header(boolean header) {
            this.header = header;
            return this;
        }

        /** The delimiter; null (the default) sniffs it from the first line. */
        public Builder delimiter(Character delimiter) {
            this.delimiter = delimiter;
            return this;
        }

        /** The label column by header name. */
        public Builder labelColumn(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("label column name must be non-blank");
            }
            this.labelName = name;
            return this;
        }

        /** The label column by 0-based index, negative from the end (default -1: the last). */
        public Builder labelColumn(int index) {
            this.labelName = null;
            this.labelIndex = index;
            return this;
        }

        /** Classes (default) or a numeric regression target. */
        public Builder classification(boolean classification) {
            this.classification = classification;
            return this;
        }

        /** Columns one-hot encoded even where every value is a number (a zip code, say). */
        public Builder categorical(List<String> columns) {
            categorical.addAll(columns);
            return this;
        }

        /** Columns left out of the features (identifiers, leaks). */
        /**
         * Columns of free text, read as words (not categories) by text models. Without this, a
         * column is taken for text when most of its values are long, distinct and hold spaces.
         */
        public Builder text(List<String> columns) {
            text.addAll(columns);
            return this;
        }

        public Builder ignore(List<String> columns) {
            ignore.addAll(columns);
            return this;
        }

        /** Most frequent values of a categorical column that get their own slot; the rest share hashed slots. */
        public Builder maxCategories(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max categories must be >= 1, got " + max);
            }
            this.maxCategories = max;
            return this;
        }

        public Builder missing(MissingPolicy policy) {
            this.missing = java.util.Objects.requireNonNull(policy, "missing policy");
            return this;
        }

        /** Standardise numeric columns with the training file's mean and deviation (default true). */
        public Builder standardize(boolean standardize) {
            this.standardize = standardize;
            return this;
        }

        public TableOptions build() {
            return new TableOptions(this);
        }
    }
}

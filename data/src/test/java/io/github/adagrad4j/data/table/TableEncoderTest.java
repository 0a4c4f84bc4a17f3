package io.github.adagrad4j.data.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.Dataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableEncoderTest {
    static final Path CHURN = Path.of("../examples/data/churn.csv");
    static final Path CHURN_TEST = Path.of("../examples/data/churn-test.csv");

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, text.getBytes(StandardCharsets.UTF_8));
        return p;
    }

    @Test
    void infersTypesClassesAndIdentifiersFromTheChurnFile() throws IOException {
        TableEncoder.Fitted f = TableEncoder.fit(CHURN, TableOptions.builder().labelColumn("churned").build());
        TableEncoder e = f.encoder();
        assertThat(e.classes()).containsExactly("no", "yes");
        assertThat(f.data().count()).isEqualTo(1000);
        assertThat(e.notes()).anyMatch(n -> n.startsWith("column 'customer_id' ignored: every value differs"));
        assertThat(e.featureNames()).contains("age", "monthly_charges", "plan=basic", "plan=<missing>",
                "city=Portland, OR", "city=The \"Big\" Apple, NY", "city=<other>");
        // Standardised numeric columns: mean 0, deviation 1 over the training rows (missing cells imputed).
        int age = e.featureNames().indexOf("age");
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < 1000; i++) {
            float v = f.data().features()[i * e.featureCount() + age];
            sum += v;
            sq += v * v;
        }
        assertThat(sum / 1000).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(sq / 1000).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-4));
        // Every row has exactly one slot set per categorical column.
        int plan = 0;
        while (!e.featureNames().get(plan).startsWith("plan=")) {
            plan++;
        }
        for (int i = 0; i < 1000; i++) {
            float ones = 0;
            for (int k = 0; k < 5; k++) {
                ones += f.data().features()[i * e.featureCount() + plan + k];
            }
            assertThat(ones).isEqualTo(1);
        }
    }

    @Test
    void aSavedDescriptionEncodesExactlyAsTheFittedEncoder() throws IOException {
        TableEncoder e = TableEncoder.fit(CHURN, TableOptions.builder().maxCategories(5)
                .missing(TableOptions.MissingPolicy.MEDIAN).build()).encoder();
        TableEncoder back = TableEncoder.fromDescription(e.describe(), true);
        assertThat(back.describe()).isEqualTo(e.describe());
        Dataset a = e.read(CHURN_TEST);
        Dataset b = back.read(CHURN_TEST);
        assertThat(b.features()).containsExactly(a.features());
        assertThat(b.targets()).containsExactly(a.targets());
        assertThat(e.featureNames()).contains("referrer=<hashed 0>");
    }

    @Test
    void unseenCategoriesGoToTheOtherSlotAndColumnsMatchByName() throws IOException {
        Path train = write("t.csv", "a,color,y\n1,red,yes\n2,blue,no\n3,red,no\n4,,yes\n");
        TableEncoder e = TableEncoder.fit(train, TableOptions.builder().standardize(false).build()).encoder();
        assertThat(e.featureNames()).containsExactly("a", "color=red", "color=blue", "color=<other>", "color=<missing>");
        Path other = write("p.csv", "color;a\ngreen;7\n;NA\n");
        try (TableEncoder.Batches b = e.open(other, 10, false, null)) {
            TableEncoder.Batch batch = b.next();
            assertThat(batch.count()).isEqualTo(2);
            assertThat(batch.features()).containsExactly(7, 0, 0, 1, 0, 2.5f, 0, 0, 0, 1);
            assertThat(batch.lines()).containsExactly(2, 3);
        }
        assertThat(e.encode(Map.of("a", "5", "color", "blue"))).containsExactly(5, 0, 1, 0, 0);
    }

    @Test
    void readsQuotedFieldsBomCrlfTabsAndEmbeddedNewlines() throws IOException {
        Path p = write("q.tsv", "\uFEFFname\tnote\tv\r\n\"x\ty\"\t\"two\r\nlines\"\t1\r\nz\t\"say \"\"hi\"\"\"\t0\r\n");
        TableEncoder.Fitted f = TableEncoder.fit(p, TableOptions.builder().standardize(false).build());
        assertThat(f.encoder().featureNames()).contains("name=x\ty", "note=two\r\nlines", "note=say \"hi\"");
        assertThat(f.encoder().classes()).containsExactly("0", "1");
        assertThat(f.data().targets()).containsExactly(1, 0);
    }

    @Test
    void numericLabelsSortByValue() throws IOException {
        Path p = write("n.csv", "x,y\n1,10\n2,2\n3,2.0\n4,1\n");
        TableEncoder.Fitted f = TableEncoder.fit(p, TableOptions.builder().build());
        assertThat(f.encoder().classes()).containsExactly("1", "2", "10");
        assertThat(f.data().targets()).containsExactly(2, 1, 1, 0);
    }

    @Test
    void badInputNamesFileLineAndColumn() throws IOException {
        TableEncoder e = TableEncoder.fit(CHURN, TableOptions.builder().labelColumn("churned").build()).encoder();
        Path unseen = write("u.csv", Files.readString(CHURN).replaceFirst(",yes\r\n", ",maybe\r\n"));
        assertThatThrownBy(() -> e.read(unseen)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("u.csv line").hasMessageContaining("label 'maybe'")
                .hasMessageContaining("[no, yes]");
        Path renamed = write("r.csv", Files.readString(CHURN).replaceFirst("plan", "tier"));
        assertThatThrownBy(() -> e.read(renamed)).hasMessageContaining("column 'plan', which the model uses, is missing");
        Path text = write("x.csv", Files.readString(CHURN).replaceFirst("\r\nC0000000,\\d+,", "\r\nC0000000,old,"));
        assertThatThrownBy(() -> e.read(text)).hasMessageContaining("x.csv line 2: column 'age': expected a number, "
                + "found 'old'");
        Path ragged = write("g.csv", "a,b,y\n1,2,3\n4,5\n");
        assertThatThrownBy(() -> TableEncoder.fit(ragged, TableOptions.builder().build()))
                .hasMessageContaining("g.csv line 3: expected 3 columns, found 2");
        Path noLabel = write("l.csv", "a,y\n1,\n2,yes\n");
        assertThatThrownBy(() -> TableEncoder.fit(noLabel, TableOptions.builder().build()))
                .hasMessageContaining("l.csv line 2: label column 'y' is empty");
        Path strict = write("s.csv", "a,y\n1,no\n,yes\n");
        assertThatThrownBy(() -> TableEncoder.fit(strict, TableOptions.builder()
                .missing(TableOptions.MissingPolicy.ERROR).build())).hasMessageContaining("s.csv line 3: column 'a' is empty");
        assertThatThrownBy(() -> TableEncoder.fit(CHURN, TableOptions.builder().ignore(java.util.List.of("nope")).build()))
                .hasMessageContaining("ignore columns 'nope': ").hasMessageContaining("has no such column");
    }

    @Test
    void everyMissingValueSpellingIsReadAsMissing() throws IOException {
        // empty, NA, N/A, NaN, ?, null: the numeric column is imputed (mean of 2 and 4), the category gets its slot.
        Path f = write("m.csv", "a,c,y\n2,x,no\n4,x,yes\n,,no\nNA,NA,yes\nN/A,N/A,no\nNaN,NaN,yes\n?,?,no\nnull,null,yes\n");
        TableEncoder.Fitted fitted = TableEncoder.fit(f, TableOptions.builder().standardize(false).build());
        assertThat(TableEncoder.MISSING).containsExactly("", "NA", "N/A", "NaN", "?", "null");
        float[] x = fitted.data().features();
        int w = fitted.encoder().featureCount();
        for (int row = 2; row < 8; row++) {
            assertThat(x[row * w]).as("row %d's a", row).isEqualTo(3f);
            assertThat(java.util.Arrays.copyOfRange(x, row * w + 1, row * w + w))
                    .as("row %d's c", row).isEqualTo(java.util.Arrays.copyOfRange(x, 2 * w + 1, 3 * w));
        }
        assertThat(java.util.Arrays.copyOfRange(x, 1, w)).isNotEqualTo(java.util.Arrays.copyOfRange(x, 2 * w + 1, 3 * w));
    }

    @Test
    void descriptionsWithWrongFieldsAreRefusedByName() throws IOException {
        TableEncoder e = TableEncoder.fit(CHURN, TableOptions.builder().build()).encoder();
        Map<String, Object> d = new java.util.LinkedHashMap<>(e.describe());
        d.put("features", 3L);
        assertThatThrownBy(() -> TableEncoder.fromDescription(d, true)).hasMessageContaining("'features' says 3");
        d.remove("columns");
        assertThatThrownBy(() -> TableEncoder.fromDescription(d, true)).hasMessageContaining("'columns' is missing");
        assertThat(d).doesNotContainKey("columns");
    }
}

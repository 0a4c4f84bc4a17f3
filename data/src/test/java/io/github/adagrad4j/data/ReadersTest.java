package io.github.adagrad4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.adagrad4j.data.csv.CsvReader;
import io.github.adagrad4j.data.idx.IdxReader;
import io.github.adagrad4j.data.libsvm.LibSvmReader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadersTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void csvWithHeaderQuotedFieldsAndLabelByName() throws IOException {
        Path p = write("t.csv", "\"a\",\"the \"\"b\"\"\",y\n1,2,3\n\"4\", 5 ,6\n\n7,8,9\n");
        Dataset d = CsvReader.builder().labelColumn("y").build().read(p);
        assertThat(d.count()).isEqualTo(3);
        assertThat(d.exampleShape()).containsExactly(2);
        assertThat(d.features()).containsExactly(1, 2, 4, 5, 7, 8);
        assertThat(d.targets()).containsExactly(3, 6, 9);
        Dataset first = CsvReader.builder().labelColumn(0).build().read(p);
        assertThat(first.targets()).containsExactly(1, 4, 7);
    }

    @Test
    void csvErrorsNameFileLineAndColumn() throws IOException {
        Path short13 = write("train.csv", "a,b,c\n1,2,3\n4,5\n");
        assertThatThrownBy(() -> CsvReader.builder().build().read(short13)).isInstanceOf(DataFormatException.class)
                .hasMessage(short13 + " line 3: expected 3 columns, found 2");
        Path text = write("bad.csv", "a,b,c\n1,x2,3\n");
        assertThatThrownBy(() -> CsvReader.builder().build().read(text))
                .hasMessage(text + " line 2: column 2 ('b'): expected a finite number, found 'x2'");
        Path nan = write("nan.csv", "a,b\n1,NaN\n");
        assertThatThrownBy(() -> CsvReader.builder().build().read(nan)).hasMessageContaining("line 2: column 2");
        assertThatThrownBy(() -> CsvReader.builder().labelColumn("price").build().read(short13))
                .hasMessage(short13 + ": label column 'price' not found; the header has [a, b, c]");
        Path quote = write("q.csv", "a,b\n\"1,2\n");
        assertThatThrownBy(() -> CsvReader.builder().build().read(quote)).hasMessageContaining("line 2: expected 2 columns, found 1 (a quoted field runs over several lines: an unterminated quoted field?)");
        assertThatThrownBy(() -> CsvReader.builder().build().read(dir.resolve("missing.csv")))
                .hasMessageContaining("missing.csv").hasMessageContaining("file not found");
        assertThatThrownBy(() -> CsvReader.builder().labelColumn(5).build().read(short13))
                .hasMessageContaining("label column 5 does not exist");
    }

    private Path idx(String name, int magic, int[] dims, byte[] values, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(values);
        }
        Path p = dir.resolve(name);
        try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            o.write(bytes.toByteArray());
        }
        return p;
    }

    @Test
    void idxImagesAndLabelsGzippedOrPlain() throws IOException {
        Path images = idx("img.gz", 0x803, new int[] {2, 2, 3}, new byte[] {0, (byte) 255, 51, 0, 0, 0, 1, 2, 3, 4, 5, 6},
                true);
        Path labels = idx("lab", 0x801, new int[] {2}, new byte[] {7, 9}, false);
        Dataset d = IdxReader.read(images, labels);
        assertThat(d.count()).isEqualTo(2);
        assertThat(d.exampleShape()).containsExactly(2, 3);
        assertThat(d.features()[1]).isEqualTo(1f);
        assertThat((double) d.features()[2]).isCloseTo(0.2, within(1e-6));
        assertThat(d.targets()).containsExactly(7, 9);
    }

    @Test
    void idxWrongMagicOrTruncationIsReported() throws IOException {
        Path bad = idx("bad", 0x00000d03, new int[] {1, 1, 1}, new byte[] {0}, false);
        assertThatThrownBy(() -> IdxReader.readUbyte(bad)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("bad IDX magic number 0x00000d03");
        Path cut = idx("cut", 0x803, new int[] {10, 2, 2}, new byte[] {1, 2, 3}, false);
        assertThatThrownBy(() -> IdxReader.readUbyte(cut)).hasMessageContaining("truncated");
        Path labels = idx("lab", 0x801, new int[] {3}, new byte[] {1, 2, 3}, false);
        Path images = idx("img", 0x803, new int[] {2, 1, 1}, new byte[] {1, 2}, false);
        assertThatThrownBy(() -> IdxReader.read(images, labels)).hasMessageContaining("has 3 labels but");
    }

    @Test
    void libsvmDenseWithCommentsAndErrors() throws IOException {
        Path p = write("a.svm", "# comment\n1 1:0.5 3:2\n-1 2:1.5 # tail\n\n0 4:1\n");
        Dataset d = LibSvmReader.read(p, 0);
        assertThat(d.exampleShape()).containsExactly(4);
        assertThat(d.features()).containsExactly(0.5f, 0, 2, 0, 0, 1.5f, 0, 0, 0, 0, 0, 1);
        assertThat(d.targets()).containsExactly(1, -1, 0);
        LibSvmReader.Sparse csr = LibSvmReader.readCsr(p, 0);
        assertThat(csr.features().rowPtr()).containsExactly(0, 2, 3, 4);
        assertThat(csr.features().cols()).containsExactly(0, 2, 1, 3);
        assertThat(csr.features().values()).containsExactly(0.5f, 2, 1.5f, 1);
        assertThat(csr.labels()).containsExactly(1, -1, 0);
        Path bad = write("b.svm", "1 1:0.5\n1 3-2\n");
        assertThatThrownBy(() -> LibSvmReader.read(bad, 0)).hasMessage(bad + " line 2: token 1: expected index:value, found '3-2'");
        Path order = write("c.svm", "1 3:1 2:1\n");
        assertThatThrownBy(() -> LibSvmReader.read(order, 0)).hasMessageContaining("greater than the previous index 3");
        assertThatThrownBy(() -> LibSvmReader.read(p, 3)).hasMessageContaining("line 5: token 1: index 4 exceeds the feature count 3");
    }

    @Test
    void splitIsSeededAndScalerUsesTrainingStatisticsOnly() throws IOException {
        Dataset boston = Builtin.boston();
        assertThat(boston.count()).isEqualTo(506);
        assertThat(boston.exampleSize()).isEqualTo(13);
        Dataset.Split s = boston.split(0.2, 42);
        assertThat(s.test().count()).isEqualTo(102);
        assertThat(s.train().count()).isEqualTo(404);
        assertThat(boston.split(0.2, 42).test().targets()).containsExactly(s.test().targets());
        assertThat(boston.split(0.2, 43).test().targets()).isNotEqualTo(s.test().targets());
        StandardScaler scaler = StandardScaler.fit(s.train());
        Dataset train = scaler.transform(s.train());
        double mean = 0;
        double sq = 0;
        for (int i = 0; i < train.count(); i++) {
            float v = train.features()[i * 13 + 5];
            mean += v;
            sq += v * v;
        }
        assertThat(mean / train.count()).isCloseTo(0, within(1e-5));
        assertThat(sq / train.count()).isCloseTo(1, within(1e-4));
        Dataset digits = Builtin.digits();
        assertThat(digits.count()).isEqualTo(1797);
        assertThat(digits.exampleSize()).isEqualTo(64);
        assertThat(digits.targets()[0]).isEqualTo(0f);
    }
}

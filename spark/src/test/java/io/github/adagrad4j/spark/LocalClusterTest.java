package io.github.adagrad4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Real multi-process Spark: {@code local-cluster[2,1,1024]} runs a master and two workers in this
 * JVM and two executor JVMs launched from {@code SPARK_HOME/jars} (the Maven classpath, copied by
 * the build). Tasks, weights and gradients cross process boundaries; one executor is killed
 * mid-fit.
 */
class LocalClusterTest {
    private static final String MASTER = "local-cluster[2,1,1024]";

    @AfterAll
    static void backToLocal() {
        TestSpark.local();
    }

    @Test
    void anExecutorKilledMidFitEndsInTheSameModelAsAnUndisturbedRun() throws Exception {
        List<Row> rows = TestSpark.sparseBinary(6000, 1 << 18, 20, 13);
        AdaGradClassifier est = new AdaGradClassifier().setBatchSize(100).setMaxIter(2).setTol(0);

        SparkSession local = TestSpark.local();
        AdaGradClassificationModel inProcess = est.fit(TestSpark.frameInOrder(local, rows, 4));

        SparkSession cluster = TestSpark.session(MASTER);
        AdaGradClassificationModel undisturbed = est.fit(TestSpark.frameInOrder(cluster, rows, 4));
        assertThat(undisturbed.weights().coefficients()).isEqualTo(inProcess.weights().coefficients());

        AtomicInteger jobs = new AtomicInteger();
        cluster.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onJobEnd(SparkListenerJobEnd jobEnd) {
                jobs.incrementAndGet();
            }
        });
        List<ProcessHandle> executors = ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).toList();
        assertThat(executors).as("executor JVMs of local-cluster").hasSize(2);
        CompletableFuture<AdaGradClassificationModel> fit = CompletableFuture.supplyAsync(
                () -> est.fit(TestSpark.frameInOrder(cluster, rows, 4)));
        int start = jobs.get();
        while (jobs.get() < start + 15 && !fit.isDone()) {
            Thread.sleep(5);
        }
        assertThat(fit).as("the fit outlived the kill").isNotDone();
        executors.get(0).destroyForcibly();
        AdaGradClassificationModel survived = fit.get(240, TimeUnit.SECONDS);
        assertThat(executors.get(0).isAlive()).isFalse();
        assertThat(survived.weights().coefficients()).isEqualTo(undisturbed.weights().coefficients());
        assertThat(survived.intercept()).isEqualTo(undisturbed.intercept());
    }
}

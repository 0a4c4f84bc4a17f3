package io.github.adagrad4j.spark;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * Spark ML params for training a linear model with an adagrad4j update rule: the rule and its
 * options, epochs and mini-batches, the training mode, checkpoints. Each param has its no-arg
 * accessor (which Spark ML finds by reflection), a getter and a chainable setter.
 *
 * <pre>{@code
 * AdaGradClassifier lr = new AdaGradClassifier()
 *         .setOptimizer("adagrad").setLearningRate(0.1).setInitialAccumulator(0.1)
 *         .setMaxIter(20).setBatchSize(512).setTrainingMode("sync");
 * }</pre>
 *
 * @param <T> the estimator, returned by the setters
 */
public interface TrainingParams<T extends TrainingParams<T>> extends Params {
    /** The instance's param objects. */
    TrainingParamSet trainingParamSet();

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    default Param<String> optimizer() {
        return trainingParamSet().optimizer;
    }

    default String getOptimizer() {
        return getOrDefault(optimizer());
    }

    /** The update rule by name: adagrad, adagrad-keras, ftrl, adagrad-rda, proximal-adagrad, sgd, adam, ... */
    default T setOptimizer(String value) {
        set(optimizer(), value);
        trainingParamSet().ruleDefaults(this, value);
        return self();
    }

    default Param<String> optimizerOptions() {
        return trainingParamSet().optimizerOptions;
    }

    default String getOptimizerOptions() {
        return getOrDefault(optimizerOptions());
    }

    /** More options of the rule, {@code KEY=VALUE,...} as on the command line: {@code momentum=0.9,nesterov=true}. */
    default T setOptimizerOptions(String value) {
        set(optimizerOptions(), value);
        return self();
    }

    default DoubleParam learningRate() {
        return trainingParamSet().learningRate;
    }

    /** As set, else the optimizer's own default (what a fit uses). */
    default double getLearningRate() {
        return trainingParamSet().ruleValue(this, learningRate());
    }

    default T setLearningRate(double value) {
        set(learningRate(), value);
        return self();
    }

    default DoubleParam initialAccumulator() {
        return trainingParamSet().initialAccumulator;
    }

    /** As set, else the optimizer's own default (what a fit uses). */
    default double getInitialAccumulator() {
        return trainingParamSet().ruleValue(this, initialAccumulator());
    }

    default T setInitialAccumulator(double value) {
        set(initialAccumulator(), value);
        return self();
    }

    default DoubleParam eps() {
        return trainingParamSet().eps;
    }

    /** As set, else the optimizer's own default (what a fit uses). */
    default double getEps() {
        return trainingParamSet().ruleValue(this, eps());
    }

    default T setEps(double value) {
        set(eps(), value);
        return self();
    }

    default DoubleParam l1() {
        return trainingParamSet().l1;
    }

    /** As set, else the optimizer's own default (what a fit uses). */
    default double getL1() {
        return trainingParamSet().ruleValue(this, l1());
    }

    default T setL1(double value) {
        set(l1(), value);
        return self();
    }

    default DoubleParam l2() {
        return trainingParamSet().l2;
    }

    /** As set, else the optimizer's own default (what a fit uses). */
    default double getL2() {
        return trainingParamSet().ruleValue(this, l2());
    }

    default T setL2(double value) {
        set(l2(), value);
        return self();
    }

    default DoubleParam weightDecay() {
        return trainingParamSet().weightDecay;
    }

    /** As set, else the optimizer's own default (what a fit uses). */
    default double getWeightDecay() {
        return trainingParamSet().ruleValue(this, weightDecay());
    }

    default T setWeightDecay(double value) {
        set(weightDecay(), value);
        return self();
    }

    default IntParam maxIter() {
        return trainingParamSet().maxIter;
    }

    default int getMaxIter() {
        return (Integer) getOrDefault(maxIter());
    }

    /** Epochs (passes over the data). */
    default T setMaxIter(int value) {
        set(maxIter(), value);
        return self();
    }

    default IntParam batchSize() {
        return trainingParamSet().batchSize;
    }

    default int getBatchSize() {
        return (Integer) getOrDefault(batchSize());
    }

    /** Rows per partition per step. */
    default T setBatchSize(int value) {
        set(batchSize(), value);
        return self();
    }

    default DoubleParam miniBatchFraction() {
        return trainingParamSet().miniBatchFraction;
    }

    default double getMiniBatchFraction() {
        return (Double) getOrDefault(miniBatchFraction());
    }

    /** Fraction of each partition's rows per step (1: full batch); overrides batchSize when > 0. */
    default T setMiniBatchFraction(double value) {
        set(miniBatchFraction(), value);
        return self();
    }

    default DoubleParam tol() {
        return trainingParamSet().tol;
    }

    default double getTol() {
        return (Double) getOrDefault(tol());
    }

    default T setTol(double value) {
        set(tol(), value);
        return self();
    }

    default LongParam seed() {
        return trainingParamSet().seed;
    }

    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    default T setSeed(long value) {
        set(seed(), value);
        return self();
    }

    default BooleanParam fitIntercept() {
        return trainingParamSet().fitIntercept;
    }

    default boolean getFitIntercept() {
        return (Boolean) getOrDefault(fitIntercept());
    }

    default T setFitIntercept(boolean value) {
        set(fitIntercept(), value);
        return self();
    }

    default BooleanParam standardization() {
        return trainingParamSet().standardization;
    }

    default boolean getStandardization() {
        return (Boolean) getOrDefault(standardization());
    }

    default T setStandardization(boolean value) {
        set(standardization(), value);
        return self();
    }

    default IntParam aggregationDepth() {
        return trainingParamSet().aggregationDepth;
    }

    default int getAggregationDepth() {
        return (Integer) getOrDefault(aggregationDepth());
    }

    default T setAggregationDepth(int value) {
        set(aggregationDepth(), value);
        return self();
    }

    default IntParam checkpointInterval() {
        return trainingParamSet().checkpointInterval;
    }

    default int getCheckpointInterval() {
        return (Integer) getOrDefault(checkpointInterval());
    }

    /** Save model and optimizer state every this many epochs to {@link #checkpointDir()} (-1: never). */
    default T setCheckpointInterval(int value) {
        set(checkpointInterval(), value);
        return self();
    }

    default Param<String> checkpointDir() {
        return trainingParamSet().checkpointDir;
    }

    default String getCheckpointDir() {
        return getOrDefault(checkpointDir());
    }

    default T setCheckpointDir(String value) {
        set(checkpointDir(), value);
        return self();
    }

    default Param<String> trainingMode() {
        return trainingParamSet().trainingMode;
    }

    default String getTrainingMode() {
        return getOrDefault(trainingMode());
    }

    /** {@code sync} (one step per mini-batch across partitions) or {@code average} (local epochs, then averaging). */
    default T setTrainingMode(String value) {
        set(trainingMode(), value);
        return self();
    }

    default Param<String> weightCol() {
        return trainingParamSet().weightCol;
    }

    default String getWeightCol() {
        return getOrDefault(weightCol());
    }

    default T setWeightCol(String value) {
        set(weightCol(), value);
        return self();
    }
}

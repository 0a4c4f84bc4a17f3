package io.github.adagrad4j.cli;

import io.github.adagrad4j.optim.NonFinitePolicy;
import io.github.adagrad4j.optim.Rules;
import io.github.adagrad4j.optim.UpdateRule;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Every rule and option of {@code optim} as command-line options. An option that the chosen rule
 * does not have is an error, not silently ignored.
 */
final class OptimizerOptionsMixin {
    /** {@link Rules#NAMES} as a constant, for the help text (a test keeps the two equal). */
    static final String RULES = "adagrad, adagrad-keras, sgd, rmsprop, adam, adamw, adadelta, adamax, adabound, amsbound, "
            + "sparseadam, ftrl, adagrad-rda, proximal-adagrad";

    @Option(names = "--optimizer", defaultValue = "adagrad", paramLabel = "RULE",
            description = "Update rule: " + RULES + "; learn also takes kalman (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: the rule's PyTorch default).")
    Double lr;

    @Option(names = "--weight-decay", paramLabel = "L2", description = "Weight decay (L2; decoupled for adamw).")
    Double weightDecay;

    @Option(names = "--maximize", description = "Ascend instead of descend.")
    boolean maximize;

    @Option(names = "--eps", description = "Epsilon of the denominator.")
    Double eps;

    @Option(names = "--lr-decay", description = "AdaGrad: lr / (1 + (t-1) * lrDecay).")
    Double lrDecay;

    @Option(names = "--initial-accumulator", description = "AdaGrad: starting value of the squared-gradient sum.")
    Double initialAccumulator;

    @Option(names = "--eps-inside-sqrt", description = "AdaGrad: g / sqrt(G + eps) (Keras) instead of g / (sqrt(G) + eps).")
    boolean epsInsideSqrt;

    @Option(names = "--momentum", description = "SGD, RMSprop: momentum.")
    Double momentum;

    @Option(names = "--dampening", description = "SGD: dampening.")
    Double dampening;

    @Option(names = "--nesterov", description = "SGD: Nesterov momentum.")
    boolean nesterov;

    @Option(names = "--alpha", description = "RMSprop: decay of the squared-gradient average.")
    Double alpha;

    @Option(names = "--centered", description = "RMSprop: centered variant.")
    boolean centered;

    @Option(names = "--betas", split = ",", paramLabel = "B1,B2", description = "Adam, AdamW, Adamax, AdaBound: beta1,beta2.")
    double[] betas;

    @Option(names = "--amsgrad", description = "Adam, AdamW: AMSGrad.")
    boolean amsgrad;

    @Option(names = "--rho", description = "Adadelta: decay rate.")
    Double rho;

    @Option(names = "--final-lr", description = "AdaBound: the SGD rate the bounds converge to.")
    Double finalLr;

    @Option(names = "--gamma", description = "AdaBound: convergence speed of the bounds.")
    Double gamma;

    @Option(names = "--l1", description = "ftrl, adagrad-rda, proximal-adagrad: L1 strength (exact zeros).")
    Double l1;

    @Option(names = "--l2", description = "ftrl, adagrad-rda, proximal-adagrad: L2 strength.")
    Double l2;

    @Option(names = "--beta", description = "ftrl: beta (default 1).")
    Double beta;

    @Option(names = "--lr-power", description = "ftrl: TensorFlow's learning_rate_power (default -0.5).")
    Double lrPower;

    @Option(names = "--delta", description = "adagrad-rda: added to sqrt(G).")
    Double delta;

    @Option(names = "--prior-variance", paramLabel = "S0", description = "kalman (learn only): every weight's variance "
            + "before any example (default 0.25).")
    Double priorVariance;

    @Option(names = "--schedule", paramLabel = "SPEC", defaultValue = "constant", description = "Learning-rate schedule over "
            + "steps: constant, step:SIZE,GAMMA, multistep:GAMMA,M1,M2..., exponential:GAMMA, cosine:TMAX[,MIN], "
            + "warmup-cosine:WARMUP,TOTAL[,MIN[,START]], inverse-time:DECAY, exp-time:BETA, inverse-power:P (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--clip-norm", paramLabel = "MAX", description = "Clip gradients to this global 2-norm.")
    Double clipNorm;

    @Option(names = "--clip-value", paramLabel = "MAX", description = "Clamp gradient elements to [-MAX, MAX].")
    Double clipValue;

    @Option(names = "--threads", description = "Threads for the optimizer and the model's ops (default: all processors).")
    Integer threads;

    @Option(names = "--non-finite", defaultValue = "THROW", description = "On NaN/Inf gradients: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: the step is refused and nothing changes).")
    NonFinitePolicy nonFinite;

    UpdateRule rule() {
        return Rules.create(optimizer, given());
    }

    /** The rule's options given on the command line, as {@link Rules} takes them. */
    Map<String, String> given() {
        Map<String, String> given = new LinkedHashMap<>();
        put(given, "lr", lr);
        put(given, "weight-decay", weightDecay);
        put(given, "maximize", maximize);
        put(given, "eps", eps);
        put(given, "lr-decay", lrDecay);
        put(given, "initial-accumulator", initialAccumulator);
        put(given, "eps-inside-sqrt", epsInsideSqrt);
        put(given, "momentum", momentum);
        put(given, "dampening", dampening);
        put(given, "nesterov", nesterov);
        put(given, "alpha", alpha);
        put(given, "centered", centered);
        if (betas != null) {
            if (betas.length != 2) {
                throw new IllegalArgumentException("--betas takes two values, beta1,beta2; got " + betas.length);
            }
            given.put("betas", betas[0] + "," + betas[1]);
        }
        put(given, "amsgrad", amsgrad);
        put(given, "rho", rho);
        put(given, "final-lr", finalLr);
        put(given, "gamma", gamma);
        put(given, "l1", l1);
        put(given, "l2", l2);
        put(given, "beta", beta);
        put(given, "lr-power", lrPower);
        put(given, "delta", delta);
        put(given, "prior-variance", priorVariance);
        return given;
    }

    /** A flag counts as given when set; an option when it has a value. */
    private static void put(Map<String, String> given, String key, Object value) {
        if (value != null && !Boolean.FALSE.equals(value)) {
            given.put(key, value.toString());
        }
    }

}

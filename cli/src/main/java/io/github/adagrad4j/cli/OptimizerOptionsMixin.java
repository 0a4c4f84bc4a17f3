package io.github.adagrad4j.cli;

import io.github.adagrad4j.optim.AdaBound;
import io.github.adagrad4j.optim.AdaGrad;
import io.github.adagrad4j.optim.AdaGradRda;
import io.github.adagrad4j.optim.Ftrl;
import io.github.adagrad4j.optim.ProximalAdaGrad;
import io.github.adagrad4j.optim.SparseAdam;
import io.github.adagrad4j.optim.Adadelta;
import io.github.adagrad4j.optim.Adam;
import io.github.adagrad4j.optim.AdamW;
import io.github.adagrad4j.optim.Adamax;
import io.github.adagrad4j.optim.GradientClipping;
import io.github.adagrad4j.optim.NonFinitePolicy;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.RmsProp;
import io.github.adagrad4j.optim.RuleBuilder;
import io.github.adagrad4j.optim.Sgd;
import io.github.adagrad4j.optim.UpdateRule;
import io.github.adagrad4j.optim.schedule.LrSchedule;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Every rule and option of {@code optim} as command-line options. An option that the chosen rule
 * does not have is an error, not silently ignored.
 */
final class OptimizerOptionsMixin {
    static final String RULES = "adagrad, adagrad-keras, sgd, rmsprop, adam, adamw, adadelta, adamax, adabound, amsbound, "
            + "sparseadam, ftrl, adagrad-rda, proximal-adagrad";

    @Option(names = "--optimizer", defaultValue = "adagrad", paramLabel = "RULE",
            description = "Update rule: " + RULES + " (default: ${DEFAULT-VALUE}).")
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

    @Option(names = "--schedule", paramLabel = "SPEC", defaultValue = "constant", description = "Learning-rate schedule over "
            + "steps: constant, step:SIZE,GAMMA, multistep:GAMMA,M1,M2..., exponential:GAMMA, cosine:TMAX[,MIN], "
            + "warmup-cosine:WARMUP,TOTAL[,MIN[,START]], inverse-time:DECAY, exp-time:BETA.")
    String schedule;

    @Option(names = "--clip-norm", paramLabel = "MAX", description = "Clip gradients to this global 2-norm.")
    Double clipNorm;

    @Option(names = "--clip-value", paramLabel = "MAX", description = "Clamp gradient elements to [-MAX, MAX].")
    Double clipValue;

    @Option(names = "--threads", description = "Threads for the optimizer and the model's ops (default: all processors).")
    Integer threads;

    @Option(names = "--non-finite", defaultValue = "THROW", description = "On NaN/Inf gradients: ${COMPLETION-CANDIDATES}.")
    NonFinitePolicy nonFinite;

    UpdateRule rule() {
        List<String> unused = new ArrayList<>();
        UpdateRule r = switch (optimizer) {
            case "adagrad", "adagrad-keras" -> {
                AdaGrad.Builder b = optimizer.equals("adagrad") ? AdaGrad.builder() : AdaGrad.kerasBuilder();
                common(b);
                if (eps != null) b.eps(eps);
                if (lrDecay != null) b.lrDecay(lrDecay);
                if (initialAccumulator != null) b.initialAccumulator(initialAccumulator);
                if (epsInsideSqrt) b.epsInsideSqrt(true);
                yield b.build();
            }
            case "sgd" -> {
                Sgd.Builder b = Sgd.builder();
                common(b);
                if (momentum != null) b.momentum(momentum);
                if (dampening != null) b.dampening(dampening);
                b.nesterov(nesterov);
                yield b.build();
            }
            case "rmsprop" -> {
                RmsProp.Builder b = RmsProp.builder();
                common(b);
                if (eps != null) b.eps(eps);
                if (alpha != null) b.alpha(alpha);
                if (momentum != null) b.momentum(momentum);
                b.centered(centered);
                yield b.build();
            }
            case "adam", "adamw" -> {
                Adam.Builder b = optimizer.equals("adam") ? Adam.builder() : AdamW.builder();
                common(b);
                if (eps != null) b.eps(eps);
                if (betas != null) b.betas(beta(0), beta(1));
                b.amsgrad(amsgrad);
                yield b.build();
            }
            case "adadelta" -> {
                Adadelta.Builder b = Adadelta.builder();
                common(b);
                if (eps != null) b.eps(eps);
                if (rho != null) b.rho(rho);
                yield b.build();
            }
            case "adamax" -> {
                Adamax.Builder b = Adamax.builder();
                common(b);
                if (eps != null) b.eps(eps);
                if (betas != null) b.betas(beta(0), beta(1));
                yield b.build();
            }
            case "adabound", "amsbound" -> {
                AdaBound.Builder b = AdaBound.builder().amsbound(optimizer.equals("amsbound"));
                common(b);
                if (eps != null) b.eps(eps);
                if (betas != null) b.betas(beta(0), beta(1));
                if (finalLr != null) b.finalLr(finalLr);
                if (gamma != null) b.gamma(gamma);
                yield b.build();
            }
            case "sparseadam" -> {
                SparseAdam.Builder b = SparseAdam.builder();
                if (lr != null) b.lr(lr);
                if (eps != null) b.eps(eps);
                if (betas != null) b.betas(beta(0), beta(1));
                b.maximize(maximize);
                yield b.build();
            }
            case "ftrl" -> {
                Ftrl.Builder b = Ftrl.builder();
                if (lr != null) b.alpha(lr);
                if (beta != null) b.beta(beta);
                if (l1 != null) b.l1(l1);
                if (l2 != null) b.l2(l2);
                if (lrPower != null) b.lrPower(lrPower);
                if (initialAccumulator != null) b.initialAccumulator(initialAccumulator);
                yield b.build();
            }
            case "adagrad-rda" -> {
                AdaGradRda.Builder b = AdaGradRda.builder();
                if (lr != null) b.lr(lr);
                if (l1 != null) b.l1(l1);
                if (l2 != null) b.l2(l2);
                if (delta != null) b.delta(delta);
                yield b.build();
            }
            case "proximal-adagrad" -> {
                ProximalAdaGrad.Builder b = ProximalAdaGrad.builder();
                if (lr != null) b.lr(lr);
                if (l1 != null) b.l1(l1);
                if (l2 != null) b.l2(l2);
                if (eps != null) b.eps(eps);
                if (initialAccumulator != null) b.initialAccumulator(initialAccumulator);
                yield b.build();
            }
            default -> throw new IllegalArgumentException("unknown optimizer '" + optimizer + "'; expected one of " + RULES);
        };
        String name = r.name();
        boolean l1Rule = name.equals("ftrl") || name.equals("adagrad-rda") || name.equals("proximal-adagrad");
        boolean betasRule = name.startsWith("adam") || name.endsWith("bound") || name.equals("sparseadam");
        reject(unused, lrDecay != null || epsInsideSqrt, name.equals("adagrad"), name, "--lr-decay/--eps-inside-sqrt");
        reject(unused, initialAccumulator != null, name.equals("adagrad") || name.equals("ftrl")
                || name.equals("proximal-adagrad"), name, "--initial-accumulator");
        reject(unused, dampening != null || nesterov, name.equals("sgd"), name, "--dampening/--nesterov");
        reject(unused, momentum != null, name.equals("sgd") || name.equals("rmsprop"), name, "--momentum");
        reject(unused, alpha != null || centered, name.equals("rmsprop"), name, "--alpha/--centered");
        reject(unused, amsgrad, name.equals("adam") || name.equals("adamw"), name, "--amsgrad");
        reject(unused, rho != null, name.equals("adadelta"), name, "--rho");
        reject(unused, finalLr != null || gamma != null, name.endsWith("bound"), name, "--final-lr/--gamma");
        reject(unused, betas != null, betasRule, name, "--betas");
        reject(unused, eps != null, !name.equals("sgd") && !name.equals("ftrl") && !name.equals("adagrad-rda"), name,
                "--eps");
        reject(unused, l1 != null || l2 != null, l1Rule, name, "--l1/--l2");
        reject(unused, beta != null || lrPower != null, name.equals("ftrl"), name, "--beta/--lr-power");
        reject(unused, delta != null, name.equals("adagrad-rda"), name, "--delta");
        reject(unused, weightDecay != null, !l1Rule && !name.equals("sparseadam"), name, "--weight-decay (use --l2)");
        reject(unused, maximize, !l1Rule, name, "--maximize");
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", unused));
        }
        return r;
    }

    private static void reject(List<String> problems, boolean given, boolean applies, String chosen, String option) {
        if (given && !applies) {
            problems.add(option + " does not apply to optimizer '" + chosen + "'");
        }
    }

    private double beta(int i) {
        if (betas.length != 2) {
            throw new IllegalArgumentException("--betas takes two values, beta1,beta2; got " + betas.length);
        }
        return betas[i];
    }

    private <B extends RuleBuilder<B, ?>> void common(RuleBuilder<B, ?> b) {
        if (lr != null) b.lr(lr);
        if (weightDecay != null) b.weightDecay(weightDecay);
        b.maximize(maximize);
    }

    OptimizerOptions options() {
        OptimizerOptions.Builder b = OptimizerOptions.builder().schedule(parseSchedule(schedule)).nonFinite(nonFinite);
        if (threads != null) b.threads(threads);
        if (clipNorm != null && clipValue != null) {
            throw new IllegalArgumentException("give --clip-norm or --clip-value, not both");
        }
        if (clipNorm != null) b.clipping(GradientClipping.globalNorm(clipNorm));
        if (clipValue != null) b.clipping(GradientClipping.value(clipValue));
        return b.build();
    }

    static LrSchedule parseSchedule(String spec) {
        String[] kv = spec.split(":", 2);
        String[] a = kv.length > 1 ? kv[1].split(",") : new String[0];
        try {
            return switch (kv[0]) {
                case "constant" -> LrSchedule.constant();
                case "step" -> LrSchedule.step(Long.parseLong(a[0]), Double.parseDouble(a[1]));
                case "multistep" -> {
                    long[] m = new long[a.length - 1];
                    for (int i = 1; i < a.length; i++) {
                        m[i - 1] = Long.parseLong(a[i]);
                    }
                    yield LrSchedule.multiStep(Double.parseDouble(a[0]), m);
                }
                case "exponential" -> LrSchedule.exponential(Double.parseDouble(a[0]));
                case "cosine" -> LrSchedule.cosine(Long.parseLong(a[0]), a.length > 1 ? Double.parseDouble(a[1]) : 0);
                case "warmup-cosine" -> LrSchedule.warmupCosine(Long.parseLong(a[0]), Long.parseLong(a[1]),
                        a.length > 2 ? Double.parseDouble(a[2]) : 0, a.length > 3 ? Double.parseDouble(a[3]) : 0.01);
                case "inverse-time" -> LrSchedule.inverseTime(Double.parseDouble(a[0]));
                case "exp-time" -> LrSchedule.exponentialTime(Double.parseDouble(a[0]));
                default -> throw new IllegalArgumentException("unknown schedule '" + spec + "'");
            };
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            throw new IllegalArgumentException("bad --schedule '" + spec + "': see --help for the forms");
        }
    }
}

package io.github.adagrad4j.train;

import io.github.adagrad4j.data.ParameterException;
import io.github.adagrad4j.optim.schedule.LrSchedule;

/**
 * Learning-rate schedules by name, as configurations and the command line write them:
 * {@code constant}, {@code step:STEPS,GAMMA}, {@code multistep:GAMMA,M1,M2...},
 * {@code exponential:GAMMA}, {@code cosine:T[,MIN]}, {@code warmup-cosine:W,T[,MIN,START]},
 * {@code inverse-time:DECAY}, {@code exp-time:DECAY}, {@code inverse-power:POWER}.
 *
 * <pre>{@code
 * LrSchedule s = Schedules.parse("warmup-cosine:500,10000");
 * }</pre>
 */
public final class Schedules {
    private Schedules() {
    }

    public static LrSchedule parse(String spec) {
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
                case "inverse-power" -> LrSchedule.inversePower(Double.parseDouble(a[0]));
                default -> throw new ParameterException("schedule", spec, "unknown schedule; expected constant, step:STEPS,GAMMA, "
                        + "multistep:GAMMA,M1,..., exponential:GAMMA, cosine:T[,MIN], warmup-cosine:W,T[,MIN,START], "
                        + "inverse-time:DECAY, exp-time:DECAY or inverse-power:POWER");
            };
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            throw new ParameterException("schedule", spec, "its numbers are missing or malformed");
        }
    }
}

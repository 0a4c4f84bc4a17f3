package io.github.adagrad4j.optim;

import java.util.List;

/**
 * The optimizer state of one parameter: one float array per slot (AdaGrad's {@code sum},
 * Adam's {@code exp_avg} and {@code exp_avg_sq}, ...) and the number of steps taken.
 *
 * <p>Slot names follow PyTorch's {@code state_dict} names so traces and checkpoints line up.
 * The arrays are live: reading them shows the current state, and writing them (as a checkpoint
 * load does) changes what the next step sees.
 *
 * <pre>{@code
 * float[] sum = optimizer.state("fc1.weight").slot("sum");
 * long t = optimizer.state("fc1.weight").step();
 * }</pre>
 */
public final class ParamState {
    private final String name;
    private final List<String> slotNames;
    final float[][] slots;
    final StepContext context = new StepContext();
    long step;
    /** Gathered rows of a sparse step: the weights, then one per slot; reused and grown as needed. */
    float[] gatheredWeights = new float[0];
    /** An observation's gradient, for a rule that steps on gradients; reused and grown as needed. */
    float[] observedGradient = new float[0];
    /** A sparse step's coalesced rows, where their values are, repeated rows' sums, and values copied in row order; reused and grown as needed. */
    int[] coalescedRows = new int[0];
    int[] coalescedAt = new int[0];
    float[] coalescedSums = new float[0];
    float[] coalescedValues = new float[0];
    /** Sort buffers of a sparse step's coalescing. */
    long[] sortKeys = new long[0];
    long[] sortSpare = new long[0];
    final int[] radixCounts = new int[SparseGradient.RADIX];
    float[][] gatheredSlots;

    ParamState(String name, UpdateRule rule, int size) {
        this.name = name;
        this.slotNames = rule.slotNames();
        this.slots = new float[slotNames.size()][];
        this.gatheredSlots = new float[slots.length][0];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new float[size];
            float init = rule.initialValue(i);
            if (init != 0f) {
                java.util.Arrays.fill(slots[i], init);
            }
        }
    }

    /** The parameter this state belongs to. */
    public String name() {
        return name;
    }

    public List<String> slotNames() {
        return slotNames;
    }

    /**
     * The live array of a slot.
     *
     * @throws IllegalArgumentException naming the slots that exist when {@code slot} is not one
     */
    public float[] slot(String slot) {
        int i = slotNames.indexOf(slot);
        if (i < 0) {
            throw new IllegalArgumentException("parameter '" + name + "' has no optimizer slot '" + slot
                    + "'; its slots are " + slotNames);
        }
        return slots[i];
    }

    /** Number of updates applied to this parameter. */
    public long step() {
        return step;
    }

    /** Sets the step count, as when restoring a checkpoint. */
    public void setStep(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step of '" + name + "' must be >= 0, got " + step);
        }
        this.step = step;
    }

    int size() {
        return slots.length == 0 ? -1 : slots[0].length;
    }
}

package io.github.adagrad4j.bench;

import io.github.adagrad4j.optim.AdaGrad;
import io.github.adagrad4j.optim.Adam;
import io.github.adagrad4j.optim.RmsProp;
import io.github.adagrad4j.optim.Sgd;
import io.github.adagrad4j.optim.UpdateRule;

/** The benchmarked rules by name, configured as the matching torch.optim defaults. */
final class Rules {
    private Rules() {
    }

    static UpdateRule byName(String name) {
        return switch (name) {
            case "adagrad" -> new AdaGrad(0.01);
            case "adam" -> new Adam(0.001);
            // torch.optim.AdamW's defaults: lr 1e-3, weight decay 0.01 (decoupled).
            case "adamw" -> io.github.adagrad4j.optim.AdamW.builder().lr(0.001).build();
            case "rmsprop" -> new RmsProp(0.01);
            case "sgd-momentum" -> Sgd.builder().lr(0.01).momentum(0.9).build();
            default -> throw new IllegalArgumentException("unknown rule '" + name
                    + "'; expected adagrad, adam, adamw, rmsprop or sgd-momentum");
        };
    }
}

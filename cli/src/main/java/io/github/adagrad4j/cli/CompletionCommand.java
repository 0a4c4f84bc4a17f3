package io.github.adagrad4j.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code adagrad4j completion bash}: the bash completion script of every command and option,
 * generated from the same definitions the parser uses (picocli's {@link AutoComplete}), so it
 * never falls behind a new option.
 *
 * <pre>
 * bin/adagrad4j completion bash &gt; ~/.local/share/bash-completion/completions/adagrad4j
 * source &lt;(bin/adagrad4j completion bash)      # this shell only
 * </pre>
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a shell completion script for adagrad4j: "
                + "'source <(adagrad4j completion bash)', or save it to ~/.local/share/bash-completion/completions/adagrad4j.")
final class CompletionCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "The shell: bash (zsh reads it too, after "
            + "'autoload -U +X bashcompinit && bashcompinit').")
    String shell;

    @Override
    public Integer call() {
        if (!shell.equals("bash")) {
            throw new IllegalArgumentException("completion for '" + shell + "' is not available; bash is (zsh can "
                    + "load the bash script through bashcompinit)");
        }
        spec.commandLine().getOut().print(AutoComplete.bash("adagrad4j", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}

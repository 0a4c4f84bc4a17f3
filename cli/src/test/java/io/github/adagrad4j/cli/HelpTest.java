package io.github.adagrad4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What --help says: every option of every command described, with its default where it has one. */
class HelpTest {
    private static List<CommandLine> all(CommandLine c) {
        List<CommandLine> out = new ArrayList<>(List.of(c));
        c.getSubcommands().values().forEach(s -> out.addAll(all(s)));
        return out;
    }

    @Test
    void everyOptionHasADescriptionAndNamesItsDefault() {
        List<String> blank = new ArrayList<>();
        List<String> silentDefault = new ArrayList<>();
        for (CommandLine c : all(Main.commandLine())) {
            for (CommandLine.Model.OptionSpec o : c.getCommandSpec().options()) {
                String name = c.getCommandSpec().qualifiedName() + " " + o.longestName();
                String text = String.join(" ", o.description()).trim();
                if (text.isEmpty()) {
                    blank.add(name);
                }
                boolean flag = o.type() == boolean.class || o.type() == Boolean.class;
                if (o.defaultValue() != null && !flag && !text.toLowerCase(java.util.Locale.ROOT).contains("default")) {
                    silentDefault.add(name + " (default " + o.defaultValue() + ")");
                }
            }
            for (CommandLine.Model.PositionalParamSpec p : c.getCommandSpec().positionalParameters()) {
                if (String.join(" ", p.description()).isBlank()) {
                    blank.add(c.getCommandSpec().qualifiedName() + " " + p.paramLabel());
                }
            }
        }
        assertThat(blank).as("options without a description").isEmpty();
        assertThat(silentDefault).as("options whose help does not give their default").isEmpty();
    }

    /**
     * docs/help/COMMAND.txt, which the README's command table links to, is what --help prints now.
     * After changing an option: {@code mvn -pl cli test -Dtest=HelpTest -Dadagrad4j.writeHelp=true}.
     */
    @Test
    void theHelpPagesInDocsAreCurrent() throws java.io.IOException {
        java.nio.file.Path docs = java.nio.file.Path.of("../docs/help");
        boolean write = Boolean.getBoolean("adagrad4j.writeHelp");
        List<String> stale = new ArrayList<>();
        CommandLine root = Main.commandLine();
        java.util.Map<String, CommandLine> pages = new java.util.TreeMap<>(root.getSubcommands());
        pages.remove("help");
        pages.put("adagrad4j", root);
        for (java.util.Map.Entry<String, CommandLine> e : pages.entrySet()) {
            String text = e.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF);
            java.nio.file.Path file = docs.resolve(e.getKey() + ".txt");
            if (write) {
                java.nio.file.Files.createDirectories(docs);
                java.nio.file.Files.writeString(file, text);
            } else if (!java.nio.file.Files.exists(file) || !java.nio.file.Files.readString(file).equals(text)) {
                stale.add(file.toString());
            }
        }
        assertThat(stale).as("help pages that differ from --help; regenerate them with "
                + "mvn -pl cli test -Dtest=HelpTest -Dadagrad4j.writeHelp=true").isEmpty();
    }

    @Test
    void bashCompletionCoversEveryCommandAndOption() {
        CliRun r = CliRun.of("completion", "bash");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_adagrad4j")
                .contains("spark-train", "--optimizers", "--text-columns", "--max-categories", "completion");
        CliRun zsh = CliRun.of("completion", "fish");
        assertThat(zsh.code()).isEqualTo(1);
        assertThat(zsh.err()).startsWith("error: completion for 'fish' is not available");
    }
}

package io.github.adagrad4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.api.RootLoggerComponentBuilder;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Where Spark's own log lines go during {@code spark-train}: to {@code spark.log} in the output
 * folder, at info, with times; on the terminal only with {@code --verbose} (at the level shown,
 * in the one format of our own log lines, {@code LEVEL: message}). Spark logs through Log4j 2,
 * which Spark brings; this configures it before the session starts.
 */
final class SparkLogs {
    private SparkLogs() {
    }

    /**
     * @param file the log file (its folder is created)
     * @param terminalLevel error, warn, info or debug: Spark's lines shown on standard error, or null for none
     */
    static void configure(Path file, String terminalLevel) throws java.io.IOException {
        // The CLI's jar brings an SLF4J provider for serve's Jetty; Spark's lines go to Log4j, named here so that
        // SLF4J neither picks by class-path order nor warns of two providers.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.apache.logging.slf4j.SLF4JServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setStatusLevel(Level.ERROR);
        b.setConfigurationName("adagrad4j spark-train");
        b.add(b.newAppender("file", "File").addAttribute("fileName", file.toString()).addAttribute("append", true)
                .add(b.newLayout("PatternLayout").addAttribute("pattern", "%d{yyyy-MM-dd HH:mm:ss} %p %c{1}: %m%n%ex")));
        RootLoggerComponentBuilder root = b.newRootLogger(Level.INFO).add(b.newAppenderRef("file"));
        if (terminalLevel != null) {
            b.add(b.newAppender("terminal", "Console").addAttribute("target", ConsoleAppender.Target.SYSTEM_ERR)
                    .add(b.newLayout("PatternLayout").addAttribute("pattern", "%p: %m%n%ex"))
                    .add(b.newFilter("ThresholdFilter", "ACCEPT", "DENY").addAttribute("level",
                            Level.valueOf(terminalLevel.equals("warn") ? "WARN" : terminalLevel.toUpperCase(
                                    java.util.Locale.ROOT)))));
            root.add(b.newAppenderRef("terminal"));
        }
        b.add(root);
        // Spark's noisiest loggers at their own defaults (log4j2-defaults.properties keeps them at warn).
        b.add(b.newLogger("org.sparkproject.jetty", Level.WARN));
        b.add(b.newLogger("org.apache.hadoop.util.NativeCodeLoader", Level.ERROR));
        Configurator.reconfigure(b.build());
    }
}

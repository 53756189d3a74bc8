package io.hotcert.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The configuration file cannot be used. Carries every problem found, so that one run of
 * {@code check-config} shows the user all there is to fix.
 */
public class ConfigException extends Exception {

    private final Path file;
    private final List<String> problems;

    public ConfigException(Path file, List<String> problems) {
        super(describe(file, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a configuration error needs at least one problem");
        }
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    /** The configuration file the problems are in. */
    public Path file() {
        return file;
    }

    /** One entry per problem, each naming the key, the bad value and what is expected. */
    public List<String> problems() {
        return problems;
    }

    private static String describe(Path file, List<String> problems) {
        if (problems.size() == 1) {
            return file + ": " + problems.get(0);
        }
        var message = new StringBuilder().append(file).append(": ").append(problems.size()).append(" problems:");
        problems.forEach(problem -> message.append("\n  - ").append(problem));
        return message.toString();
    }
}

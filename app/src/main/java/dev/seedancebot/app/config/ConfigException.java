package dev.seedancebot.app.config;

import java.util.List;

/**
 * The configuration cannot be used. {@link #problems()} lists every problem found in one pass, each naming the key,
 * the bad value and the fix; {@link #getMessage()} joins them under the file they came from.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super(render(source, problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String source, String problem) {
        this(source, List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }

    private static String render(String source, List<String> problems) {
        if (problems.size() == 1) {
            return "Configuration error (" + source + "): " + problems.get(0);
        }
        return problems.size() + " configuration errors (" + source + "):\n  - " + String.join("\n  - ", problems);
    }
}

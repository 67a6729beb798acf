package dev.seedancebot.core.media.fit;

import java.text.Normalizer;
import java.util.Locale;

/**
 * File names for posted results: the prompt's first words and the task id, so that a saved video says what it shows
 * and which task made it. ASCII letters and digits only: platforms and file systems differ on everything else, and
 * a prompt may hold path separators or control characters.
 */
public final class ResultNames {
    private static final int MAX_WORDS = 6;
    private static final int MAX_CHARS = 48;

    private ResultNames() {}

    /** E.g. {@code a-cat-surfing-a-big-wave-t7k2m9q.mp4}; {@code seedance-t7k2m9q.mp4} for a prompt without words. */
    public static String fileName(String prompt, String taskId) {
        String id = taskId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String plain = Normalizer.normalize(prompt == null ? "" : prompt, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT);
        StringBuilder name = new StringBuilder();
        int words = 0;
        for (String word : plain.split("[^a-z0-9]+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (words == MAX_WORDS || name.length() + word.length() + 1 > MAX_CHARS) {
                break;
            }
            name.append(word).append('-');
            words++;
        }
        return (words == 0 ? "seedance-" : name.toString()) + id + ".mp4";
    }
}
